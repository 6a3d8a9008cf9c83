"""Thin Celery tasks: take ids, call a service. Outbox tasks are retried by the outbox sweep
only, beat tasks by Celery: both with the one retry policy (cscp.outbox.RETRY)."""

from cscp.outbox import beat_task, outbox_task

from . import services


@beat_task
def send_return_reminders() -> int:
    """Beat: daily reminders about returns due soon and overdue."""
    return services.return_reminders_send()


@outbox_task()
def email_reminder(reminder_id: int) -> None:
    services.reminder_email(reminder_id=reminder_id)


@outbox_task()
def email_return_queried(ret_id: int) -> None:
    services.return_query_email(ret_id=ret_id)
