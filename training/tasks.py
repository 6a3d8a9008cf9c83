"""Thin Celery tasks: take ids, call a service. Outbox tasks are retried by the outbox sweep
only, beat tasks by Celery: both with the one retry policy (cscp.outbox.RETRY)."""

from cscp.outbox import beat_task, outbox_task

from . import services


@outbox_task()
def send_booking_confirmation(booking_id: int) -> None:
    services.booking_confirmation_email(booking_id=booking_id)


@outbox_task()
def send_promotion_notice(booking_id: int) -> None:
    services.promotion_notice_email(booking_id=booking_id)


@outbox_task()
def send_evaluation_request(booking_id: int) -> None:
    services.evaluation_request_email(booking_id=booking_id)


@outbox_task()
def send_follow_up_request(evaluation_id: int) -> None:
    services.follow_up_request_email(evaluation_id=evaluation_id)


@beat_task
def request_due_follow_ups() -> int:
    """Daily (beat): the three-month follow-ups that fall due."""
    return services.follow_ups_request_due()
