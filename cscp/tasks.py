from celery import shared_task


@shared_task
def ping(payload: str = "pong") -> str:
    """Round-trip check for workers and the health of the task queue."""
    return payload
