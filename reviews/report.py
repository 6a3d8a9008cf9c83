"""The reviews' part of the annual report, as plain data (a published report freezes it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from cscp.models import ReportingYear
from cscp.queries import count, json_rows, one_query, total

from .models import (
    DEFAULT_AUDIT_TARGET,
    Action,
    Audit,
    AuditTarget,
    Inspection,
    InspectionFinding,
    KeyTheme,
    LearningActivity,
    LearningAttendance,
    PracticeReview,
    RapidReview,
)
from .selectors import TAG_FIELDS, theme_tracker, tracker_querysets

# A published review whose publication waited for proceedings: "published … following …".
WAITED_FOR: dict[str, str] = {
    PracticeReview.PendingReason.CRIMINAL: "the conclusion of the criminal case",
    PracticeReview.PendingReason.CORONER: "the coroner's inquest",
}


def _iso(day):
    return day.isoformat() if day else None


def _admin(name: str, query: str = "") -> str:
    return reverse(f"admin:reviews_{name}_changelist") + query


def _day(value) -> dt.date | None:
    """A date read as JSON (ISO text), or None."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _read(year: ReportingYear, reads: dict, read: dict | None) -> dict:
    """`read` (the contribution's one query already made) or this section's own query."""
    return read if read is not None else one_query(year, **reads)


def rapid_review_reads(year: ReportingYear) -> dict:
    in_year = RapidReview.objects.filter(year=year)
    return {
        "rapid_decisions": json_rows(in_year, decision="decision"),
        "rapid_previous": count(RapidReview.objects.filter(year__start_year=year.start_year - 1)),
        "rapid_not_taken_forward": json_rows(
            in_year.filter(decision=RapidReview.Decision.NO_FURTHER).exclude(decision_rationale=""),
            rationale="decision_rationale",
            la_aware_on="la_aware_on",
            reference="reference",
        ),
    }


def rapid_review_figures(year: ReportingYear, read: dict | None = None) -> dict:
    read = _read(year, rapid_review_reads(year), read)
    by_decision = Counter(row["decision"] for row in read["rapid_decisions"])
    D = RapidReview.Decision
    return {
        "count": sum(by_decision.values()),
        "previous_count": read["rapid_previous"],
        "previous_year_label": year.previous_label,
        "to_thematic": by_decision.get(D.THEMATIC, 0),
        "to_local": by_decision.get(D.LOCAL, 0),
        "taken_forward": by_decision.get(D.THEMATIC, 0) + by_decision.get(D.LOCAL, 0),
        "no_further_review": by_decision.get(D.NO_FURTHER, 0),
        "to_national_panel": by_decision.get(D.NATIONAL, 0),
        "undecided": by_decision.get("", 0),
        # What the learning of the reviews not taken forward has influenced (their rationales).
        "learning": list(
            dict.fromkeys(
                row["rationale"]
                for row in sorted(
                    read["rapid_not_taken_forward"],
                    key=lambda r: (r["la_aware_on"], r["reference"]),
                )
            )
        ),
    }


PRACTICE_FIELDS = (
    "title", "kind", "decision_on", "revised_completion_on", "completed_on", "publication",
    "published_on", "publication_url", "not_published_reason", "pending_reason",
    "pending_detail",
)  # fmt: skip
PRACTICE_DATES = ("decision_on", "revised_completion_on", "completed_on", "published_on")


def practice_review_reads(year: ReportingYear) -> dict:
    start, end = year.start, year.end
    previous_start = ReportingYear(start_year=year.start_year - 1).start
    reviews = PracticeReview.objects.filter(
        Q(completed_on__range=(previous_start, end))
        | Q(decision_on__range=(start, end))
        | Q(published_on__range=(start, end))
        | Q(completed_on__isnull=True, decision_on__lte=end)
    )
    rapid = RapidReview.objects.filter(practice_reviews=OuterRef("pk"))
    fields = {name: name for name in PRACTICE_FIELDS}
    return {"practice_reviews": json_rows(reviews, n_rapid=count(rapid), **fields)}


def practice_review_figures(year: ReportingYear, read: dict | None = None) -> dict:
    read = _read(year, practice_review_reads(year), read)
    start, end = year.start, year.end
    reviews = []
    for row in read["practice_reviews"]:
        review = PracticeReview(**{name: row[name] for name in PRACTICE_FIELDS})
        for name in PRACTICE_DATES:
            setattr(review, name, _day(row[name]))
        review.n_rapid = row["n_rapid"]  # type: ignore[attr-defined]  # read beside the row
        reviews.append(review)
    reviews.sort(key=lambda r: (r.decision_on, r.title))
    P = PracticeReview.Publication
    completed = [r for r in reviews if r.completed_on and start <= r.completed_on <= end]
    previous_completed = [r for r in reviews if r.completed_on and r.completed_on < start]
    published = [r for r in reviews if r.published_on and start <= r.published_on <= end]
    running = [
        r
        for r in reviews
        if r.decision_on <= end and (r.completed_on is None or r.completed_on > end)
    ]
    return {
        "completed": len(completed),
        "previous_completed": len(previous_completed),
        "previous_published": sum(1 for r in previous_completed if r.publication == P.PUBLISHED),
        "published": [
            {
                "title": r.title,
                "kind": r.get_kind_display(),
                "published_on": _iso(r.published_on),
                "url": r.publication_url,
                # What publication waited for, if anything (e.g. a criminal case).
                "waited_for": WAITED_FOR.get(r.pending_reason, ""),
            }
            for r in published
        ],
        # Not named: a review that is not (yet) published is not identified in the report.
        "not_published": [
            {"reason": r.not_published_reason}
            for r in completed
            if r.publication == P.NOT_PUBLISHED
        ],
        "pending": [
            {
                "reason": r.get_pending_reason_display(),
                "detail": r.pending_detail,
            }
            for r in completed
            if r.publication == P.PENDING
        ],
        "undecided_publication": sum(1 for r in completed if r.publication == P.UNDECIDED),
        "in_progress": [
            {
                "title": r.title if r.kind == PracticeReview.Kind.THEMATIC else None,
                "kind": r.get_kind_display(),
                "rapid_reviews": r.n_rapid,  # type: ignore[attr-defined]
                "decision_on": _iso(r.decision_on),
                "expected_completion_on": _iso(r.expected_completion_on),
            }
            for r in running
        ],
    }


def action_reads(year: ReportingYear) -> dict:
    as_of = min(timezone.localdate(), year.end)
    in_year = Q(completed_on__range=(year.start, year.end))
    not_done_by = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    actions = Action.objects.all()
    return {
        "actions_total": count(actions.filter(Q(due_on__lte=year.end) | in_year)),
        "actions_completed": count(actions.filter(in_year)),
        "actions_overdue": count(actions.filter(Q(due_on__lt=as_of) & not_done_by)),
        "actions_open": count(actions.filter(Q(due_on__lte=year.end) & not_done_by)),
    }


def action_figures(year: ReportingYear, read: dict | None = None) -> dict:
    read = _read(year, action_reads(year), read)
    as_of = min(timezone.localdate(), year.end)
    figures = {key: read[f"actions_{key}"] for key in ("total", "completed", "overdue", "open")}
    return {**figures, "as_of": as_of.isoformat()}


def learning_reads(year: ReportingYear) -> dict:
    activities = LearningActivity.objects.filter(held_on__range=(year.start, year.end))
    attendance = LearningAttendance.objects.filter(activity=OuterRef("pk"))
    return {
        "learning": json_rows(
            activities,
            id="pk",
            kind="kind",
            title="title",
            held_on="held_on",
            feedback="feedback",
            attendance=total(attendance, "attendees", IntegerField()),
        ),
        "learning_themes": json_rows(
            LearningActivity.themes.through.objects.filter(
                learningactivity__held_on__range=(year.start, year.end)
            ),
            activity="learningactivity_id",
            name="theme__name",
        ),
    }


def learning_figures(year: ReportingYear, read: dict | None = None) -> dict:
    read = _read(year, learning_reads(year), read)
    themes: dict[int, list[str]] = {}
    for row in read["learning_themes"]:
        themes.setdefault(row["activity"], []).append(row["name"])
    activities = sorted(read["learning"], key=lambda a: (a["held_on"], a["title"]))
    kinds = LearningActivity.Kind
    return {
        "briefings": sum(1 for a in activities if a["kind"] == kinds.BRIEFING),
        "events": sum(1 for a in activities if a["kind"] == kinds.EVENT),
        "attendance": sum(a["attendance"] or 0 for a in activities),
        "items": [
            {
                "kind": kinds(a["kind"]).label,
                "title": a["title"],
                "held_on": a["held_on"],
                "attendance": a["attendance"] or 0,
                "themes": sorted(themes.get(a["id"], [])),
                "feedback": a["feedback"],
            }
            for a in activities
        ],
    }


AUDIT_FIELDS = ("topic", "summary", "strengths", "areas_for_improvement", "actions")


def audit_reads(year: ReportingYear) -> dict:
    return {
        "audit_target": Subquery(
            AuditTarget.objects.filter(year=year).order_by().values("target")[:1]
        ),
        "audits": json_rows(
            Audit.objects.filter(year=year), **{name: name for name in AUDIT_FIELDS}
        ),
    }


def audit_figures(year: ReportingYear, read: dict | None = None) -> dict:
    read = _read(year, audit_reads(year), read)
    target = read["audit_target"] or DEFAULT_AUDIT_TARGET
    audits = sorted(read["audits"], key=lambda a: a["topic"])
    return {
        "target": target,
        "done": len(audits),
        "met": len(audits) >= target,
        "items": [{name: a[name] for name in AUDIT_FIELDS} for a in audits],
    }


def inspection_reads(year: ReportingYear) -> dict:
    in_year = (year.start, year.end)
    return {
        "inspections": json_rows(
            Inspection.objects.filter(inspected_on__range=in_year),
            id="pk",
            title="title",
            inspectorate="inspectorate",
            inspected_on="inspected_on",
            summary="summary",
        ),
        "inspection_findings": json_rows(
            InspectionFinding.objects.filter(inspection__inspected_on__range=in_year),
            inspection="inspection_id",
            position="position",
            id="pk",
            quote="quote",
        ),
    }


def inspection_figures(year: ReportingYear, read: dict | None = None) -> list[dict]:
    read = _read(year, inspection_reads(year), read)
    findings: dict[int, list[dict]] = {}
    for row in read["inspection_findings"]:
        findings.setdefault(row["inspection"], []).append(row)
    return [
        {
            "title": i["title"],
            "inspectorate": i["inspectorate"],
            "inspected_on": i["inspected_on"],
            "summary": i["summary"],
            "findings": [
                f["quote"]
                for f in sorted(findings.get(i["id"], []), key=lambda f: (f["position"], f["id"]))
            ],
        }
        for i in sorted(read["inspections"], key=lambda i: i["inspected_on"])
    ]


def tracker_reads(year: ReportingYear) -> dict:
    in_window, before = tracker_querysets(year)
    return {
        "tracker_tags": json_rows(in_window, **TAG_FIELDS),
        "tracker_earlier": json_rows(before, name="name"),
        "key_themes": json_rows(
            KeyTheme.objects.filter(year=year), position="position", name="theme__name"
        ),
    }


def reads(year: ReportingYear) -> dict:
    """Everything the contribution reads, as expressions of its one query."""
    return {
        **rapid_review_reads(year),
        **practice_review_reads(year),
        **tracker_reads(year),
        **action_reads(year),
        **learning_reads(year),
        **audit_reads(year),
        **inspection_reads(year),
    }


def contribution(year: ReportingYear) -> dict:
    read = one_query(year, **reads(year))  # one query for the whole contribution
    rapid = rapid_review_figures(year, read)
    practice = practice_review_figures(year, read)
    tracker = theme_tracker(
        year, read["tracker_tags"], [row["name"] for row in read["tracker_earlier"]]
    )
    key_themes = [
        k["name"] for k in sorted(read["key_themes"], key=lambda k: (k["position"], k["name"]))
    ]
    actions = action_figures(year, read)
    learning = learning_figures(year, read)
    audits = audit_figures(year, read)
    inspections = inspection_figures(year, read)
    has_records = bool(
        rapid["count"]
        or practice["completed"]
        or practice["published"]
        or practice["in_progress"]
        or audits["done"]
        or inspections
        or learning["items"]
    )
    year_query = f"?year__id__exact={year.pk}"
    checks = [
        {
            "label": "Rapid reviews are recorded for the year",
            "ok": rapid["count"] > 0,
            "fix_url": _admin("rapidreview"),
        },
        {
            "label": "Every rapid review of the year has a decision",
            "ok": rapid["undecided"] == 0,
            "fix_url": _admin("rapidreview", year_query + "&decision__exact="),
        },
        {
            "label": "Every practice review completed in the year has a publication decision",
            "ok": practice["undecided_publication"] == 0,
            "fix_url": _admin("practicereview", "?publication__exact=undecided"),
        },
        {
            "label": "Review actions are recorded for the year",
            "ok": actions["total"] > 0,
            "fix_url": _admin("action"),
        },
        {
            "label": "The year's key themes are chosen",
            "ok": bool(key_themes),
            "fix_url": _admin("keytheme"),
        },
        {
            "label": "Multi-agency audits are recorded for the year",
            "ok": audits["done"] > 0,
            "fix_url": _admin("audit", year_query),
        },
    ]
    return {
        "has_records": has_records,
        "year": year.label,
        "rapid_reviews": rapid,
        "practice_reviews": practice,
        "key_themes": key_themes or [row["theme"] for row in tracker["rows"][:5]],
        "theme_tracker": tracker,
        "recurring_themes": [row["theme"] for row in tracker["rows"] if row["recurring"]],
        "actions": actions,
        "learning": learning,
        "audits": audits,
        "inspections": inspections,
        "checks": checks,
    }
