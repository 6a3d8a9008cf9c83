"""The large partnership of bench/scale.py, built on top of the demo with bulk_create.

build(fraction=1.0) brings the partnership to 10 reporting years (2013-14 to 2022-23), 60
agencies and 40 indicators, gives every agency owning an indicator an accepted return for every
quarter of those years (with a value per indicator and a transition), and adds 1,000 rapid
reviews (with children, agency summaries and themes), 200,000 e-learning completions and 5,000
feedback items (with themes), each spread over the ten years. `fraction` scales the volumes of
reviews, completions and feedback (--quick uses 0.1). Bulk rows have no history rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

BATCH = 5000
YEARS = range(2013, 2023)
AGENCIES = 60
INDICATORS = 40
RAPID_REVIEWS = 1_000
COMPLETIONS = 200_000
FEEDBACK_ITEMS = 5_000


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


def _indicators(agencies) -> None:
    from datasets.models import Indicator

    bench_agencies = [a for a in agencies if a.name.startswith("Bench agency")] or agencies
    missing = INDICATORS - Indicator.objects.count()
    Indicator.objects.bulk_create(
        Indicator(
            code=f"BENCH_{i:02d}",
            name=f"Bench indicator {i}",
            owner=bench_agencies[i % len(bench_agencies)],
            unit=Indicator.Unit.COUNT,
            basis=Indicator.Basis.IN_QUARTER,
            polarity=Indicator.Polarity.NEITHER,
            order=100 + i,
        )
        for i in range(max(missing, 0))
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
    indicators = list(Indicator.objects.filter(active=True))
    Comparator.objects.bulk_create(
        (
            Comparator(indicator=ind, year=y, london=Decimal("100.0"), england=Decimal("90.0"))
            for ind in indicators
            for y in years
        ),
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    by_agency: dict[int, list] = {}
    for ind in indicators:
        if ind in services.enterable_indicators(ind.owner_id, years[0]):
            by_agency.setdefault(ind.owner_id, []).append(ind)
    existing = set(Return.objects.values_list("agency_id", "year_id", "quarter"))
    returns = Return.objects.bulk_create(
        (
            Return(agency_id=a, year=y, quarter=q, status=Return.Status.ACCEPTED, version=1)
            for a in by_agency
            for y in years
            for q in (1, 2, 3, 4)
            if (a, y.pk, q) not in existing
        ),
        batch_size=BATCH,
    )
    ReturnValue.objects.bulk_create(
        (
            ReturnValue(ret=r, indicator=ind, value=Decimal(10 + (r.pk + ind.pk) % 500))
            for r in returns
            for ind in by_agency[r.agency_id]
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    ReturnTransition.objects.bulk_create(
        (
            ReturnTransition(
                ret=r, from_status="submitted", to_status="accepted", by=support, at=now
            )
            for r in returns
        ),
        batch_size=BATCH,
    )
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
    RapidReviewChild.objects.bulk_create(
        (
            RapidReviewChild(rapid_review=r, age_band="5_9", sex="female")
            for i, r in enumerate(reviews)
            for _ in range(1 + i % 2)
        ),
        batch_size=BATCH,
    )
    RapidReviewAgency.objects.bulk_create(
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
    ReviewTheme.objects.bulk_create(
        (
            ReviewTheme(
                rapid_review=r, theme=themes[i % len(themes)], cohort=cohorts[i % len(cohorts)]
            )
            for i, r in enumerate(reviews)
        ),
        batch_size=BATCH,
    )


def _completions(n: int, years, agencies) -> None:
    from training.models import Completion, Course, Delivery

    courses = list(Course.objects.filter(delivery=Delivery.E_LEARNING)) or list(
        Course.objects.all()
    )
    Completion.objects.bulk_create(
        (
            Completion(
                learner_name=f"Bench learner {i}",
                email=f"bench.learner{i}@learners.example.org",
                agency=agencies[i % len(agencies)],
                course=courses[i % len(courses)],
                completed_on=years[i % len(years)].start + dt.timedelta(days=i % 365),
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )


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
    through = FeedbackItem.themes.through
    through.objects.bulk_create(
        (
            through(feedbackitem_id=item.pk, theme_id=themes[i % len(themes)].pk)
            for i, item in enumerate(items)
        ),
        batch_size=BATCH,
    )


def build(fraction: float = 1.0) -> dict[str, int]:
    """Grow the demo partnership; returns the counts of the main records afterwards."""
    from cscp.models import Agency, ReportingYear, Theme, User
    from datasets.models import Indicator, Return, ReturnValue
    from feedback.models import FeedbackItem
    from reviews.models import RapidReview
    from training.models import Completion

    with transaction.atomic():
        support = User.objects.get(username="support")
        years = _years()
        agencies = _agencies()
        _indicators(agencies)
        _returns(years, support)
        themes = list(Theme.objects.all())
        _rapid_reviews(int(RAPID_REVIEWS * fraction), years, agencies, themes)
        _completions(int(COMPLETIONS * fraction), years, agencies)
        _feedback(int(FEEDBACK_ITEMS * fraction), years, agencies, themes, support)
    return {
        "reporting years": ReportingYear.objects.count(),
        "agencies": Agency.objects.count(),
        "indicators": Indicator.objects.count(),
        "returns": Return.objects.count(),
        "return values": ReturnValue.objects.count(),
        "rapid reviews": RapidReview.objects.count(),
        "completions": Completion.objects.count(),
        "feedback items": FeedbackItem.objects.count(),
    }
