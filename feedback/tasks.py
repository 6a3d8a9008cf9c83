"""Thin Celery tasks: take ids, call a service (decision records 0001 and 0003); outbox tasks
are retried by the outbox sweep only (cscp/outbox.py)."""

from __future__ import annotations

from cscp.outbox import outbox_task

from . import services


@outbox_task()
def notify_new_feedback(item_id: int) -> int:
    """Tell business support that feedback awaits moderation (the service composes and sends)."""
    return services.feedback_email_new(item_id=item_id)
