"""Thin Celery tasks: take ids, call a service. Outbox tasks are retried by the outbox sweep
only, beat tasks by Celery: both with the one retry policy (cscp.outbox.RETRY)."""

from cscp.outbox import outbox_task

from . import services


@outbox_task()
def email_escalation(escalation_id: int) -> int:
    return services.escalation_email(escalation_id=escalation_id)
