"""Thin Celery tasks: take ids, call a service, beat tasks retry with backoff;
outbox tasks are retried by the outbox sweep only (cscp/outbox.py)."""

from celery import shared_task

from cscp.outbox import outbox_task

from . import services


@outbox_task()
def notify_action_completed(action_id: int) -> None:
    services.action_completed_notice(action_id=action_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_kwargs={"max_retries": 5})
def send_clock_reminders() -> int:
    return services.clock_reminders()
