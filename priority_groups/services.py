"""Writes to priority group records (business support otherwise keep them in the admin)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.mail import send_mail
from cscp.models import ReportingYear, User, label_for_start_year
from cscp.outbox import send_after_commit
from cscp.roles import Role

from .models import Action, Attendance, Escalation, Meeting


@transaction.atomic
def action_update(
    *,
    action: Action,
    by,
    status: str,
    update: str,
    opened_version: int | None = None,
    today: dt.date | None = None,
) -> Action:
    """Record progress on an action; marking it done stamps today's date. A save over a version
    changed since `opened_version` is refused (cscp.concurrency.StaleEdit)."""
    action.status = status
    action.update = update
    if status == Action.Status.DONE:
        action.completed_on = action.completed_on or today or timezone.localdate()
    else:
        action.completed_on = None
    action.full_clean()
    action._history_user = by  # type: ignore[attr-defined]  # simple_history
    action.save(expected_version=opened_version)
    return action


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict, by=None) -> list[Attendance]:
    """Set each agency's attendance at a meeting ({agency: status}); agencies not named keep
    what they had."""
    saved = []
    for agency, status in statuses.items():
        record = Attendance.objects.filter(meeting=meeting, agency=agency).first() or Attendance(
            meeting=meeting, agency=agency
        )
        record.status = status
        record.full_clean()
        if by is not None:
            record._history_user = by  # type: ignore[attr-defined]  # simple_history
        record.save()
        saved.append(record)
    return saved


@transaction.atomic
def escalation_raise(
    *,
    group,
    date: dt.date,
    issue: str,
    by=None,
    outcome_of=None,
    raised_to: str = "CSCP Executive",
) -> Escalation:
    """Record an issue a group raises to the executive; executive members are e-mailed once
    the record is committed."""
    escalation = Escalation(
        group=group, date=date, issue=issue, outcome_of=outcome_of, raised_to=raised_to
    )
    escalation.full_clean()
    if by is not None:
        escalation._history_user = by  # type: ignore[attr-defined]  # simple_history
    escalation.save()
    escalation_notify(escalation=escalation)
    return escalation


def escalation_notify(*, escalation: Escalation) -> None:
    """Queue the e-mail to executive members (after commit: nothing for a rolled-back write)."""
    send_after_commit(
        "priority_groups.tasks.email_escalation",
        key=f"priority_groups.escalation:{escalation.pk}",
        escalation_id=escalation.pk,
    )


def escalation_email(*, escalation_id: int) -> int:
    """E-mail every active executive member about an escalation; returns how many were sent."""
    escalation = Escalation.objects.select_related("group").get(pk=escalation_id)
    recipients = sorted(
        User.objects.filter(groups__name=Role.EXECUTIVE.label, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    path = reverse(
        "priority_group_detail",
        kwargs={
            "slug": escalation.group.slug,
            "year": label_for_start_year(ReportingYear.start_year_for(escalation.date)),
        },
    )
    body = (
        f"The {escalation.group.name} has raised an issue to the executive "
        f"({escalation.date:%-d %B %Y}):\n\n{escalation.issue}\n\n"
        f"See the group's page: {path}\n"
    )
    send_mail(
        subject=f"Escalation from the {escalation.group.name}",
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
