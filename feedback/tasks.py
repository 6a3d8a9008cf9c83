"""Thin Celery tasks: take ids, do one thing, beat tasks retry with backoff;
outbox tasks are retried by the outbox sweep only (cscp/outbox.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from cscp.mail import send_mail
from cscp.outbox import outbox_task
from cscp.roles import Role

from .models import FeedbackItem


def business_support_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.BUSINESS_SUPPORT.label)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


@outbox_task()
def notify_new_feedback(item_id: int) -> int:
    """Tell business support that feedback awaits moderation. The words themselves are not in
    the e-mail (they may identify someone); the moderator reads them in the admin."""
    if not FeedbackItem.objects.filter(pk=item_id).exists():
        return 0
    recipients = business_support_emails()
    if not recipients:
        return 0
    path = reverse("admin:feedback_feedbackitem_change", args=[item_id])
    return send_mail(
        subject="New feedback awaiting moderation",
        message=(
            "Someone has left feedback on the partnership's public feedback form.\n\n"
            f"Review it in the admin: {path}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
