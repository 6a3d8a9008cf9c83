"""The sweep claims messages with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL only)."""

from unittest import mock

import pytest

from cscp.celery import app
from cscp.outbox import OutboxMessage, redispatch_pending
from tests.concurrency import POSTGRES_ONLY, Background, row_held, run_together

pytestmark = POSTGRES_ONLY


@pytest.fixture
def broker():
    """A broker that takes every message (nothing runs): we count the hand-overs."""
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "send_task") as send_task:
            yield send_task
    finally:
        app.conf.task_always_eager = True


def _message(n: int) -> OutboxMessage:
    return OutboxMessage.objects.create(
        task_name="tests.cscp.test_outbox.send_test_letter", key=f"pg-{n}", kwargs={"to": "x@y.z"}
    )


def test_a_message_locked_elsewhere_is_skipped_not_waited_for(broker):
    held, free = _message(1), _message(2)
    with row_held(OutboxMessage, held.pk):
        sweep = Background(lambda: redispatch_pending(older_than_seconds=0))
        assert sweep.finished_within(5), "the sweep waited for a locked message"
        assert sweep.result() == 1
    assert [c.kwargs["kwargs"]["outbox_id"] for c in broker.call_args_list] == [free.pk]
    # Released: the next sweep sends it.
    assert redispatch_pending(older_than_seconds=0) == 1
    assert broker.call_count == 2


def test_two_sweeps_at_once_send_each_message_once(broker):
    messages = [_message(n) for n in range(20)]
    outcomes = run_together(
        lambda: redispatch_pending(older_than_seconds=0),
        lambda: redispatch_pending(older_than_seconds=0),
    )
    assert sum(outcomes) == 20
    sent = sorted(c.kwargs["kwargs"]["outbox_id"] for c in broker.call_args_list)
    assert sent == sorted(m.pk for m in messages)
