"""Thin Celery tasks: take ids, call a service, beat tasks retry with backoff;
outbox tasks are retried by the outbox sweep only (cscp/outbox.py)."""

from cscp.outbox import outbox_task

from . import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@outbox_task()
def email_escalation(escalation_id: int) -> int:
    return services.email_for_escalation(escalation_id=escalation_id)
