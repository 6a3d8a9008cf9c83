"""Every write that changes the state of feedback goes through here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.mail import addresses_of, send_mail
from cscp.outbox import send_after_commit
from cscp.roles import Role

from .models import Consent, FeedbackItem, Moderated, Status, can_move


def _locked(item: Moderated) -> Moderated:
    return type(item)._default_manager.select_for_update().get(pk=item.pk)


def _refuse_move(item: Moderated, new: str) -> None:
    if not can_move(item.status, new):
        raise ValidationError(
            f"It is {item.get_status_display().lower()}: it cannot be marked "
            f"{Status(new).label.lower()}."
        )


@transaction.atomic
def feedback_receive(
    *,
    text: str,
    source: str,
    consent: str,
    service: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> FeedbackItem:
    """Feedback left on the public form: it lands as "received" and is shown nowhere until
    business support approve it."""
    item = FeedbackItem(
        received_on=timezone.localdate(),
        source=source,
        consent=consent,
        service=service.strip(),
        channel=FeedbackItem.Channel.PUBLIC_FORM,
        text=text.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        status=Status.RECEIVED,
    )
    item.full_clean()
    item.save()
    send_after_commit(
        "feedback.tasks.notify_new_feedback", key=f"feedback.new:{item.pk}", item_id=item.pk
    )
    return item


def feedback_email_new(*, item_id: int) -> int:
    """Tell business support that feedback awaits moderation; returns how many were sent. The
    words themselves are not in the e-mail (they may identify someone); the moderator reads
    them in the admin."""
    if not FeedbackItem.objects.filter(pk=item_id).exists():
        return 0
    recipients = addresses_of(Role.BUSINESS_SUPPORT)
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


@transaction.atomic
def feedback_mark_reviewed(*, item: Moderated, by) -> Moderated:
    item = _locked(item)
    _refuse_move(item, Status.REVIEWED)
    item.status = Status.REVIEWED
    item.reviewed_by = by
    item.reviewed_at = timezone.now()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def feedback_approve_for_publication(*, item: Moderated, by) -> Moderated:
    """Approve for the report: refused without consent, or, for consent "if anonymised",
    without an anonymised text that differs from the original."""
    item = _locked(item)
    _refuse_move(item, Status.APPROVED)
    problems = item.publication_problems()
    if problems:
        raise ValidationError(problems)
    item.status = Status.APPROVED
    if item.reviewed_at is None:
        item.reviewed_by, item.reviewed_at = by, timezone.now()
    item.decided_by = by
    item.decided_at = timezone.now()
    item.withheld_reason = ""
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def feedback_withhold(*, item: Moderated, by, reason: str = "") -> Moderated:
    """Keep it out of the report (e.g. consent refused or withdrawn, identifying details)."""
    item = _locked(item)
    _refuse_move(item, Status.WITHHELD)
    item.status = Status.WITHHELD
    item.decided_by = by
    item.decided_at = timezone.now()
    item.withheld_reason = reason.strip()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def feedback_record_consent(
    *, item: Moderated, consent: str, anonymised: dict[str, str] | None = None
) -> Moderated:
    """Record (or correct) consent and anonymised texts. If an approved item no longer meets
    the consent rules (e.g. consent withdrawn), it is withheld at the same time."""
    item = _locked(item)
    item.consent = Consent(consent)
    for field, value in (anonymised or {}).items():
        if field not in {a for _, a in item.PUBLISHED_TEXTS}:
            raise ValueError(f"{field} is not an anonymised text of {type(item).__name__}")
        setattr(item, field, value)
    if item.status == Status.APPROVED and item.publication_problems():
        item.status = Status.WITHHELD
        item.decided_at = timezone.now()
        item.withheld_reason = "Consent no longer allows publication."
    item.full_clean()
    item.save()
    return item
