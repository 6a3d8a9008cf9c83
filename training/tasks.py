"""Thin Celery tasks: take ids, call a service, beat tasks retry with backoff;
outbox tasks are retried by the outbox sweep only (cscp/outbox.py)."""

from celery import shared_task

from cscp.outbox import outbox_task

from . import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@outbox_task()
def send_booking_confirmation(booking_id: int) -> None:
    services.email_booking_confirmation(booking_id=booking_id)


@outbox_task()
def send_promotion_notice(booking_id: int) -> None:
    services.email_promotion_notice(booking_id=booking_id)


@outbox_task()
def send_evaluation_request(booking_id: int) -> None:
    services.email_evaluation_request(booking_id=booking_id)


@outbox_task()
def send_follow_up_request(evaluation_id: int) -> None:
    services.email_follow_up_request(evaluation_id=evaluation_id)


@shared_task(**RETRY)
def request_due_follow_ups() -> int:
    """Daily (beat): the three-month follow-ups that fall due."""
    return services.request_due_follow_ups()
