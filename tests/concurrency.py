"""The harness of the PostgreSQL concurrency tests (SQLite has no row locks).

`run_together(*calls)` starts each call in its own thread (its own database connection) and
releases them at the same moment with a barrier; it returns what each returned, or the
exception it raised, in order. `row_held(model, pk)` holds a row lock in another connection
while the test checks that a service waits for it (`blocked(call)`), which proves the service
locks the row instead of hoping the race does not happen.
"""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection, connections, transaction

POSTGRES_ONLY = [
    pytest.mark.needs_postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locking needs PostgreSQL (DATABASE_URL)"
    ),
]

TIMEOUT = 30


def run_together(*calls, timeout: float = TIMEOUT) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = call()
        except Exception as error:  # returned to the test, which asserts on it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 2)
    assert not any(t.is_alive() for t in threads), "a concurrent call never finished"
    return outcomes


class Background:
    """A call running in its own thread; `result()` waits for it and re-raises its error."""

    def __init__(self, call):
        self._outcome: list = []
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call):
        try:
            self._outcome.append(call())
        except BaseException as error:  # handed back by result()
            self._outcome.append(error)
        finally:
            connections.close_all()

    def finished_within(self, seconds: float) -> bool:
        self._thread.join(timeout=seconds)
        return not self._thread.is_alive()

    def result(self, timeout: float = TIMEOUT):
        self._thread.join(timeout=timeout)
        assert not self._thread.is_alive(), "the background call never finished"
        outcome = self._outcome[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


@contextlib.contextmanager
def row_held(model, pk, *, then=None):
    """Hold `SELECT ... FOR UPDATE` on one row in another connection until the block ends;
    `then(obj)` (optional) runs inside that transaction just before it commits, as a
    concurrent user's change would."""
    locked = threading.Event()
    release = threading.Event()

    def hold():
        with transaction.atomic():
            obj = model._default_manager.select_for_update().get(pk=pk)
            locked.set()
            release.wait(timeout=TIMEOUT)
            if then is not None:
                then(obj)

    holder = Background(hold)
    assert locked.wait(timeout=TIMEOUT), "could not take the row lock"
    try:
        yield
    finally:
        release.set()
        holder.result()


def blocked(call, *, model, pk, then=None, wait: float = 1.0):
    """Run `call` while another connection holds the row: assert that it waits for the lock
    (it has not finished after `wait` seconds), then let the holder commit and return
    `call`'s result (or raise its error)."""
    with row_held(model, pk, then=then):
        worker = Background(call)
        assert not worker.finished_within(wait), "the call did not wait for the row lock"
    return worker.result()
