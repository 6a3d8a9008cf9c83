"""PDF: made by a Celery task (never inside the web request); the page shows its status and the
download; a failure is recorded, shown and can be retried."""

import pytest
from django.urls import reverse

from cscp.reporting import pdf, services
from cscp.reporting.models import PdfRender
from tests.report.factories import AnnualReportFactory, write_required_narrative

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates, media):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    return report


def url(report, name, **kw):
    return reverse(name, kwargs={"label": report.label, **kw})


def test_the_request_only_queues_the_pdf(
    report, executive_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = executive_client.post(url(report, "report_pdf_request"))
    assert response.status_code == 302
    render = PdfRender.objects.get()
    assert render.status == PdfRender.Status.QUEUED
    assert render.attempts == 0
    assert len(callbacks) == 1  # the task is queued on commit, not run by the request
    page = executive_client.get(url(report, "report_detail")).content.decode()
    assert "Queued" in page


def test_task_makes_a_watermarked_draft_pdf(
    report, executive_client, executive_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = services.pdf_request(report=report, by=executive_user)
    render.refresh_from_db()
    assert render.status == PdfRender.Status.DONE
    assert render.attempts == 1
    assert render.is_draft
    with render.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    page = executive_client.get(url(report, "report_detail")).content.decode()
    download = url(report, "report_pdf", pk=render.pk)
    assert download in page
    response = executive_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_draft_document_carries_the_watermark_and_the_published_one_not():
    assert "cscp-watermark" in pdf.document_html("<p>x</p>", title="T", draft=True)
    assert "cscp-watermark" not in pdf.document_html("<p>x</p>", title="T", draft=False)


def test_failure_is_recorded_shown_and_retried(
    report, executive_client, executive_user, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("fonts missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.pdf_request(report=report, by=executive_user)
    render.refresh_from_db()
    assert render.status == PdfRender.Status.FAILED
    assert "fonts missing" in render.error
    page = executive_client.get(url(report, "report_detail")).content.decode()
    assert "The PDF could not be made" in page
    assert "fonts missing" in page
    assert "Try making the PDF again" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = executive_client.post(url(report, "report_pdf_retry", pk=render.pk))
    assert response.status_code == 302
    render.refresh_from_db()
    assert render.status == PdfRender.Status.DONE
    assert render.attempts == 2
    assert render.error == ""


def test_only_a_failed_pdf_is_retried(report, executive_user, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        render = services.pdf_request(report=report, by=executive_user)
    with pytest.raises(ValidationError):
        services.pdf_retry(render=render, by=executive_user)


def test_scrutineer_may_not_request_a_pdf(report, scrutineer_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.pdf_request(report=report, by=scrutineer_user)


def test_publication_queues_the_pdf_of_the_snapshot(
    report, support_user, executive_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request_contributions(report=report, by=support_user)
        services.report_send_for_review(report=report, by=support_user)
        services.report_approve(report=report, by=executive_user)
        services.report_publish(report=report, by=support_user)
    render = PdfRender.objects.get()
    assert render.snapshot == report.snapshots.get()
    assert render.status == PdfRender.Status.DONE
    assert not render.is_draft
