"""The reviews' part of the annual report, as plain data (a published report freezes it)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from cscp.models import ReportingYear

from .models import (
    DEFAULT_AUDIT_TARGET,
    Action,
    Audit,
    AuditTarget,
    Inspection,
    KeyTheme,
    LearningActivity,
    PracticeReview,
    RapidReview,
)
from .selectors import theme_tracker

# A published review whose publication waited for proceedings: "published … following …".
WAITED_FOR = {
    PracticeReview.PendingReason.CRIMINAL: "the conclusion of the criminal case",
    PracticeReview.PendingReason.CORONER: "the coroner's inquest",
}


def _iso(day):
    return day.isoformat() if day else None


def _admin(name: str, query: str = "") -> str:
    return reverse(f"admin:reviews_{name}_changelist") + query


def rapid_review_figures(year: ReportingYear) -> dict:
    by_decision = dict(
        RapidReview.objects.filter(year=year)
        .values_list("decision")
        .annotate(n=Count("id"))
        .values_list("decision", "n")
    )
    previous = RapidReview.objects.filter(year__start_year=year.start_year - 1).count()
    D = RapidReview.Decision
    return {
        "count": sum(by_decision.values()),
        "previous_count": previous,
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
                RapidReview.objects.filter(year=year, decision=D.NO_FURTHER)
                .exclude(decision_rationale="")
                .order_by("la_aware_on", "reference")
                .values_list("decision_rationale", flat=True)
            )
        ),
    }


def practice_review_figures(year: ReportingYear) -> dict:
    start, end = year.start, year.end
    previous_start = ReportingYear(start_year=year.start_year - 1).start
    reviews = list(
        PracticeReview.objects.filter(
            Q(completed_on__range=(previous_start, end))
            | Q(decision_on__range=(start, end))
            | Q(published_on__range=(start, end))
            | Q(completed_on__isnull=True, decision_on__lte=end)
        )
        .annotate(n_rapid=Count("rapid_reviews"))
        .order_by("decision_on", "title")
    )
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
                "rapid_reviews": r.n_rapid,
                "decision_on": _iso(r.decision_on),
                "expected_completion_on": _iso(r.expected_completion_on),
            }
            for r in running
        ],
    }


def action_figures(year: ReportingYear) -> dict:
    as_of = min(timezone.localdate(), year.end)
    in_year = Q(completed_on__range=(year.start, year.end))
    not_done_by = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    figures = Action.objects.aggregate(
        total=Count("id", filter=Q(due_on__lte=year.end) | in_year),
        completed=Count("id", filter=in_year),
        overdue=Count("id", filter=Q(due_on__lt=as_of) & not_done_by),
        open=Count("id", filter=Q(due_on__lte=year.end) & not_done_by),
    )
    return {**figures, "as_of": as_of.isoformat()}


def learning_figures(year: ReportingYear) -> dict:
    activities = list(
        LearningActivity.objects.filter(held_on__range=(year.start, year.end))
        .annotate(total=Sum("attendance__attendees"))
        .prefetch_related("themes")
        .order_by("held_on", "title")
    )
    kinds = LearningActivity.Kind
    return {
        "briefings": sum(1 for a in activities if a.kind == kinds.BRIEFING),
        "events": sum(1 for a in activities if a.kind == kinds.EVENT),
        "attendance": sum(a.total or 0 for a in activities),
        "items": [
            {
                "kind": a.get_kind_display(),
                "title": a.title,
                "held_on": _iso(a.held_on),
                "attendance": a.total or 0,
                "themes": [t.name for t in a.themes.all()],
                "feedback": a.feedback,
            }
            for a in activities
        ],
    }


def audit_figures(year: ReportingYear) -> dict:
    target = (
        AuditTarget.objects.filter(year=year).values_list("target", flat=True).first()
        or DEFAULT_AUDIT_TARGET
    )
    audits = list(Audit.objects.filter(year=year).order_by("topic"))
    return {
        "target": target,
        "done": len(audits),
        "met": len(audits) >= target,
        "items": [
            {
                "topic": a.topic,
                "summary": a.summary,
                "strengths": a.strengths,
                "areas_for_improvement": a.areas_for_improvement,
                "actions": a.actions,
            }
            for a in audits
        ],
    }


def inspection_figures(year: ReportingYear) -> list[dict]:
    inspections = Inspection.objects.filter(
        inspected_on__range=(year.start, year.end)
    ).prefetch_related("findings")
    return [
        {
            "title": i.title,
            "inspectorate": i.inspectorate,
            "inspected_on": _iso(i.inspected_on),
            "summary": i.summary,
            "findings": [f.quote for f in i.findings.all()],
        }
        for i in inspections.order_by("inspected_on")
    ]


def contribution(year: ReportingYear) -> dict:
    rapid = rapid_review_figures(year)
    practice = practice_review_figures(year)
    tracker = theme_tracker(year)
    key_themes = [
        k.theme.name
        for k in KeyTheme.objects.filter(year=year).select_related("theme").order_by("position")
    ]
    actions = action_figures(year)
    learning = learning_figures(year)
    audits = audit_figures(year)
    inspections = inspection_figures(year)
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
