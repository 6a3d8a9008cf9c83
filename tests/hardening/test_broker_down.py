"""Faults: the broker (Redis) is down. Submitting and querying a return, booking a training
place and publishing the annual report still succeed and are stored; the e-mails and the PDF
wait in the outbox and are sent once the broker is back — each exactly once (ADR 0003)."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

import cscp.celery
from cscp.outbox import OutboxMessage, redispatch_pending
from cscp.reporting import services as report_services
from cscp.reporting.models import AnnualReport, PdfRender
from datasets import services as dataset_services
from datasets.models import Return
from tests.datasets.conftest import good_values, indicators  # noqa: F401
from tests.report.conftest import fake_apps_contributions, media, no_app_templates  # noqa: F401
from tests.report.factories import AnnualReportFactory, write_required_narrative
from tests.training.factories import SessionFactory
from training.models import Booking

pytestmark = pytest.mark.django_db


@contextmanager
def broker_down():
    """Tasks go to a broker (not in-process) and every send is refused."""
    app = cscp.celery.app
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "send_task", side_effect=ConnectionError("broker down")):
            yield
    finally:
        app.conf.task_always_eager = True


def assert_pending_with_error(task_name: str) -> OutboxMessage:
    message = OutboxMessage.objects.get(task_name=task_name)
    assert message.state == "pending"
    assert "broker down" in message.last_error
    return message


def assert_sent_once_when_the_broker_is_back(expected_mails: int) -> None:
    assert mail.outbox == []  # nothing went out while the broker was down
    assert redispatch_pending(older_than_seconds=0) >= 1
    assert len(mail.outbox) == expected_mails
    assert not OutboxMessage.objects.filter(done_at=None).exists()
    # The periodic redispatch runs again: nothing more is sent.
    assert redispatch_pending(older_than_seconds=0) == 0
    assert len(mail.outbox) == expected_mails


def test_a_return_is_submitted_and_queried_while_the_broker_is_down(
    client,
    lead_agency,
    year,
    indicators,  # noqa: F811
    good_values,  # noqa: F811
    agency_lead_user,
    support_user,
    django_capture_on_commit_callbacks,
):
    ret = Return(agency=lead_agency, year=year, quarter=2)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        dataset_services.return_submit(ret=ret, by=agency_lead_user, values=good_values)
        client.force_login(support_user)
        response = client.post(
            reverse("return_review", kwargs={"pk": ret.pk}),
            {"action": "query", "query-comment": "Check the CP figure"},
        )
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == Return.Status.QUERIED
    assert ret.query_comment == "Check the CP figure"
    assert_pending_with_error("datasets.tasks.email_return_queried")

    assert_sent_once_when_the_broker_is_back(expected_mails=1)
    assert mail.outbox[0].to == [agency_lead_user.email]
    assert "Check the CP figure" in mail.outbox[0].body


def test_a_member_of_the_public_books_while_the_broker_is_down(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=5)
    form = {
        "name": "Person 1",
        "email": "person1@example.org",
        "agency": "",
        "agency_other": "Croydon Youth Club",
        "job_role": "Youth worker",
    }
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/training/sessions/{session.pk}/book/", form)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.BOOKED
    assert response["Location"] == f"/training/bookings/{booking.token}/"
    assert_pending_with_error("training.tasks.send_booking_confirmation")

    assert_sent_once_when_the_broker_is_back(expected_mails=1)
    assert mail.outbox[0].to == ["person1@example.org"]
    assert mail.outbox[0].subject.startswith("Booking confirmed")


@pytest.fixture
def approved_report(
    year,
    fake_apps_contributions,  # noqa: F811
    no_app_templates,  # noqa: F811
    media,  # noqa: F811
    support_user,
    executive_user,
):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    report_services.report_request_contributions(report=report, by=support_user)
    report_services.report_send_for_review(report=report, by=support_user)
    report_services.report_approve(report=report, by=executive_user)
    return report


def test_the_report_is_published_while_the_broker_is_down(
    client, approved_report, support_user, django_capture_on_commit_callbacks
):
    report = approved_report
    client.force_login(support_user)
    url = reverse("report_transition", kwargs={"label": report.label})
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to": AnnualReport.Status.PUBLISHED})
        # Business support also ask for a PDF of the published version themselves.
        again = client.post(
            reverse("report_pdf_request", kwargs={"label": report.label}), {"version": 1}
        )
    assert response.status_code == 302
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    snapshot = report.snapshots.get()
    renders = list(PdfRender.objects.order_by("pk"))
    assert [r.snapshot for r in renders] == [snapshot, snapshot]
    assert all(r.status == PdfRender.Status.QUEUED for r in renders)
    messages = OutboxMessage.objects.filter(task_name="cscp.reporting.tasks.render_report_pdf")
    assert messages.count() == 2
    assert all(m.state == "pending" and "broker down" in m.last_error for m in messages)

    assert redispatch_pending(older_than_seconds=0) == 2
    for render in renders:
        render.refresh_from_db()
        assert render.status == PdfRender.Status.DONE
        assert render.attempts == 1  # each made once
        with render.file.open("rb") as f:
            assert f.read(5) == b"%PDF-"
    assert redispatch_pending(older_than_seconds=0) == 0
    for render in renders:
        render.refresh_from_db()
        assert render.attempts == 1


def test_contribution_requests_wait_for_the_broker_too(
    year,
    fake_apps_contributions,  # noqa: F811
    no_app_templates,  # noqa: F811
    support_user,
    django_capture_on_commit_callbacks,
):
    from tests.report.factories import ContributionFactory

    report = AnnualReportFactory(year=year)
    ContributionFactory(report=report, name="Debbie Jones", email="debbie@example.org")
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        report_services.report_request_contributions(report=report, by=support_user)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.CONTRIBUTIONS_REQUESTED
    assert_pending_with_error("cscp.reporting.tasks.send_contribution_email")

    assert_sent_once_when_the_broker_is_back(expected_mails=1)
    assert mail.outbox[0].to == ["debbie@example.org"]


def test_a_failed_pdf_is_recorded_and_visible_and_a_retry_makes_it_once(
    approved_report,
    executive_user,
    executive_client,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from cscp.reporting import pdf

    report = approved_report

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint exploded")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        render = report_services.pdf_request(report=report, by=executive_user)
    render.refresh_from_db()
    assert render.status == PdfRender.Status.FAILED
    assert "WeasyPrint exploded" in render.error
    page = executive_client.get(reverse("report_detail", kwargs={"label": report.label}))
    page = page.content.decode()
    assert "The PDF could not be made" in page
    assert "WeasyPrint exploded" in page
    # The failure is the render's, kept on it; the task itself ran (once) and is done.
    first = OutboxMessage.objects.get(key=f"reporting.pdf:{render.pk}:0")
    assert first.state == "done"

    monkeypatch.undo()
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        report_services.pdf_retry(render=render, by=executive_user)
    retry = OutboxMessage.objects.get(key=f"reporting.pdf:{render.pk}:1")
    assert retry.state == "pending"
    assert "broker down" in retry.last_error
    assert redispatch_pending(older_than_seconds=0) == 1
    assert redispatch_pending(older_than_seconds=0) == 0
    render.refresh_from_db()
    assert render.status == PdfRender.Status.DONE
    assert render.attempts == 2
    assert render.error == ""


def test_a_pdf_task_that_raises_keeps_its_error_on_the_message(
    approved_report, executive_user, monkeypatch, django_capture_on_commit_callbacks
):
    """A transient fault (the database went away) is retried by the periodic redispatch once
    its back-off has passed (the one retry mechanism: not Celery's as well). Meanwhile the error
    stays on the outbox message for business support; once the fault has cleared the PDF is
    made, once."""
    from django.db import OperationalError

    from cscp.reporting import services
    from cscp.reporting.tasks import render_report_pdf

    # Celery does not retry it behind the outbox's back.
    assert not getattr(render_report_pdf, "autoretry_for", ())

    real = services.pdf_render_run
    calls = []

    def flaky(*, render_id):
        calls.append(render_id)
        raise OperationalError("database went away")

    monkeypatch.setattr(services, "pdf_render_run", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        render = report_services.pdf_request(report=approved_report, by=executive_user)
    assert calls == [render.pk]
    message = OutboxMessage.objects.get(key=f"reporting.pdf:{render.pk}:0")
    assert message.state == "pending"
    assert "database went away" in message.last_error

    monkeypatch.setattr(services, "pdf_render_run", real)
    assert redispatch_pending(older_than_seconds=0) == 0  # backing off
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=None)
    assert redispatch_pending(older_than_seconds=0) == 1
    assert redispatch_pending(older_than_seconds=0) == 0
    render.refresh_from_db()
    message.refresh_from_db()
    assert render.status == PdfRender.Status.DONE
    assert render.attempts == 1
    assert message.state == "done"
    assert message.last_error == ""
