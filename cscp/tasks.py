from celery import shared_task

from cscp.outbox import outbox_task


@shared_task
def ping(payload: str = "pong") -> str:
    """Round-trip check for workers and the health of the task queue."""
    return payload


@outbox_task()
def email_role_change(change_id: int) -> int:
    from . import services

    return services.role_change_email(change_id=change_id)
