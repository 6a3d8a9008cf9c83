"""Thin Celery tasks: take ids, call a service. Outbox tasks are retried by the outbox sweep
only, beat tasks by Celery: both with the one retry policy (cscp.outbox.RETRY)."""

from cscp.outbox import beat_task, outbox_task

from . import services


@outbox_task()
def notify_action_completed(action_id: int) -> None:
    services.action_completion_email(action_id=action_id)


@beat_task
def send_clock_reminders() -> int:
    return services.clock_reminders_send()
