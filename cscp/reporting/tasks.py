"""Thin tasks: take ids, call a service. Beat tasks retry with backoff; outbox tasks are
retried by the outbox sweep only (a failed render itself is recorded on the PdfRender for
business support to see and retry)."""

from celery import shared_task
from django.db import OperationalError

from cscp.outbox import outbox_task


@outbox_task()
def render_report_pdf(render_id: int) -> str:
    from .services import run_pdf_render

    return run_pdf_render(render_id=render_id).status


@outbox_task()
def send_contribution_email(contribution_id: int, subject: str, lead: str) -> int:
    from .services import email_contribution

    return email_contribution(contribution_id=contribution_id, subject=subject, lead=lead)


@shared_task(
    autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, max_retries=5
)
def send_contribution_reminders() -> int:
    from .services import send_contribution_reminders as send

    return send()
