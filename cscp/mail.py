"""Every e-mail the system sends ends with the partnership's sign-off (its name unless business
support wrote one), so no app writes a partnership's name into a message."""

from __future__ import annotations

from django.core import mail


def signed(message: str) -> str:
    from .partnership.selectors import current_partnership

    return f"{message.rstrip()}\n\n{current_partnership().sign_off}\n"


def send_mail(subject, message, from_email=None, recipient_list=None, **kwargs):
    """django.core.mail.send_mail with the partnership's sign-off added."""
    return mail.send_mail(subject, signed(message), from_email, recipient_list, **kwargs)
