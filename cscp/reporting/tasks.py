"""Thin tasks: take ids, call a service. Outbox tasks are retried by the outbox sweep only,
beat tasks by Celery: both with the one retry policy (cscp.outbox.RETRY). A failed render is
also recorded on its PdfRender for business support to see and retry."""

from cscp.outbox import beat_task, outbox_task

from . import services


@outbox_task()
def render_report_pdf(render_id: int) -> str:
    return services.pdf_render_run(render_id=render_id).status


@outbox_task()
def send_contribution_email(contribution_id: int, subject: str, lead: str) -> int:
    return services.contribution_email(contribution_id=contribution_id, subject=subject, lead=lead)


@beat_task
def send_contribution_reminders() -> int:
    return services.contribution_reminders_send()
