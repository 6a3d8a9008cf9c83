"""With no broker (the embedded default), "Make a PDF" returns at once: the serving process's
outbox thread makes it afterwards, and the page shows its progress (ADR 0008)."""

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from cscp.outbox import OutboxMessage, dispatch, embedded_worker
from cscp.reporting import services
from cscp.reporting.models import PdfRender
from tests.report.factories import (
    AnnualReportFactory,
    ContributionFactory,
    write_required_narrative,
)

# The outbox thread reads what the request committed: real transactions, not one rolled back.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates, media):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    return report


@pytest.fixture
def embedded(settings):
    """The embedded default, as under `make run` with no CELERY_BROKER_URL."""
    settings.OUTBOX_EMBEDDED_WORKER = True
    yield embedded_worker
    embedded_worker.stop()


@pytest.fixture
def held_render(monkeypatch):
    """The PDF task waits until the test lets it go, so the test can see the request end first."""
    release, started, timed_out = threading.Event(), threading.Event(), threading.Event()
    ran_in: list[str] = []
    real = services.pdf_render_run

    def held(**kwargs):
        ran_in.append(threading.current_thread().name)
        started.set()
        if not release.wait(20):  # run inside the request, it would hold the response here
            timed_out.set()
            raise RuntimeError("the test never released the render")
        return real(**kwargs)

    monkeypatch.setattr(services, "pdf_render_run", held)
    return release, started, timed_out, ran_in


def wait_for(predicate, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            # SQLite's shared in-memory test database refuses (SQLITE_LOCKED) to read a table
            # that the outbox thread's open transaction has written; a file database waits.
            pass
        time.sleep(0.05)
    return False


def test_make_a_pdf_returns_before_the_task_runs(report, executive_client, embedded, held_render):
    release, started, timed_out, ran_in = held_render
    detail = reverse("report_detail", kwargs={"label": report.label})

    response = executive_client.post(reverse("report_pdf_request", kwargs={"label": report.label}))

    assert not timed_out.is_set(), "the request waited for the render"
    assert response.status_code == 302
    assert embedded.serving()  # the request started the process's outbox thread
    render = PdfRender.objects.get()
    assert render.status == PdfRender.Status.QUEUED  # the response came first
    assert OutboxMessage.objects.get().done_at is None
    assert wait_for(started.is_set, 10), "the outbox thread did not take the task"
    page = executive_client.get(detail).content.decode()
    assert "refresh this page to see when it is ready" in page  # progress, while it runs

    release.set()
    assert wait_for(lambda: PdfRender.objects.get().status == PdfRender.Status.DONE)
    assert OutboxMessage.objects.get().done_at is not None
    assert "Download the PDF of the draft" in executive_client.get(detail).content.decode()
    assert ran_in == ["cscp-outbox"]  # once, in the process's outbox thread


def test_a_process_that_serves_no_requests_runs_tasks_on_commit(
    report, embedded, django_capture_on_commit_callbacks
):
    """A management command or the shell has no outbox thread: it does not leave tasks behind."""
    contribution = ContributionFactory(report=report, email="someone@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_notify_requested(contribution=contribution)
    assert not embedded.serving()
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().done_at is not None


def test_the_thread_runs_what_an_earlier_process_left_pending(report, embedded):
    """A message queued just before a restart is run by the next process's thread on start."""
    contribution = ContributionFactory(report=report, email="someone@example.org")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cscp.outbox.dispatch", lambda *a, **k: False)  # the old process died
        services.contribution_notify_requested(contribution=contribution)
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=message.created_at - dt.timedelta(minutes=5)
    )
    assert mail.outbox == []

    embedded.start()

    assert wait_for(lambda: OutboxMessage.objects.get().done_at is not None, 30)
    assert len(mail.outbox) == 1
    assert dispatch(message.pk) is True  # done: nothing runs twice
    assert len(mail.outbox) == 1
