"""Thin tasks: take ids, call a service, retry with backoff on transient failures (a failed
render itself is recorded on the PdfRender for business support to see and retry)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, max_retries=5
)
def render_report_pdf(render_id: int) -> str:
    from .services import run_pdf_render

    return run_pdf_render(render_id=render_id).status


@shared_task(
    autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, max_retries=5
)
def send_contribution_reminders() -> int:
    from .services import send_contribution_reminders as send

    return send()
