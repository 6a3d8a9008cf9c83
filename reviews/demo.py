"""Demo reviews: writes the records of `reviews/demo_data/<year>.yaml` (the seed report's rapid
and practice reviews, their themes, actions, briefings, audits and inspections).

The content is data (decision 0001, "Demo content as data"); this module only writes it, each
record found by a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

from cscp import demodata
from cscp.demo import agency
from cscp.models import ReportingYear, Theme
from cscp.working_days import add_working_days

from .models import (
    Action,
    Audit,
    AuditTarget,
    Inspection,
    InspectionFinding,
    KeyTheme,
    LearningActivity,
    PracticeReview,
    RapidReview,
    RapidReviewAgency,
    RapidReviewChild,
    Recommendation,
    ReviewTheme,
    notification_due,
)

APP = "reviews"
# The agencies asked for information for every demo rapid review.
INVOLVED_AGENCIES = ["Children's Social Care", "Police", "CHS"]


def _start_year(label: str) -> int:
    return int(label.split("-")[0])


def _tag(themes: dict, tags: dict, **review) -> None:
    for cohort, names in (tags or {}).items():
        for name in names:
            ReviewTheme.objects.get_or_create(theme=themes[name], cohort=cohort, **review)


def _rapid_review(item: dict, year: ReportingYear, themes: dict) -> RapidReview:
    aware = item["la_aware_on"]
    within = item.get("notified_within_working_days")
    sent = add_working_days(aware, within) if within else notification_due(aware)
    review, _ = RapidReview.objects.update_or_create(
        reference=item["reference"],
        defaults={
            "year": year,
            "la_aware_on": aware,
            "notification_sent_on": sent,
            "incident_type": item["incident"],
            "harm_categories": item["harm"],
            "meeting_on": add_working_days(sent, 10),
            "submitted_to_panel_on": add_working_days(sent, 14),
            "decision": item["decision"],
            "decision_rationale": item["rationale"],
        },
    )
    if not review.children.exists():
        for child in item["children"]:
            RapidReviewChild.objects.create(rapid_review=review, known_to_csc=True, **child)
    for short in INVOLVED_AGENCIES:
        RapidReviewAgency.objects.update_or_create(
            rapid_review=review,
            agency=agency(short),
            defaults={"requested_on": aware, "received_on": add_working_days(aware, 5)},
        )
    _tag(themes, item.get("themes"), rapid_review=review)
    return review


def _practice_review(item: dict, rapid: dict, themes: dict) -> PracticeReview:
    fields = dict(item)
    title, refs, tags = fields.pop("title"), fields.pop("rapid_reviews"), fields.pop("themes")
    review, _ = PracticeReview.objects.update_or_create(title=title, defaults=fields)
    review.rapid_reviews.set([rapid[r] for r in refs])
    _tag(themes, tags, practice_review=review)
    return review


def _recommendations(items: list, practice: dict) -> int:
    numbers: dict[str, int] = {}
    count = 0
    for item in items:
        title = item["review"]
        numbers[title] = numbers.get(title, 0) + 1
        rec, _ = Recommendation.objects.update_or_create(
            practice_review=practice[title], number=numbers[title], defaults={"text": item["text"]}
        )
        for act in item["actions"]:
            Action.objects.update_or_create(
                recommendation=rec,
                description=act["action"],
                defaults={
                    "owner_agency": agency(act["agency"]),
                    "owner": act["owner"],
                    "due_on": act["due_on"],
                    "status": act["status"],
                    "evidence": act.get("evidence", ""),
                    "completed_on": act.get("completed_on"),
                },
            )
            count += 1
    return count


def _year_records(data: dict, year: ReportingYear, themes: dict, practice: dict) -> None:
    for position, name in enumerate(data.get("key_themes", []), start=1):
        KeyTheme.objects.update_or_create(
            year=year, theme=themes[name], defaults={"position": position}
        )
    for item in data.get("learning", []):
        activity, _ = LearningActivity.objects.update_or_create(
            title=item["title"],
            held_on=item["held_on"],
            defaults={"kind": item["kind"], "feedback": item.get("feedback", "")},
        )
        activity.themes.set([themes[n] for n in item.get("themes", [])])
        activity.practice_reviews.set([practice[t] for t in item.get("practice_reviews", [])])
    if "audit_target" in data:
        AuditTarget.objects.update_or_create(year=year, defaults={"target": data["audit_target"]})
    for item in data.get("audits", []):
        fields = dict(item)
        topic, names = fields.pop("topic"), fields.pop("agencies")
        fields["theme"] = themes[fields["theme"]]
        audit, _ = Audit.objects.update_or_create(year=year, topic=topic, defaults=fields)
        audit.agencies.set([agency(n) for n in names])
    for item in data.get("inspections", []):
        inspection, _ = Inspection.objects.update_or_create(
            title=item["title"],
            inspected_on=item["inspected_on"],
            defaults={"inspectorate": item["inspectorate"], "summary": item.get("summary", "")},
        )
        for position, quote in enumerate(item.get("findings", []), start=1):
            InspectionFinding.objects.update_or_create(
                inspection=inspection, position=position, defaults={"quote": quote}
            )


def load(stdout=None) -> None:
    themes = {t.name: t for t in Theme.objects.all()}
    files = {name: demodata.read(APP, name) for name in demodata.names(APP)}
    years = {}
    for name in files:
        years[name], _ = ReportingYear.objects.get_or_create(start_year=_start_year(name))
    # Rapid reviews first (a practice review may draw on an earlier year's), then practice
    # reviews (a learning activity or recommendation may name an earlier year's), then the rest.
    rapid = {
        item["reference"]: _rapid_review(item, years[name], themes)
        for name, data in files.items()
        for item in data.get("rapid_reviews", [])
    }
    practice = {
        item["title"]: _practice_review(item, rapid, themes)
        for data in files.values()
        for item in data.get("practice_reviews", [])
    }
    actions = 0
    for name, data in files.items():
        actions += _recommendations(data.get("recommendations", []), practice)
        _year_records(data, years[name], themes, practice)
    if stdout is not None:
        stdout.write(
            f"Reviews: {len(rapid)} rapid reviews, {len(practice)} practice reviews, "
            f"{actions} actions."
        )
