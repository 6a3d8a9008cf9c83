"""Thin Celery tasks: take ids, call a service, beat tasks retry with backoff;
outbox tasks are retried by the outbox sweep only (cscp/outbox.py)."""

from celery import shared_task

from cscp.outbox import outbox_task

from . import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_return_reminders() -> int:
    """Beat: daily reminders about returns due soon and overdue."""
    return services.send_return_reminders()


@outbox_task()
def email_reminder(reminder_id: int) -> None:
    services.email_for_reminder(reminder_id=reminder_id)


@outbox_task()
def email_return_queried(ret_id: int) -> None:
    services.email_for_query(ret_id=ret_id)
