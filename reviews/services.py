"""Every write that changes a review's state: keyword-only, atomic, validated first."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.mail import send_mail
from cscp.models import ReportingYear
from cscp.outbox import send_after_commit
from cscp.roles import Role

from .models import Action, RapidReview


@transaction.atomic
def rapid_review_save(
    *, review: RapidReview, expected_version: int | None = None, by=None
) -> RapidReview:
    """Validate and save a rapid review; a blank year becomes the reporting year in which the
    local authority became aware (created if it is the first review of that year)."""
    review.full_clean()
    if review.la_aware_on and not review.year_id:
        review.year, _ = ReportingYear.objects.get_or_create(
            start_year=ReportingYear.start_year_for(review.la_aware_on)
        )
    review.save(expected_version=expected_version)
    return review


@transaction.atomic
def rapid_review_submit_to_panel(
    *, review: RapidReview, on: dt.date | None = None, by=None
) -> RapidReview:
    """Record that the rapid review went to the National Panel (today unless `on`)."""
    review = RapidReview.objects.select_for_update().get(pk=review.pk)
    review.submitted_to_panel_on = on or timezone.localdate()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def action_update(
    *,
    action: Action,
    status: str,
    evidence: str,
    by,
    expected_version: int | None = None,
    completed_on: dt.date | None = None,
) -> Action:
    """An owner agency (or business support) reports progress on an action.

    Marking it complete needs evidence; the completion date defaults to today. A stale form
    (someone else saved since it was opened) is refused by `Versioned.save`."""
    was_complete = action.status == Action.Status.COMPLETE
    action.status = status
    action.evidence = evidence
    if status == Action.Status.COMPLETE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    action.updated_by = by
    action.full_clean()
    action.save(expected_version=expected_version)
    if status == Action.Status.COMPLETE and not was_complete:
        _queue_completion_notice(action)
    return action


def _queue_completion_notice(action: Action) -> None:
    """One notice per completion: the version the completing save wrote makes the key (a
    re-opened and again completed action is a new event)."""
    send_after_commit(
        "reviews.tasks.notify_action_completed",
        key=f"reviews.action-completed:{action.pk}:{action.version}",
        action_id=action.pk,
    )


def business_support_emails() -> list[str]:
    from cscp.models import User

    return sorted(
        User.objects.filter(groups__name=Role.BUSINESS_SUPPORT.label, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def action_completion_email(*, action_id: int) -> None:
    """Tell business support that an agency completed an action (they check the evidence)."""
    action = Action.objects.select_related("owner_agency", "recommendation__practice_review").get(
        pk=action_id
    )
    recipients = business_support_emails()
    if not recipients:
        return
    url = reverse("admin:reviews_action_change", args=[action.pk])
    send_mail(
        subject=f"Review action completed by {action.owner_agency}",
        message=(
            f"{action.owner_agency} marked an action of "
            f"{action.recommendation.practice_review} as complete.\n\n"
            f"Action: {action.description}\n\nEvidence: {action.evidence}\n\n"
            f"Check it in the admin: {url}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def clock_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail business support the rapid-review clocks due soon or overdue (daily). Returns the
    number of clocks listed; nothing is sent when none needs attention."""
    from .selectors import clocks_needing_attention

    rows = clocks_needing_attention(today)
    recipients = business_support_emails()
    if not rows or not recipients:
        return 0
    lines = []
    for row in rows:
        review = row["review"]
        for name, state, due in (
            ("Notification", row["notification_state"], row["notification_due_on"]),
            ("Rapid review", row["rapid_review_state"], row["rapid_review_due_on"]),
        ):
            if state in ("due_soon", "overdue"):
                lines.append(
                    f"- {review.reference}: {name} {state.label.lower()} (due {due:%d %b %Y})"
                )
    send_mail(
        subject=f"Rapid review clocks: {len(lines)} due soon or overdue",
        message="These statutory clocks need attention:\n\n" + "\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(lines)
