"""Tasks recorded in the outbox survive a broker outage and run once."""

from unittest import mock

import pytest
from django.core import mail
from django.core.mail import send_mail

from cscp.celery import app
from cscp.outbox import OutboxMessage, outbox_task, pending, redispatch_pending, send_after_commit

pytestmark = pytest.mark.django_db


@outbox_task()
def send_test_letter(*, to: str):
    send_mail("Test letter", "Hello", "cscp@example.org", [to])


def test_dispatched_on_commit_and_run_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_after_commit(send_test_letter, key="letter-1", to="a@example.org")
    message.refresh_from_db()
    assert message.state == "done"
    assert len(mail.outbox) == 1
    # Dispatching the same message again (a redelivery, a retry) sends nothing more.
    send_test_letter.apply(kwargs={"to": "a@example.org", "outbox_id": message.pk})
    assert len(mail.outbox) == 1


def test_the_same_key_is_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(send_test_letter, key="letter-2", to="a@example.org")
        send_after_commit(send_test_letter, key="letter-2", to="a@example.org")
    assert OutboxMessage.objects.filter(key="letter-2").count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_rolled_back_write(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_after_commit(send_test_letter, key="letter-3", to="a@example.org")
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
            message = send_after_commit(send_test_letter, key="letter-4", to="b@example.org")
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
        message = send_after_commit(send_test_letter, key="letter-5", to="c@example.org")
    message.refresh_from_db()
    assert message.state == "pending"
    assert "SMTP refused" in message.last_error
