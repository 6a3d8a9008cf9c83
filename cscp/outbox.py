"""Nothing is lost when the broker is down; a message is delivered at least once and acted
on once per idempotency key.

A write that should trigger a task (an e-mail, a PDF) records an `OutboxMessage` in its own
transaction — so it exists exactly when the write does — and asks for dispatch on commit.

Each hand-over to the queue spends one attempt and takes a lease (OUTBOX_LEASE_SECONDS): while
it runs, the beat sweep (`redispatch_pending`, every minute) leaves the message alone. The
sweep sends only messages never handed over or whose lease ran out — a lost worker, or a
failed run whose back-off has passed — claiming them with `select_for_update(skip_locked=True)`
so two sweeps never send the same message. A broker that refuses the hand-over spends no
attempt (the task never ran): an outage of any length loses nothing. This is the only retry
mechanism for outbox tasks: `@outbox_task` refuses Celery's own retry options. A failed run
backs off by the one retry policy (`RETRY`: doubling from a minute, at most an hour); after
`RETRY.attempts` runs the message is given up and business support are e-mailed once.
Beat tasks (`@beat_task`), which no outbox message carries, are retried by Celery with the
same policy: each job has exactly one mechanism spending its attempts. Tasks declared with
`@outbox_task` mark a message done under a row lock, so a copy delivered twice finds it done
and does nothing.

Services name the task they queue (`send_after_commit("training.tasks.send_booking_...")`):
they never import their app's tasks module, which imports the services (ADR 0012).

With no broker (the embedded default) a process that serves requests runs the messages in a
background thread of its own (`EmbeddedWorker`, ADR 0008), so no request waits for a PDF or an
e-mail; a process that serves none (a management command, the shell) runs them in-process on
commit, as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import queue
import threading
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import close_old_connections, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times a failed job runs and how long it waits between runs: the one policy,
    applied by the outbox sweep to outbox messages and by Celery to beat tasks."""

    attempts: int = 10
    first_backoff_seconds: int = 60
    max_backoff_seconds: int = 3600

    def backoff(self, attempts: int) -> dt.timedelta:
        """The wait after the `attempts`-th failed run: 1, 2, 4 … minutes, at most an hour."""
        seconds = self.first_backoff_seconds * 2 ** max(attempts - 1, 0)
        return dt.timedelta(seconds=min(seconds, self.max_backoff_seconds))

    def celery_options(self) -> dict:
        """The same policy as Celery task options (countdown first × 2^retries, capped)."""
        return {
            "autoretry_for": (Exception,),
            "max_retries": self.attempts - 1,
            "retry_backoff": self.first_backoff_seconds,
            "retry_backoff_max": self.max_backoff_seconds,
            "retry_jitter": False,
        }


RETRY = RetryPolicy()
MAX_ATTEMPTS = RETRY.attempts
CELERY_RETRY_OPTIONS = {
    "autoretry_for",
    "max_retries",
    "retry_backoff",
    "retry_backoff_max",
    "retry_jitter",
    "retry_kwargs",
}


def lease_seconds() -> int:
    """How long a handed-over message may take before the sweep thinks its worker lost."""
    return int(getattr(settings, "OUTBOX_LEASE_SECONDS", 600))


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
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="The sweep leaves the message alone until then."
    )
    alerted_at = models.DateTimeField(
        null=True, blank=True, help_text="When business support were told it was given up."
    )
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
        if self.attempts >= RETRY.attempts:
            return "failed"
        return "dispatched" if self.dispatched_at else "pending"


def send_after_commit(task_name: str, *, key: str, **kwargs) -> OutboxMessage:
    """Record that the task called `task_name` (its module and function, e.g.
    "training.tasks.send_booking_confirmation") must run with `kwargs` once this transaction
    commits. A name no installed app's tasks module defines is refused here, not at dispatch."""
    if not isinstance(task_name, str):
        raise TypeError("Queue a task by its name (e.g. 'training.tasks.send_...'), not the task")
    if not getattr(registered_task(task_name), "is_outbox_task", False):
        raise LookupError(f"{task_name} is not an @outbox_task")
    message, created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"task_name": task_name, "kwargs": kwargs}
    )
    if created:
        transaction.on_commit(functools.partial(dispatch, message.pk))
    return message


def registered_task(name: str):
    """The Celery task called `name`. A worker imports every installed app's tasks module at
    start-up (Celery's autodiscovery); any other process does the same the first time it needs
    a task it has not met. LookupError for a name no app defines."""
    from celery import current_app

    if name not in current_app.tasks:
        current_app.autodiscover_tasks(force=True)
    try:
        return current_app.tasks[name]
    except KeyError:
        raise LookupError(f"No task {name!r} in any installed app's tasks module") from None


def dispatch(message_id: int, *, in_this_thread: bool = False) -> bool:
    """Hand the message to the queue (in-process: run it). One attempt, one lease."""
    message = OutboxMessage.objects.get(pk=message_id)
    if message.done_at:
        return True
    from celery import current_app

    if current_app.conf.task_always_eager and not in_this_thread and embedded_worker.serving():
        embedded_worker.submit(message_id)
        return True

    now = timezone.now()
    OutboxMessage.objects.filter(pk=message_id).update(
        attempts=models.F("attempts") + 1,
        lease_until=now + dt.timedelta(seconds=lease_seconds()),
    )
    kwargs = {**message.kwargs, "outbox_id": message.pk}
    if current_app.conf.task_always_eager:
        try:
            registered_task(message.task_name).apply(kwargs=kwargs, throw=True)
        except Exception as error:  # the task failed; @outbox_task recorded it
            logger.warning("Outbox message %s failed: %s", message_id, error)
            record_failure(message_id, error)
            return False
    else:
        try:
            current_app.send_task(message.task_name, kwargs=kwargs)
        except Exception as error:  # broker down: the task never ran, so no attempt is spent
            logger.warning("Outbox message %s not dispatched: %s", message_id, error)
            OutboxMessage.objects.filter(pk=message_id).update(
                attempts=models.F("attempts") - 1, lease_until=None, last_error=repr(error)[:2000]
            )
            return False
    OutboxMessage.objects.filter(pk=message_id, dispatched_at=None).update(dispatched_at=now)
    return True


def record_failure(message_id: int, error: BaseException) -> None:
    """A run failed: keep the error, back off, and tell business support once it is given up."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.done_at:
        return
    OutboxMessage.objects.filter(pk=message_id).update(
        last_error=repr(error)[:2000], lease_until=timezone.now() + RETRY.backoff(message.attempts)
    )
    if message.attempts >= RETRY.attempts:
        _alert_given_up(message_id)


def _alert_given_up(message_id: int) -> None:
    # The conditional update makes the alert once-only, even from two workers at once.
    if not OutboxMessage.objects.filter(pk=message_id, alerted_at=None).update(
        alerted_at=timezone.now()
    ):
        return
    from cscp.mail import addresses_of
    from cscp.roles import Role

    message = OutboxMessage.objects.get(pk=message_id)
    recipients = addresses_of(Role.BUSINESS_SUPPORT)
    if not recipients:
        logger.error("Outbox message %s given up and nobody to tell", message_id)
        return
    site = getattr(settings, "SITE_URL", "")
    body = (
        f"A message the site had to send was tried {message.attempts} times and has been "
        f"given up.\n\nTask: {message.task_name}\nKey: {message.key}\n"
        f"Last error: {message.last_error}\n\n"
        f"See it, fix the cause and send it again: {site}/admin/cscp/outboxmessage/{message.pk}/"
    )
    try:
        # Straight to SMTP, not through the outbox: the outbox may be what is failing.
        send_mail("A message could not be sent", body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        logger.exception("Could not tell business support about outbox message %s", message_id)


def outbox_task(**task_options):
    """A Celery task that acts on each outbox message once (callers may also call it
    without an outbox id, e.g. from tests or the shell). Celery's retry options are refused:
    the outbox's sweep is the one retry mechanism."""
    refused = CELERY_RETRY_OPTIONS & task_options.keys()
    if refused:
        raise TypeError(
            f"outbox tasks are retried by the outbox sweep, not Celery: drop {sorted(refused)}"
        )

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
                record_failure(outbox_id, error)
                raise

        task.is_outbox_task = True
        return task

    return decorator


def beat_task(func):
    """A task Celery beat runs on a schedule (no outbox message carries it): a failed run is
    retried by Celery, with the one retry policy."""
    return shared_task(name=f"{func.__module__}.{func.__name__}", **RETRY.celery_options())(func)


def pending(older_than_seconds: int = 60):
    """Messages the sweep should send: not done, not given up, never handed over or their
    lease run out (a fresh message is left a minute for its own on-commit dispatch)."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=older_than_seconds)
    return OutboxMessage.objects.filter(
        models.Q(lease_until=None) | models.Q(lease_until__lte=now),
        done_at=None,
        created_at__lte=cutoff,
        attempts__lt=RETRY.attempts,
    ).order_by("created_at")


@shared_task(name="cscp.outbox.redispatch_pending")
def redispatch_pending(older_than_seconds: int = 60) -> int:
    """Send again what the broker did not take, a worker did not finish, or a failed run
    whose back-off has passed."""
    with transaction.atomic():
        # Claim under lock, skipping rows another sweep (or a running task) holds; the short
        # lease set here keeps a second sweep off them once this transaction commits.
        claimed = list(
            pending(older_than_seconds)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:500]
        )
        OutboxMessage.objects.filter(pk__in=claimed).update(
            lease_until=timezone.now() + dt.timedelta(seconds=lease_seconds())
        )
    return sum(dispatch(message_id) for message_id in claimed)


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
