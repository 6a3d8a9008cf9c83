"""Tasks recorded in the outbox survive a broker outage and run once."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from cscp.celery import app
from cscp.outbox import (
    MAX_ATTEMPTS,
    OutboxMessage,
    outbox_task,
    pending,
    redispatch_pending,
    send_after_commit,
)

pytestmark = pytest.mark.django_db


@outbox_task()
def send_test_letter(*, to: str):
    send_mail("Test letter", "Hello", "cscp@example.org", [to])


def test_dispatched_on_commit_and_run_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_after_commit(send_test_letter.name, key="letter-1", to="a@example.org")
    message.refresh_from_db()
    assert message.state == "done"
    assert len(mail.outbox) == 1
    # Dispatching the same message again (a redelivery, a retry) sends nothing more.
    send_test_letter.apply(kwargs={"to": "a@example.org", "outbox_id": message.pk})
    assert len(mail.outbox) == 1


def test_the_same_key_is_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(send_test_letter.name, key="letter-2", to="a@example.org")
        send_after_commit(send_test_letter.name, key="letter-2", to="a@example.org")
    assert OutboxMessage.objects.filter(key="letter-2").count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_rolled_back_write(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_after_commit(send_test_letter.name, key="letter-3", to="a@example.org")
        raise RuntimeError("the write failed")
    assert not OutboxMessage.objects.filter(key="letter-3").exists()
    assert mail.outbox == []


def test_broker_down_keeps_the_message_until_redispatch(django_capture_on_commit_callbacks):
    app.conf.task_always_eager = False
    try:
        broker_down = mock.patch.object(
            app, "send_task", side_effect=ConnectionError("broker down")
        )
        with broker_down, django_capture_on_commit_callbacks(execute=True):
            message = send_after_commit(send_test_letter.name, key="letter-4", to="b@example.org")
        message.refresh_from_db()
        assert message.state == "pending"
        assert "broker down" in message.last_error
    finally:
        app.conf.task_always_eager = True
    assert mail.outbox == []
    # The broker is back: the periodic redispatch sends it, once.
    assert list(pending(older_than_seconds=0)) == [message]
    assert redispatch_pending(older_than_seconds=0) == 1
    assert redispatch_pending(older_than_seconds=0) == 0
    message.refresh_from_db()
    assert message.state == "done"
    assert len(mail.outbox) == 1


def test_a_failing_task_keeps_its_error_for_business_support(django_capture_on_commit_callbacks):
    smtp_down = mock.patch("tests.cscp.test_outbox.send_mail", side_effect=OSError("SMTP refused"))
    with smtp_down, django_capture_on_commit_callbacks(execute=True):
        message = send_after_commit(send_test_letter.name, key="letter-5", to="c@example.org")
    message.refresh_from_db()
    assert message.state == "pending"
    assert "SMTP refused" in message.last_error


def _expire_lease(message):
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - dt.timedelta(seconds=1)
    )


def test_the_sweep_leaves_a_dispatched_message_alone_until_its_lease_expires(
    django_capture_on_commit_callbacks,
):
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "send_task") as send_task:
            with django_capture_on_commit_callbacks(execute=True):
                message = send_after_commit(
                    send_test_letter.name, key="lease-1", to="d@example.org"
                )
            assert send_task.call_count == 1
            message.refresh_from_db()
            assert message.state == "dispatched"
            # Queued, a worker will run it: the sweep does not send it again.
            assert redispatch_pending(older_than_seconds=0) == 0
            assert send_task.call_count == 1
            # The worker was lost (its lease ran out): the sweep sends it again.
            _expire_lease(message)
            assert redispatch_pending(older_than_seconds=0) == 1
            assert send_task.call_count == 2
    finally:
        app.conf.task_always_eager = True
    message.refresh_from_db()
    assert message.attempts == 2


def test_a_refused_dispatch_spends_no_attempt(django_capture_on_commit_callbacks):
    app.conf.task_always_eager = False
    try:
        down = mock.patch.object(app, "send_task", side_effect=ConnectionError("broker down"))
        with down, django_capture_on_commit_callbacks(execute=True):
            message = send_after_commit(send_test_letter.name, key="lease-2", to="e@example.org")
        with down:
            for _ in range(MAX_ATTEMPTS + 2):
                redispatch_pending(older_than_seconds=0)
    finally:
        app.conf.task_always_eager = True
    message.refresh_from_db()
    # An outage of any length loses nothing: the message waits for the broker.
    assert message.attempts == 0
    assert list(pending(older_than_seconds=0)) == [message]


def test_a_failing_task_is_tried_once_per_dispatch_and_waits_before_the_next(
    django_capture_on_commit_callbacks,
):
    smtp_down = mock.patch("tests.cscp.test_outbox.send_mail", side_effect=OSError("SMTP refused"))
    with smtp_down as sender, django_capture_on_commit_callbacks(execute=True):
        message = send_after_commit(send_test_letter.name, key="lease-3", to="f@example.org")
    message.refresh_from_db()
    assert (sender.call_count, message.attempts) == (1, 1)
    assert message.lease_until > timezone.now()  # backing off
    with smtp_down as sender:
        assert redispatch_pending(older_than_seconds=0) == 0
        _expire_lease(message)
        redispatch_pending(older_than_seconds=0)
        assert sender.call_count == 1
    message.refresh_from_db()
    assert message.attempts == 2


def test_outbox_tasks_refuse_celery_retries():
    # The outbox's sweep is the one retry mechanism; Celery's own retries would spend
    # attempts behind its back (and send an e-mail several times per dispatch).
    with pytest.raises(TypeError, match="retr"):
        outbox_task(autoretry_for=(OSError,), max_retries=5)(lambda: None)
    app.loader.import_default_modules()  # every app's tasks.py
    outbox_tasks = [t for t in app.tasks.values() if getattr(t, "is_outbox_task", False)]
    assert len(outbox_tasks) >= 10
    for task in outbox_tasks:
        assert not getattr(task, "autoretry_for", ()), task.name


def test_business_support_are_told_once_when_attempts_run_out(
    support_user, django_capture_on_commit_callbacks
):
    smtp_down = mock.patch("tests.cscp.test_outbox.send_mail", side_effect=OSError("SMTP refused"))
    with smtp_down, django_capture_on_commit_callbacks(execute=True):
        message = send_after_commit(send_test_letter.name, key="lease-4", to="g@example.org")
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    _expire_lease(message)
    with smtp_down:
        redispatch_pending(older_than_seconds=0)
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS
    assert message.state == "failed"
    assert [m.to for m in mail.outbox] == [[support_user.email]]
    assert "lease-4" in mail.outbox[0].body
    assert "SMTP refused" in mail.outbox[0].body
    # Given up: the sweep leaves it (and does not alert again).
    _expire_lease(message)
    with smtp_down:
        assert redispatch_pending(older_than_seconds=0) == 0
    assert len(mail.outbox) == 1
