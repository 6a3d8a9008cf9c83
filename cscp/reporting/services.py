"""Every write of the report: keyword-only, atomic, validated first; e-mails and tasks are
recorded in the outbox with the write and queued on commit, so nothing is sent for a
rolled-back write and nothing is lost while the broker is down."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cscp.mail import send_mail
from cscp.outbox import send_after_commit
from cscp.partnership.selectors import partnership_name
from cscp.roles import Role

from . import checklist as checks
from .compose import compose, content_hash, render_report
from .models import (
    AnnualReport,
    Contribution,
    PartnershipBudget,
    PdfRender,
    PriorityProgress,
    RecommendationResponse,
    ReportDispatch,
    ReportSection,
    ReportSnapshot,
    ReportTransition,
    structure_of,
)
from .structure import sections_of

logger = logging.getLogger(__name__)

S = AnnualReport.Status

# (from, to) -> roles that may make that change.
TRANSITIONS: dict[tuple[str, str], tuple[Role, ...]] = {
    (S.DRAFT, S.CONTRIBUTIONS_REQUESTED): (Role.BUSINESS_SUPPORT,),
    (S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW): (Role.BUSINESS_SUPPORT,),
    (S.IN_REVIEW, S.CONTRIBUTIONS_REQUESTED): (Role.BUSINESS_SUPPORT, Role.EXECUTIVE),
    (S.IN_REVIEW, S.APPROVED): (Role.EXECUTIVE,),
    (S.APPROVED, S.IN_REVIEW): (Role.BUSINESS_SUPPORT, Role.EXECUTIVE),
    (S.APPROVED, S.PUBLISHED): (Role.BUSINESS_SUPPORT,),
    # Reopening a published report starts its next version; the published one stays readable.
    (S.PUBLISHED, S.DRAFT): (Role.BUSINESS_SUPPORT,),
}

ACTION_LABELS: dict[str, str] = {
    S.CONTRIBUTIONS_REQUESTED: "Request contributions",
    S.IN_REVIEW: "Send for review",
    S.APPROVED: "Approve",
    S.PUBLISHED: "Publish",
    S.DRAFT: "Reopen as a new draft",
}


class TransitionRefused(ValidationError):
    pass


def transition_allowed(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in TRANSITIONS


# The steps that prepare a report for approval; whoever took one of them since the report was
# last (re)opened as a draft may not approve it (prepare/approve split, decision 0004).
PREPARATION_STEPS = (
    (S.DRAFT, S.CONTRIBUTIONS_REQUESTED),
    (S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW),
)
PREPARED_IT = "You prepared this report: another executive member must approve it."


def preparer_ids(report: AnnualReport) -> set[int]:
    """Who prepared the report's current version, from its recorded transitions."""
    if report.pk is None:
        return set()
    steps = ReportTransition.objects.filter(report=report)
    reopened = steps.filter(to_status=S.DRAFT).order_by("-pk").first()
    if reopened is not None:
        steps = steps.filter(pk__gt=reopened.pk)
    step = Q()
    for frm, to in PREPARATION_STEPS:
        step |= Q(from_status=frm, to_status=to)
    return set(steps.filter(step).values_list("by_id", flat=True))


def _prepared_by(user, report: AnnualReport, to_status: str) -> bool:
    return to_status == S.APPROVED and getattr(user, "pk", None) in preparer_ids(report)


def may_transition(user, report: AnnualReport, to_status: str) -> bool:
    """Whether `user` may move `report` to `to_status` now (roles, and for approval not having
    prepared it; the checklist is checked when approving)."""
    roles = TRANSITIONS.get((report.status, to_status))
    return bool(roles) and user.has_role(*roles) and not _prepared_by(user, report, to_status)


def available_transitions(user, report: AnnualReport) -> list[tuple[str, str]]:
    """(to status, action label) the user may take from the report's status."""
    return [
        (to, ACTION_LABELS.get(to, S(to).label))
        for (frm, to), roles in TRANSITIONS.items()
        if frm == report.status and user.has_role(*roles) and not _prepared_by(user, report, to)
    ]


def report_checklist(report: AnnualReport, content: dict | None = None) -> list[dict]:
    content = content if content is not None else compose(report)
    ids = dict(ReportSection.objects.filter(report=report).values_list("key", "id"))
    return checks.checklist(report, content, ids)


def statutory_failing(report: AnnualReport) -> list[dict]:
    """The requirements of the report's template's statutory checklist that do not hold on
    today's records, each with what is missing (empty: the partners may sign it off)."""
    from . import statutory

    if not statutory.requirements_of(report):
        return []
    return [entry for entry in checks.statutory_checks(report, compose(report)) if not entry["ok"]]


# --- Creating a report -------------------------------------------------------------------


@transaction.atomic
def report_create(*, year, by, title: str = "") -> AnnualReport:
    _require(by, Role.BUSINESS_SUPPORT)
    report = AnnualReport(year=year, title=title)
    report.full_clean()
    report.save()
    report_sections_ensure(report=report)
    return report


def report_sections_ensure(*, report: AnnualReport) -> None:
    """Every section of the structure exists for the report (idempotent)."""
    have = set(ReportSection.objects.filter(report=report).values_list("key", flat=True))
    parts, _name = structure_of(report.template_id)
    bulk_create_with_history(
        [
            ReportSection(report=report, key=s["key"])
            for s in sections_of(parts)
            if s["key"] not in have
        ],
        ReportSection,
    )


# --- Workflow ----------------------------------------------------------------------------


@transaction.atomic
def report_transition(*, report: AnnualReport, to_status: str, by, note: str = "") -> AnnualReport:
    """Move the report on, recording who, when, from, to. Approval needs the checklist to
    pass; publication freezes a new snapshot version."""
    given = report
    report = AnnualReport.objects.select_for_update().select_related("year").get(pk=report.pk)
    if not transition_allowed(report.status, to_status):
        raise TransitionRefused(
            f"A report that is “{report.get_status_display()}” cannot become "
            f"“{S(to_status).label}”."
        )
    if _prepared_by(by, report, to_status):
        raise PermissionDenied(PREPARED_IT)
    if not may_transition(by, report, to_status):
        raise PermissionDenied("Your role may not make this change to the report.")
    if to_status == S.APPROVED:
        failing = checks.failing(report_checklist(report))
        if failing:
            raise TransitionRefused(
                ["The checklist must pass before approval:"] + [i["label"] for i in failing]
            )
    if to_status == S.PUBLISHED:
        from cscp.partnership.services import publication_blockers

        if blockers := publication_blockers(report):
            raise TransitionRefused(["Before publication:"] + blockers)
    from_status = report.status
    report.status = to_status
    report.full_clean()
    report.save(update_fields=["status"])
    record = ReportTransition(
        report=report, from_status=from_status, to_status=to_status, by=by, note=note
    )
    record.full_clean()
    record.save()
    if to_status == S.CONTRIBUTIONS_REQUESTED:
        for contribution in report.contributions.filter(received_on__isnull=True):
            _queue_request_email(contribution, event=f"transition-{record.pk}")
    if to_status == S.PUBLISHED:
        snapshot = report_freeze(report=report, by=by)
        pdf_request(report=report, by=by, snapshot=snapshot)
        _record_dispatches_due(report=report, snapshot=snapshot)
    given.status = to_status
    return report


def _record_dispatches_due(*, report: AnnualReport, snapshot: ReportSnapshot) -> None:
    """Working Together 2023: the published report goes to the Child Safeguarding Practice
    Review Panel and to Foundations, each within REPORT_DISPATCH_DAYS ([check] 7) of
    publication; business support see each until they record it sent."""
    from cscp.partnership.services import needs_sign_off

    if not needs_sign_off(report):
        return
    due = snapshot.published_at.date() + dt.timedelta(days=settings.REPORT_DISPATCH_DAYS)
    for recipient in ReportDispatch.Recipient.values:
        dispatch = ReportDispatch(report=report, snapshot=snapshot, recipient=recipient, due_on=due)
        dispatch.full_clean()
        dispatch.save()


@transaction.atomic
def report_dispatch_record_sent(
    *, dispatch: ReportDispatch, sent_on: dt.date, how: str = "", by
) -> ReportDispatch:
    """Record that the published report was sent to the Panel or to Foundations."""
    _require(by, Role.BUSINESS_SUPPORT)
    dispatch = ReportDispatch.objects.select_for_update().get(pk=dispatch.pk)
    dispatch.sent_on, dispatch.how, dispatch.sent_by = sent_on, how, by
    dispatch.full_clean()
    dispatch.save()
    return dispatch


# --- The yearly report's own records (Working Together 2023 contents) --------------------


@transaction.atomic
def priority_progress_record(
    *, year, priority: str, status: str, analysis: str = "", by, position: int | None = None
) -> PriorityProgress:
    """Record (or update) a priority's progress status for the year; amber and red need the
    analysis the yearly report gives of why (the checklist says so until it is written)."""
    _require(by, Role.BUSINESS_SUPPORT)
    row = PriorityProgress.objects.select_for_update().filter(
        year=year, priority=priority
    ).first() or PriorityProgress(year=year, priority=priority)
    row.status, row.analysis = status, analysis
    if position is not None:
        row.position = position
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def recommendation_response_record(*, year, by, **fields) -> RecommendationResponse:
    """The partners' decision and actions on a local or national review's recommendation."""
    _require(by, Role.BUSINESS_SUPPORT)
    row = RecommendationResponse(year=year, **fields)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def budget_record(*, year, amount, agreed_on: dt.date, note: str = "", by) -> PartnershipBudget:
    """The shared budget the lead partners agreed for the year (one a year)."""
    _require(by, Role.BUSINESS_SUPPORT)
    row = PartnershipBudget.objects.select_for_update().filter(year=year).first()
    row = row or PartnershipBudget(year=year)
    row.amount, row.agreed_on, row.note = amount, agreed_on, note
    row.full_clean()
    row.save()
    return row


def dispatches_due() -> list[ReportDispatch]:
    """Sendings of published reports not yet recorded as done, soonest due first."""
    return list(
        ReportDispatch.objects.filter(sent_on__isnull=True)
        .select_related("report__year")
        .order_by("due_on", "recipient")
    )


def template_reports_sync(*, template, by) -> int:
    """After a template is adapted, every unpublished report using it has each section (so a
    section added in the admin shows at once). Returns the number of reports brought up to
    date."""
    _require(by, Role.BUSINESS_SUPPORT)
    reports = AnnualReport.objects.filter(template=template).exclude(status=S.PUBLISHED)
    count = 0
    for report in reports:
        report_sections_ensure(report=report)
        count += 1
    return count


def report_request_contributions(*, report, by, note=""):
    return report_transition(report=report, to_status=S.CONTRIBUTIONS_REQUESTED, by=by, note=note)


def report_send_for_review(*, report, by, note=""):
    return report_transition(report=report, to_status=S.IN_REVIEW, by=by, note=note)


def report_approve(*, report, by, note=""):
    return report_transition(report=report, to_status=S.APPROVED, by=by, note=note)


def report_publish(*, report, by, note=""):
    return report_transition(report=report, to_status=S.PUBLISHED, by=by, note=note)


def report_reopen(*, report, by, note=""):
    return report_transition(report=report, to_status=S.DRAFT, by=by, note=note)


@transaction.atomic
def report_freeze(*, report: AnnualReport, by) -> ReportSnapshot:
    """Store the report as it is now: content, HTML (internal and public) and content hash,
    as the next version. Nothing later changes it."""
    content = compose(report)
    last = report.snapshots.aggregate(v=Max("version"))["v"] or 0
    snapshot = ReportSnapshot(
        report=report,
        version=last + 1,
        content=content,
        html=render_report(content),
        public_html=render_report(content, public=True),
        content_hash=content_hash(content),
        published_by=by,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot


# --- Contributions -----------------------------------------------------------------------


@transaction.atomic
def contribution_request(
    *,
    report: AnnualReport,
    name: str,
    due_on: dt.date,
    by,
    role_title: str = "",
    email: str = "",
    user=None,
    requested_on: dt.date | None = None,
) -> Contribution:
    _require(by, Role.BUSINESS_SUPPORT)
    report = AnnualReport.objects.get(pk=report.pk)
    if report.status in (S.APPROVED, S.PUBLISHED):
        raise ValidationError("Reopen the report before requesting another contribution.")
    position = (report.contributions.aggregate(p=Max("position"))["p"] or 0) + 1
    contribution = Contribution(
        report=report,
        name=name,
        role_title=role_title,
        email=email or (user.email if user else ""),
        user=user,
        due_on=due_on,
        requested_on=requested_on or timezone.localdate(),
        position=position,
    )
    contribution.full_clean()
    contribution.save()
    if report.status != S.DRAFT:
        _queue_request_email(contribution, event="new")
    return contribution


@transaction.atomic
def contribution_record(
    *, contribution: Contribution, text: str, by, received_on: dt.date | None = None
) -> Contribution:
    """The reflection arrived: business support record it (or the person themselves)."""
    if not (by.has_role(Role.BUSINESS_SUPPORT) or contribution.user_id == by.pk):
        raise PermissionDenied
    contribution.text = text
    contribution.received_on = received_on or timezone.localdate()
    contribution.full_clean()
    contribution.save()
    return contribution


REMINDER_DAYS_BEFORE_DUE = 5
REMINDER_INTERVAL_DAYS = 7
REMINDING_STATUSES = (S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW)


@transaction.atomic
def contribution_record_not_received(
    *, contribution: Contribution, by, reason: str, on: dt.date | None = None
) -> Contribution:
    """Business support's recorded decision to publish the report without a reflection (the
    report prints "(awaits)"; the checklist then passes for it)."""
    if not by.has_role(Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    contribution.not_received_on = on or timezone.localdate()
    contribution.not_received_reason = (reason or "").strip()
    contribution.not_received_by = by
    contribution.full_clean()
    contribution.save()
    return contribution


def reminder_due(contribution: Contribution, today: dt.date) -> bool:
    """Remind when due within five days or overdue, at most once a week, until received."""
    if contribution.received_on is not None or not contribution.recipient:
        return False
    if contribution.not_received_on is not None:
        return False  # published without it: nobody is chased any more
    if today < contribution.due_on - dt.timedelta(days=REMINDER_DAYS_BEFORE_DUE):
        return False
    last = contribution.last_reminded_on
    return last is None or (today - last).days >= REMINDER_INTERVAL_DAYS


@transaction.atomic
def contribution_reminders_send(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    outstanding = (
        Contribution.objects.select_for_update(of=("self",))
        .filter(received_on__isnull=True, report__status__in=REMINDING_STATUSES)
        .select_related("report__year", "user")
    )
    sent = 0
    for contribution in outstanding:
        if not reminder_due(contribution, today):
            continue
        contribution.last_reminded_on = today
        contribution.save(update_fields=["last_reminded_on"])
        _queue_email(
            contribution,
            key=f"reporting.contribution-reminder:{contribution.pk}:{today.isoformat()}",
            subject=f"Reminder: your reflection for the {contribution.report.label} annual report",
            lead=(
                "This is a reminder that your reflection for the partnership's annual report "
                f"is {'overdue' if today > contribution.due_on else 'due'} "
                f"({contribution.due_on:%d %B %Y})."
            ),
        )
        sent += 1
    return sent


def contribution_notify_requested(*, contribution: Contribution) -> None:
    """E-mail the person asked for a reflection (on commit; a new contribution)."""
    _queue_request_email(contribution, event="new")


def _queue_request_email(contribution: Contribution, *, event: str) -> None:
    """`event` tells requests apart: "new" for a contribution asked for on its own, else the
    report transition that asked everyone outstanding."""
    _queue_email(
        contribution,
        key=f"reporting.contribution-request:{contribution.pk}:{event}",
        subject=f"Your reflection for the {contribution.report.label} annual report",
        lead=(
            f"The {partnership_name()} asks for your reflection on the year "
            f"for its annual report, by {contribution.due_on:%d %B %Y}."
        ),
    )


def _queue_email(contribution: Contribution, *, key: str, subject: str, lead: str) -> None:
    if not contribution.recipient:
        return
    send_after_commit(
        "cscp.reporting.tasks.send_contribution_email",
        key=key,
        contribution_id=contribution.pk,
        subject=subject,
        lead=lead,
    )


def contribution_email(*, contribution_id: int, subject: str, lead: str) -> int:
    """Send a request or reminder for a reflection (called by the task)."""
    contribution = Contribution.objects.select_related("user").filter(pk=contribution_id).first()
    recipient = contribution.recipient if contribution else ""
    if contribution is None or not recipient:
        return 0
    body = (
        f"Dear {contribution.name},\n\n{lead}\n\nPlease send it to the partnership's business "
        "support team, who will add it to the report."
    )
    return send_mail(subject, body, None, [recipient], fail_silently=False)


# --- PDF ---------------------------------------------------------------------------------

PDF_ROLES = (Role.BUSINESS_SUPPORT, Role.EXECUTIVE)


@transaction.atomic
def pdf_request(*, report: AnnualReport, by, snapshot: ReportSnapshot | None = None) -> PdfRender:
    """Queue a PDF of a published version (or of the draft as it is, watermarked)."""
    _require(by, *PDF_ROLES)
    render = PdfRender(report=report, snapshot=snapshot, requested_by=by)
    render.full_clean()
    render.save()
    _queue_pdf(render)
    return render


@transaction.atomic
def pdf_retry(*, render: PdfRender, by) -> PdfRender:
    _require(by, *PDF_ROLES)
    render = PdfRender.objects.select_for_update().get(pk=render.pk)
    if render.status != PdfRender.Status.FAILED:
        raise ValidationError("Only a failed PDF can be tried again.")
    render.status = PdfRender.Status.QUEUED
    render.save(update_fields=["status"])
    _queue_pdf(render)
    return render


def _queue_pdf(render: PdfRender) -> None:
    """One task per attempt: a retry of a failed render is a new message, a doubled request for
    the same attempt is not."""
    send_after_commit(
        "cscp.reporting.tasks.render_report_pdf",
        key=f"reporting.pdf:{render.pk}:{render.attempts}",
        render_id=render.pk,
    )


def pdf_render_run(*, render_id: int) -> PdfRender:
    """Make the PDF (called by the task). A failure is recorded on the render, shown on the
    report page and in the admin, and can be retried."""
    from . import pdf

    render = PdfRender.objects.select_related("report__year", "snapshot").get(pk=render_id)
    if render.status == PdfRender.Status.DONE:
        return render
    render.status = PdfRender.Status.RUNNING
    render.attempts += 1
    render.save(update_fields=["status", "attempts"])
    report = render.report
    try:
        if render.snapshot is not None:
            html = render.snapshot.html
            version = f"v{render.snapshot.version}"
        else:
            html = render_report(compose(report))
            version = "draft"
        data = pdf.render_pdf(
            html, title=report.display_title, draft=render.is_draft,
            period=pdf.period_of(report.year),
        )  # fmt: skip
    except Exception as exc:  # recorded for business support, then shown with "try again"
        logger.exception("PDF of report %s failed", report.pk)
        render.status = PdfRender.Status.FAILED
        render.error = f"{type(exc).__name__}: {exc}"[:2000]
        render.finished_at = timezone.now()
        render.save(update_fields=["status", "error", "finished_at"])
        return render
    render.file.save(
        f"cscp-annual-report-{report.label}-{version}-{render.pk}.pdf", ContentFile(data),
        save=False,
    )  # fmt: skip
    render.status = PdfRender.Status.DONE
    render.error = ""
    render.finished_at = timezone.now()
    render.save(update_fields=["file", "status", "error", "finished_at"])
    return render


def _require(user, *roles: Role) -> None:
    if not user.has_role(*roles):
        raise PermissionDenied


def report_url(report: AnnualReport) -> str:
    return reverse("report_detail", kwargs={"label": report.label})
