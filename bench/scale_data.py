"""The large partnership of bench/scale.py, built on top of the demo with bulk_create.

build(fraction=1.0) brings the partnership to 30 reporting years (1993-94 to 2022-23: a
region's decades), 60 agencies and 100 more indicators, gives every agency owning an indicator an
accepted return for every quarter of those years (with a value per indicator and three
transitions), and adds, spread over the thirty years, at least 100 times the demo's rows of
every table that grows with time (issue 17):
rapid reviews (with children, agency summaries and four theme tags each), practice reviews
with recommendations and actions, priority-group meetings with each agency's attendance,
training sessions with bookings and evaluations, 2,200,000 e-learning completions, feedback
items (with themes), case studies and you said / we did, and the history rows each of these
would have (simple_history's bulk_history_create: one a record, four a return). The reported year
(2021-22) so holds about four times the demo's own rows, as a region's partnership would, and
its history a hundred times. The demo has 31 returns with 110 values and 84 transitions, 21,610
completions (each with its history row), 7 practice reviews, 7 actions, 14 meetings, 152
attendance rows, 9 sessions, 128 bookings, 89 evaluations, 4 feedback items.

`fraction` scales every volume but the returns (--quick uses 0.1). Rows are made in batches
so memory stays flat at the full size.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

BATCH = 5000
YEARS = range(1993, 2023)
AGENCIES = 60
INDICATORS = 100  # retired (inactive) before 2021-22: in the sets of 1993-94 to 2020-21 only
RECENT = (2021, 2022)  # the years whose set is the demo's indicators alone
INDICATOR_OWNERS = 30  # 30 agencies x 28 years x 4 quarters: 3,360 returns
RAPID_REVIEWS = 1_000
PRACTICE_REVIEWS = 1_000  # each with one recommendation and an action
MEETINGS = 1_500  # each with 11 agencies' attendance
ATTENDING_AGENCIES = 11
SESSIONS = 1_000  # each with 13 bookings, 9 of them attended and evaluated
BOOKINGS_PER_SESSION = 13
COMPLETIONS = 2_200_000
FEEDBACK_ITEMS = 5_000
CASE_STUDIES = 200
YOU_SAID_WE_DID = 400


def _years():
    from cscp.models import ReportingYear

    for start in YEARS:
        ReportingYear.objects.get_or_create(start_year=start)
    return list(ReportingYear.objects.filter(start_year__in=YEARS).order_by("start_year"))


def _agencies():
    from cscp.models import Agency

    kinds = [k for k, _ in Agency.Kind.choices]
    missing = AGENCIES - Agency.objects.count()
    Agency.objects.bulk_create(
        Agency(name=f"Bench agency {i}", short_name=f"Bench {i}", kind=kinds[i % len(kinds)])
        for i in range(max(missing, 0))
    )
    return list(Agency.objects.order_by("pk"))


def _indicators(agencies, years) -> None:
    """Bench indicators for the older years; each year gets its indicator set, so 2021-22 and
    2022-23 show the demo's indicators at both sizes (history grows, the year does not)."""
    from datasets.models import Indicator, YearIndicator

    demo = list(Indicator.objects.filter(active=True))
    bench_agencies = [a for a in agencies if a.name.startswith("Bench agency")] or agencies
    owners = bench_agencies[:INDICATOR_OWNERS]
    bench = Indicator.objects.bulk_create(
        Indicator(
            code=f"BENCH_{i:02d}",
            name=f"Bench indicator {i}",
            owner=owners[i % len(owners)],
            unit=Indicator.Unit.COUNT,
            basis=Indicator.Basis.IN_QUARTER,
            polarity=Indicator.Polarity.NEITHER,
            order=100 + i,
            # Retired: a year without a set of its own (the demo's later years) offers the
            # active indicators, which the partnership enters today.
            active=False,
        )
        for i in range(INDICATORS)
    )
    YearIndicator.objects.bulk_create(
        (
            YearIndicator(year=y, indicator=ind, version=1)
            for y in years
            for ind in (demo if y.start_year in RECENT else demo + bench)
        ),
        batch_size=BATCH,
    )


def _returns(years, support) -> int:
    from datasets import services
    from datasets.models import (
        Comparator,
        Indicator,
        Population,
        Return,
        ReturnTransition,
        ReturnValue,
    )

    Population.objects.bulk_create(
        (Population(year=y, under_18=90000 + 100 * i) for i, y in enumerate(years)),
        ignore_conflicts=True,
    )
    indicators = list(Indicator.objects.all())  # retired ones too: their years had them
    Comparator.objects.bulk_create(
        (
            Comparator(indicator=ind, year=y, london=Decimal("100.0"), england=Decimal("90.0"))
            for ind in indicators
            for y in years
        ),
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    # Per year: each agency's indicators to enter (the year's set).
    entered: dict[tuple[int, int], list] = {}
    for y in years:
        for ind in indicators:
            if ind in services.enterable_indicators(ind.owner_id, y):
                entered.setdefault((ind.owner_id, y.pk), []).append(ind)
    existing = set(Return.objects.values_list("agency_id", "year_id", "quarter"))
    returns = Return.objects.bulk_create(
        (
            Return(agency_id=a, year_id=y, quarter=q, status=Return.Status.ACCEPTED, version=1)
            for a, y in entered
            for q in (1, 2, 3, 4)
            if (a, y, q) not in existing
        ),
        batch_size=BATCH,
    )
    values = ReturnValue.objects.bulk_create(
        (
            ReturnValue(ret=r, indicator=ind, value=Decimal(10 + (r.pk + ind.pk) % 500))
            for r in returns
            for ind in entered[(r.agency_id, r.year_id)]
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    transitions = ReturnTransition.objects.bulk_create(
        (
            ReturnTransition(ret=r, from_status=a, to_status=b, by=support, at=now)
            for r in returns
            for a, b in (
                ("not_started", "draft"),
                ("draft", "submitted"),
                ("submitted", "accepted"),
            )
        ),
        batch_size=BATCH,
    )
    # A return's history as its workflow writes it: created, saved as a draft, submitted and
    # accepted (the demo's 31 returns have 126 history rows).
    _with_history(Return, returns, changes=3)
    _with_history(ReturnValue, values)
    _with_history(ReturnTransition, transitions)
    return len(returns)


def _rapid_reviews(n: int, years, agencies, themes) -> None:
    from reviews.models import (
        Cohort,
        HarmCategory,
        RapidReview,
        RapidReviewAgency,
        RapidReviewChild,
        ReviewTheme,
    )

    harms = HarmCategory.values
    reviews = RapidReview.objects.bulk_create(
        (
            RapidReview(
                reference=f"BENCH-RR-{i:05d}",
                year=years[i % len(years)],
                la_aware_on=(day := years[i % len(years)].start + dt.timedelta(days=i % 340)),
                notification_sent_on=day + dt.timedelta(days=3),
                meeting_on=day + dt.timedelta(days=12),
                submitted_to_panel_on=day + dt.timedelta(days=18),
                incident_type=RapidReview.IncidentType.SERIOUS_HARM,
                harm_categories=[harms[i % len(harms)]],
                decision=RapidReview.Decision.NO_FURTHER,
                decision_rationale="Learning can be taken forward without a review.",
                learning="Professional curiosity.",
                version=1,
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    children = RapidReviewChild.objects.bulk_create(
        (
            RapidReviewChild(rapid_review=r, age_band="5_9", sex="female")
            for i, r in enumerate(reviews)
            for _ in range(1 + i % 2)
        ),
        batch_size=BATCH,
    )
    summaries = RapidReviewAgency.objects.bulk_create(
        (
            RapidReviewAgency(
                rapid_review=r,
                agency=agencies[(i + k) % len(agencies)],
                requested_on=r.la_aware_on,
                received_on=r.la_aware_on + dt.timedelta(days=5),
                summary="Chronology and analysis.",
            )
            for i, r in enumerate(reviews)
            for k in range(3)
        ),
        batch_size=BATCH,
    )
    cohorts = Cohort.values
    tags = ReviewTheme.objects.bulk_create(
        (
            ReviewTheme(
                rapid_review=r,
                theme=themes[(i + k) % len(themes)],
                cohort=cohorts[(i + k) % len(cohorts)],
            )
            for i, r in enumerate(reviews)
            for k in range(4)
        ),
        batch_size=BATCH,
    )
    for model, rows in (
        (RapidReview, reviews),
        (RapidReviewChild, children),
        (RapidReviewAgency, summaries),
        (ReviewTheme, tags),
    ):
        _with_history(model, rows)


def _chunks(n: int, size: int = 50_000):
    for first in range(0, n, size):
        yield range(first, min(first + size, n))


def _with_history(model, objects, *, changes: int = 0) -> None:
    """History rows for bulk-created rows, as the demo's own rows have: one for the creation
    and `changes` more (type "~"), as later saves write them. A model without history has
    none to write."""
    if not hasattr(model, "history"):
        return
    model.history.bulk_history_create(objects, batch_size=BATCH, default_date=timezone.now())
    for _ in range(changes):
        model.history.bulk_history_create(
            objects, batch_size=BATCH, default_date=timezone.now(), update=True
        )


def _completions(n: int, years, agencies, support) -> None:
    """Completions as the e-learning import writes them (training.services: COPY on
    PostgreSQL, batched INSERTs on SQLite, then one INSERT ... SELECT of their history rows):
    the ORM's per-object work was most of the build at 2.2 million rows."""
    from training import services
    from training.models import Course, Delivery, ImportBatch

    courses = list(Course.objects.filter(delivery=Delivery.E_LEARNING)) or list(
        Course.objects.all()
    )
    for chunk in _chunks(n):
        batch = ImportBatch.objects.create(
            filename=f"bench-completions-{chunk.start}.csv",
            uploaded_by=support,
            status=ImportBatch.Status.IMPORTED,
            row_count=len(chunk),
            imported_at=timezone.now(),
        )
        services.completions_insert(
            [
                (
                    f"Bench learner {i}",
                    f"bench.learner{i}@learners.example.org",
                    agencies[i % len(agencies)].pk,
                    courses[i % len(courses)].pk,
                    years[i % len(years)].start + dt.timedelta(days=i % 365),
                    batch.pk,
                )
                for i in chunk
            ]
        )
        batch.created_count = services.import_batch_record_history(batch=batch, user=support)
        batch.save(update_fields=["created_count"])


def _practice_reviews(n: int, years, agencies) -> None:
    from reviews.models import Action, PracticeReview, Recommendation

    reviews = PracticeReview.objects.bulk_create(
        (
            PracticeReview(
                title=f"Bench practice review {i}",
                kind=PracticeReview.Kind.LOCAL,
                decision_on=(day := years[i % len(years)].start + dt.timedelta(days=i % 200)),
                completed_on=day + dt.timedelta(days=150),
                publication=PracticeReview.Publication.PUBLISHED,
                published_on=day + dt.timedelta(days=160),
                publication_url="https://example.org/review",
                version=1,
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    recommendations = Recommendation.objects.bulk_create(
        (
            Recommendation(practice_review=r, number=1, text="Strengthen supervision.", version=1)
            for r in reviews
        ),
        batch_size=BATCH,
    )
    actions = Action.objects.bulk_create(
        (
            Action(
                recommendation=rec,
                description="Deliver supervision training.",
                owner_agency=agencies[i % len(agencies)],
                due_on=rec.practice_review.decision_on + dt.timedelta(days=200),
                status=Action.Status.COMPLETE,
                completed_on=rec.practice_review.decision_on + dt.timedelta(days=190),
                version=1,
            )
            for i, rec in enumerate(recommendations)
        ),
        batch_size=BATCH,
    )
    for model, rows in (
        (PracticeReview, reviews),
        (Recommendation, recommendations),
        (Action, actions),
    ):
        _with_history(model, rows)


def _meetings(n: int, years, agencies) -> None:
    from priority_groups.models import Attendance, Meeting, PriorityGroup

    groups = list(PriorityGroup.objects.all())
    if not groups:
        return
    # A group meets at most once a day (a unique constraint): each group's meetings are spread
    # over the years a week apart, stepping past any day it already meets (the demo's).
    taken = set(Meeting.objects.values_list("group_id", "date"))

    def dates():
        for i in range(n):
            group, nth = groups[i % len(groups)], i // len(groups)
            day = years[nth % len(years)].start + dt.timedelta(days=(nth // len(years)) * 7)
            while (group.pk, day) in taken:
                day += dt.timedelta(days=1)
            taken.add((group.pk, day))
            yield group, day

    meetings = Meeting.objects.bulk_create(
        (Meeting(group=group, date=day, version=1) for group, day in dates()),
        batch_size=BATCH,
    )
    statuses = Attendance.Status.values
    created = Attendance.objects.bulk_create(
        (
            Attendance(
                meeting=m,
                agency=agencies[(i + k) % len(agencies)],
                status=statuses[(i + k) % len(statuses)],
                version=1,
            )
            for i, m in enumerate(meetings)
            for k in range(ATTENDING_AGENCIES)
        ),
        batch_size=BATCH,
    )
    _with_history(Meeting, meetings)
    _with_history(Attendance, created)


def _sessions(n: int, years, agencies) -> None:
    from training.models import Booking, Course, Delivery, Evaluation, Session

    courses = list(Course.objects.exclude(delivery=Delivery.E_LEARNING)) or list(
        Course.objects.all()
    )
    tz = timezone.get_current_timezone()
    sessions = Session.objects.bulk_create(
        (
            Session(
                course=courses[i % len(courses)],
                starts_at=(
                    start := dt.datetime.combine(
                        years[i % len(years)].start + dt.timedelta(days=(i * 3) % 360),
                        dt.time(10),
                        tzinfo=tz,
                    )
                ),
                ends_at=start + dt.timedelta(hours=3),
                capacity=20,
                version=1,
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    B = Booking.Status
    bookings = Booking.objects.bulk_create(
        (
            Booking(
                session=s,
                name=f"Bench professional {i}-{k}",
                email=f"pro{i}.{k}@bench.example.org",
                agency=agencies[(i + k) % len(agencies)],
                status=B.ATTENDED if k < 9 else (B.DID_NOT_ATTEND if k < 11 else B.CANCELLED),
                created_at=s.starts_at - dt.timedelta(days=14),
                version=1,
            )
            for i, s in enumerate(sessions)
            for k in range(BOOKINGS_PER_SESSION)
        ),
        batch_size=BATCH,
    )
    _with_history(Session, sessions)
    _with_history(Booking, bookings)
    evaluations = Evaluation.objects.bulk_create(
        (
            Evaluation(
                booking=b,
                confidence_before=2 + i % 2,
                confidence_after=4,
                usefulness=4,
                comments="Useful.",
                submitted_at=b.session.starts_at + dt.timedelta(days=1),
                version=1,
            )
            for i, b in enumerate(bookings)
            if b.status == B.ATTENDED
        ),
        batch_size=BATCH,
    )
    _with_history(Evaluation, evaluations)


def _feedback(n: int, years, agencies, themes, support) -> None:
    from feedback.models import Consent, FeedbackItem, Status

    sources = FeedbackItem.Source.values
    channels = FeedbackItem.Channel.values
    sentiments = FeedbackItem.Sentiment.values
    now = timezone.now()
    items = FeedbackItem.objects.bulk_create(
        (
            FeedbackItem(
                received_on=years[i % len(years)].start + dt.timedelta(days=i % 360),
                source=sources[i % len(sources)],
                channel=channels[i % len(channels)],
                agency=agencies[i % len(agencies)],
                service="keyworker",
                text=f"The keyworker listened to us ({i}).",
                sentiment=sentiments[i % len(sentiments)],
                consent=Consent.YES if i % 2 else Consent.NOT_RECORDED,
                status=Status.APPROVED if i % 2 else Status.RECEIVED,
                decided_by=support if i % 2 else None,
                decided_at=now if i % 2 else None,
                version=1,
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    _with_history(FeedbackItem, items)
    through = FeedbackItem.themes.through
    through.objects.bulk_create(
        (
            through(feedbackitem_id=item.pk, theme_id=themes[i % len(themes)].pk)
            for i, item in enumerate(items)
        ),
        batch_size=BATCH,
    )


def _case_studies_and_actions(studies: int, actions: int, years, agencies, support) -> None:
    from feedback.models import CaseStudy, Consent, Status, YouSaidWeDid

    now = timezone.now()
    studies_made = CaseStudy.objects.bulk_create(
        (
            CaseStudy(
                title=f"Bench case study {i}",
                recorded_on=years[i % len(years)].start + dt.timedelta(days=i % 360),
                agency=agencies[i % len(agencies)],
                what_happened="A family was helped by several agencies together.",
                outcome="The children are safer.",
                consent=Consent.YES,
                status=Status.APPROVED,
                decided_by=support,
                decided_at=now,
                version=1,
            )
            for i in range(studies)
        ),
        batch_size=BATCH,
    )
    actions_made = YouSaidWeDid.objects.bulk_create(
        (
            YouSaidWeDid(
                acted_on=years[i % len(years)].start + dt.timedelta(days=i % 360),
                agency=agencies[i % len(agencies)],
                you_said="Letters were hard to read.",
                we_did="We rewrote them in plain English.",
                version=1,
            )
            for i in range(actions)
        ),
        batch_size=BATCH,
    )
    _with_history(CaseStudy, studies_made)
    _with_history(YouSaidWeDid, actions_made)


def build(fraction: float = 1.0) -> dict[str, int]:
    """Grow the demo partnership; returns the counts of the main records afterwards."""
    from django.apps import apps

    from cscp.models import Agency, ReportingYear, Theme, User
    from datasets.models import Indicator, Return, ReturnValue
    from feedback.models import CaseStudy, FeedbackItem, YouSaidWeDid
    from priority_groups.models import Attendance, Meeting
    from reviews.models import Action, PracticeReview, RapidReview, ReviewTheme
    from training.models import Booking, Completion, Evaluation, Session

    with transaction.atomic():
        support = User.objects.get(username="support")
        years = _years()
        agencies = _agencies()
        _indicators(agencies, years)
        _returns(years, support)
        themes = list(Theme.objects.all())
        _rapid_reviews(int(RAPID_REVIEWS * fraction), years, agencies, themes)
        _practice_reviews(int(PRACTICE_REVIEWS * fraction), years, agencies)
        _meetings(int(MEETINGS * fraction), years, agencies)
        _sessions(int(SESSIONS * fraction), years, agencies)
        _completions(int(COMPLETIONS * fraction), years, agencies, support)
        _feedback(int(FEEDBACK_ITEMS * fraction), years, agencies, themes, support)
        _case_studies_and_actions(
            int(CASE_STUDIES * fraction), int(YOU_SAID_WE_DID * fraction), years, agencies, support
        )
    return {
        "reporting years": ReportingYear.objects.count(),
        "agencies": Agency.objects.count(),
        "indicators": Indicator.objects.count(),
        "returns": Return.objects.count(),
        "return values": ReturnValue.objects.count(),
        "rapid reviews": RapidReview.objects.count(),
        "review themes": ReviewTheme.objects.count(),
        "practice reviews": PracticeReview.objects.count(),
        "actions": Action.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance": Attendance.objects.count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "completions": Completion.objects.count(),
        "completion history": Completion.history.count(),
        "feedback items": FeedbackItem.objects.count(),
        "case studies": CaseStudy.objects.count(),
        "you said we did": YouSaidWeDid.objects.count(),
        "history rows (every table)": sum(
            model.objects.count()
            for model in apps.get_models()
            if model._meta.model_name.startswith("historical")
        ),
    }
