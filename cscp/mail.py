"""The one way the system sends e-mail (decision records 0001 and 0003): a service composes the
message and sends it with `send_mail` here, run by a thin outbox task the service queued with
`cscp.outbox.send_after_commit`; no task writes or sends a message itself. Every e-mail ends
with the partnership's sign-off (its name unless business support wrote one), so no app writes
a partnership's name into a message."""

from __future__ import annotations

from django.core import mail


def signed(message: str) -> str:
    from .partnership.selectors import current_partnership

    return f"{message.rstrip()}\n\n{current_partnership().sign_off}\n"


def send_mail(subject, message, from_email=None, recipient_list=None, **kwargs):
    """django.core.mail.send_mail with the partnership's sign-off added."""
    return mail.send_mail(subject, signed(message), from_email, recipient_list, **kwargs)


def addresses_of(role) -> list[str]:
    """The e-mail addresses of a role's active users, each once, sorted."""
    from .models import User

    return sorted(
        User.objects.filter(groups__name=role.label, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
