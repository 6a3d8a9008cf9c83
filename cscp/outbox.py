"""Nothing is lost when the broker is down, nothing is sent twice when it comes back.

A write that should trigger a task (an e-mail, a PDF) records an `OutboxMessage` in its own
transaction — so it exists exactly when the write does — and asks for dispatch on commit. If
the broker is unreachable the message stays pending and `redispatch_pending` (Celery beat,
or `manage.py outbox_redispatch`) sends it later. Tasks declared with `@outbox_task` run each
message at most once: the first run marks it done under a row lock, later copies skip it.

With no broker (the embedded default) a process that serves requests runs the messages in a
background thread of its own (`EmbeddedWorker`, ADR 0008), so no request waits for a PDF or an
e-mail; a process that serves none (a management command, the shell) runs them in-process on
commit, as before.
"""

from __future__ import annotations

import functools
import logging
import os
import queue
import threading

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class OutboxMessage(models.Model):
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    key = models.CharField(
        max_length=200, unique=True, help_text="Same key, same message: enqueue is idempotent."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        app_label = "cscp"
        indexes = [models.Index(fields=["done_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.key})"

    @property
    def state(self) -> str:
        if self.done_at:
            return "done"
        return "dispatched" if self.dispatched_at else "pending"


def send_after_commit(task, *, key: str, **kwargs) -> OutboxMessage:
    """Record that `task(**kwargs)` must run once this transaction commits."""
    message, created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"task_name": task.name, "kwargs": kwargs}
    )
    if created:
        transaction.on_commit(functools.partial(dispatch, message.pk))
    return message


def dispatch(message_id: int, *, in_this_thread: bool = False) -> bool:
    message = OutboxMessage.objects.get(pk=message_id)
    if message.done_at:
        return True
    from celery import current_app

    if current_app.conf.task_always_eager and not in_this_thread and embedded_worker.serving():
        embedded_worker.submit(message_id)
        return True

    OutboxMessage.objects.filter(pk=message_id).update(attempts=models.F("attempts") + 1)
    kwargs = {**message.kwargs, "outbox_id": message.pk}
    try:
        if current_app.conf.task_always_eager:
            current_app.tasks[message.task_name].apply(kwargs=kwargs, throw=True)
        else:
            current_app.send_task(message.task_name, kwargs=kwargs)
    except Exception as error:  # broker down (or, in-process, the task failed): retry later
        logger.warning("Outbox message %s not dispatched: %s", message_id, error)
        OutboxMessage.objects.filter(pk=message_id).update(last_error=str(error)[:2000])
        return False
    OutboxMessage.objects.filter(pk=message_id, dispatched_at=None).update(
        dispatched_at=timezone.now()
    )
    return True


def outbox_task(**task_options):
    """A Celery task that runs each outbox message at most once (callers may also call it
    without an outbox id, e.g. from tests or the shell)."""

    def decorator(func):
        @shared_task(name=f"{func.__module__}.{func.__name__}", **task_options)
        @functools.wraps(func)
        def task(*args, outbox_id: int | None = None, **kwargs):
            if outbox_id is None:
                return func(*args, **kwargs)
            try:
                with transaction.atomic():
                    message = OutboxMessage.objects.select_for_update().filter(pk=outbox_id).first()
                    if message is None or message.done_at:
                        return None
                    result = func(*args, **kwargs)
                    message.done_at = timezone.now()
                    message.last_error = ""
                    message.save(update_fields=["done_at", "last_error"])
                    return result
            except Exception as error:
                # Outside the rolled-back transaction, so business support see why.
                OutboxMessage.objects.filter(pk=outbox_id).update(last_error=repr(error)[:2000])
                raise

        return task

    return decorator


MAX_ATTEMPTS = 20


def pending(older_than_seconds: int = 60):
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return OutboxMessage.objects.filter(
        done_at=None, created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
    )


@shared_task(name="cscp.outbox.redispatch_pending")
def redispatch_pending(older_than_seconds: int = 60) -> int:
    """Send again what the broker did not take (or a worker did not finish)."""
    sent = 0
    for message_id in pending(older_than_seconds).values_list("pk", flat=True)[:500]:
        sent += dispatch(message_id)
    return sent


SWEEP_SECONDS = 60


class EmbeddedWorker:
    """Runs outbox messages in a daemon thread of the serving process when there is no broker.

    Started by the process's first request (so `runserver` and each gunicorn worker have one,
    and a management command has none). Messages arrive through an in-memory queue on commit;
    every SWEEP_SECONDS it also runs what is still pending (left by a restart, or by a failed
    attempt), as Celery beat's `redispatch_pending` does with a broker. A message taken twice
    (two gunicorn workers sweeping) still runs once: `outbox_task` marks it done under a lock.
    """

    _stop = object()

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._queue: queue.Queue = queue.Queue()

    @staticmethod
    def enabled() -> bool:
        return bool(getattr(settings, "OUTBOX_EMBEDDED_WORKER", False))

    def serving(self) -> bool:
        """True in a process whose worker thread is running (started by a request)."""
        return (
            self.enabled()
            and self._pid == os.getpid()
            and self._thread is not None
            and self._thread.is_alive()
        )

    def start(self, **_signal_kwargs) -> None:
        if not self.enabled() or self.serving():
            return
        with self._lock:
            if self.serving():
                return
            # A forked process (gunicorn worker) inherits no thread: it starts its own.
            self._pid = os.getpid()
            self._queue = queue.Queue()
            self._thread = threading.Thread(
                target=self._run, args=(self._queue,), name="cscp-outbox", daemon=True
            )
            self._thread.start()

    def submit(self, message_id: int) -> None:
        self._queue.put(message_id)

    def stop(self, timeout: float = 10) -> None:
        """Finish the message in hand and end the thread (tests; the process's exit does it)."""
        thread = self._thread
        if thread is None:
            return
        self._queue.put(self._stop)
        thread.join(timeout)
        self._thread = None

    def _run(self, inbox: queue.Queue) -> None:
        sweep_pending = True  # at start: what an earlier process left
        while True:
            try:
                item = None if sweep_pending else inbox.get(timeout=SWEEP_SECONDS)
            except queue.Empty:
                item = None
            if item is self._stop:
                close_old_connections()
                return
            try:
                if item is None:
                    ids = list(pending(SWEEP_SECONDS).values_list("pk", flat=True)[:500])
                else:
                    ids = [item]
                for message_id in ids:
                    dispatch(message_id, in_this_thread=True)
            except Exception:  # never let the thread die: the next sweep tries again
                logger.exception("Embedded outbox worker: message(s) %s", item)
            finally:
                sweep_pending = False
                close_old_connections()


embedded_worker = EmbeddedWorker()
