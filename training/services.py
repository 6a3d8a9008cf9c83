"""Every write of the training app. Keyword-only, atomic, validated first; e-mails are recorded
in the outbox with the write and queued as Celery tasks once the transaction has committed."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cscp.mail import send_mail
from cscp.models import Agency
from cscp.outbox import send_after_commit

from . import importer
from .models import FOLLOW_UP_AFTER, Booking, Completion, Course, Evaluation, ImportBatch, Session

BATCH_SIZE = 2000


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _queue(task_name: str, *, key: str, **kwargs) -> None:
    """Record the e-mail in the outbox with this write; it is sent once committed (and later,
    if the broker is down), exactly once per key."""
    send_after_commit(task_name, key=f"training.{key}", **kwargs)


# Booking ------------------------------------------------------------------------------------


def places_taken(session: Session) -> int:
    return session.bookings.holding_a_place().count()


@transaction.atomic
def booking_create(
    *,
    session: Session,
    name: str,
    email: str,
    agency: Agency | None = None,
    agency_other: str = "",
    job_role: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Book a place, or a place on the waiting list when the session is full.

    The session row is locked first, so simultaneous bookings are counted one after another
    and capacity is never exceeded."""
    locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    if not locked.is_open_for_booking(now):
        raise ValidationError("This session is no longer open for booking.")
    email = email.strip().lower()
    if locked.bookings.filter(email=email).exclude(status=Booking.Status.CANCELLED).exists():
        raise ValidationError(
            {"email": "There is already a booking for this e-mail address on this session."}
        )
    full = places_taken(locked) >= locked.capacity
    booking = Booking(
        session=locked,
        name=name.strip(),
        email=email,
        agency=agency,
        agency_other="" if agency else agency_other.strip(),
        job_role=job_role.strip(),
        status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
    )
    booking.full_clean()
    booking.save()
    _queue(
        "training.tasks.send_booking_confirmation",
        key=f"booking-confirmation:{booking.pk}",
        booking_id=booking.pk,
    )
    return booking


class CancellationRefused(ValidationError):
    pass


@transaction.atomic
def booking_cancel(
    *, booking: Booking, enforce_cutoff: bool = True, today: dt.date | None = None
) -> Booking | None:
    """Cancel a booking (up to the cut-off, unless business support cancel it). When it held a
    place, the first person on the waiting list is given it and told by e-mail. Returns the
    promoted booking, if any."""
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    booking = Booking.objects.select_related("session").get(pk=booking.pk)
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.WAITING):
        raise CancellationRefused("This booking cannot be cancelled.")
    if enforce_cutoff and not booking.may_cancel(today):
        cutoff = session.cancellation_cutoff()
        raise CancellationRefused(
            f"Bookings for this session could be cancelled until {cutoff:%-d %B %Y}. "
            "Please contact the partnership's business support team."
        )
    held_place = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.full_clean()
    booking.save()
    if not held_place:
        return None
    promoted = waiting_list_promote(session=session)
    return promoted


def waiting_list_promote(*, session: Session) -> Booking | None:
    """Give a free place to the first on the waiting list (call with the session locked)."""
    if places_taken(session) >= session.capacity:
        return None
    first = session.bookings.waiting().first()
    if first is None:
        return None
    first.status = Booking.Status.BOOKED
    first.full_clean()
    first.save()
    _queue("training.tasks.send_promotion_notice", key=f"promotion:{first.pk}", booking_id=first.pk)
    return first


@transaction.atomic
def session_fill_free_places(*, session: Session) -> list[Booking]:
    """After capacity is raised: give every free place to the waiting list, in order."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    promoted = []
    while (booking := waiting_list_promote(session=session)) is not None:
        promoted.append(booking)
    return promoted


# Attendance ---------------------------------------------------------------------------------


@transaction.atomic
def session_mark_attendance(*, session: Session, attended: dict[int, bool]) -> int:
    """Record who attended (True) and who did not (False). Attendees are e-mailed the
    evaluation link once. Returns the number of bookings marked."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.can_mark_attendance():
        raise ValidationError("Attendance can be marked from the day of the session.")
    now = timezone.now()
    bookings = session.bookings.holding_a_place().filter(pk__in=attended)
    marked = 0
    for booking in bookings:
        booking.status = (
            Booking.Status.ATTENDED if attended[booking.pk] else Booking.Status.DID_NOT_ATTEND
        )
        booking.attendance_marked_at = now
        if booking.status == Booking.Status.ATTENDED and booking.evaluation_requested_at is None:
            booking.evaluation_requested_at = now
            _queue(
                "training.tasks.send_evaluation_request",
                key=f"evaluation-request:{booking.pk}",
                booking_id=booking.pk,
            )
        booking.full_clean()
        booking.save()
        marked += 1
    return marked


# Evaluation ---------------------------------------------------------------------------------


@transaction.atomic
def evaluation_submit(
    *,
    booking: Booking,
    confidence_before: int,
    confidence_after: int,
    usefulness: int,
    comments: str = "",
) -> Evaluation:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.may_evaluate():
        raise ValidationError("Only people who attended the session can evaluate it.")
    if Evaluation.objects.filter(booking=booking).exists():
        raise ValidationError("This session has already been evaluated. Thank you.")
    evaluation = Evaluation(
        booking=booking,
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        usefulness=usefulness,
        comments=comments.strip(),
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def follow_up_submit(*, evaluation: Evaluation, doing_differently: str) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.follow_up_submitted_at:
        raise ValidationError("You have already answered the follow-up. Thank you.")
    if not doing_differently.strip():
        raise ValidationError({"doing_differently": "Tell us what you are doing differently."})
    evaluation.doing_differently = doing_differently.strip()
    evaluation.follow_up_submitted_at = timezone.now()
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def follow_ups_request_due(*, today: dt.date | None = None) -> int:
    """Queue the three-month follow-up to every evaluator whose session was three months ago
    (once each)."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(dt.datetime.combine(today - FOLLOW_UP_AFTER, dt.time.max))
    due = list(
        Evaluation.objects.select_for_update()
        .filter(follow_up_requested_at__isnull=True, booking__session__starts_at__lte=cutoff)
        .values_list("pk", flat=True)
    )
    Evaluation.objects.filter(pk__in=due).update(follow_up_requested_at=timezone.now())
    for pk in due:
        _queue("training.tasks.send_follow_up_request", key=f"follow-up:{pk}", evaluation_id=pk)
    return len(due)


# E-mails (called by the tasks) --------------------------------------------------------------


def _send(template: str, booking: Booking, subject: str, **extra) -> None:
    context = {
        "booking": booking,
        "session": booking.session,
        "course": booking.session.course,
        "manage_url": site_url(reverse("training_booking", kwargs={"token": booking.token})),
        **extra,
    }
    body = render_to_string(template, context)
    send_mail(subject, body, None, [booking.email])


def booking_confirmation_email(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("session__course").get(pk=booking_id)
    if booking.status == Booking.Status.WAITING:
        subject = f"You are on the waiting list: {booking.session.course.title}"
    else:
        subject = f"Booking confirmed: {booking.session.course.title}"
    _send("training/email/confirmation.txt", booking, subject)


def promotion_notice_email(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("session__course").get(pk=booking_id)
    _send(
        "training/email/promoted.txt",
        booking,
        f"A place is now yours: {booking.session.course.title}",
    )


def evaluation_request_email(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("session__course").get(pk=booking_id)
    url = site_url(reverse("training_evaluate", kwargs={"token": booking.token}))
    _send(
        "training/email/evaluation.txt",
        booking,
        f"How was it? Evaluate {booking.session.course.title}",
        evaluation_url=url,
    )


def follow_up_request_email(*, evaluation_id: int) -> None:
    evaluation = Evaluation.objects.select_related("booking__session__course").get(pk=evaluation_id)
    booking = evaluation.booking
    url = site_url(reverse("training_follow_up", kwargs={"token": booking.token}))
    _send(
        "training/email/follow_up.txt",
        booking,
        f"Three months on: {booking.session.course.title}",
        follow_up_url=url,
    )


# Completions import -------------------------------------------------------------------------


def known_courses() -> dict[str, int]:
    return {importer.normalise_name(t): pk for pk, t in Course.objects.values_list("pk", "title")}


def known_agencies() -> dict[str, int]:
    known: dict[str, int] = {}
    for pk, name, short in Agency.objects.values_list("pk", "name", "short_name"):
        known[importer.normalise_name(name)] = pk
        if short:
            known.setdefault(importer.normalise_name(short), pk)
    return known


@transaction.atomic
def import_batch_create(*, filename: str, stream, by) -> ImportBatch:
    """Read an upload and keep it for preview. Raises ValidationError if the file as a whole
    cannot be read."""
    try:
        parsed = importer.parse(filename, stream)
    except importer.ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    courses, agencies = known_courses(), known_agencies()
    batch = ImportBatch(
        filename=filename[:255],
        uploaded_by=by,
        row_count=parsed.row_count,
        rows=parsed.rows,
        errors=parsed.errors,
        error_count=parsed.error_count,
        unknown_courses=sorted(
            n for n in parsed.course_names if importer.normalise_name(n) not in courses
        ),
        unknown_agencies=sorted(
            n for n in parsed.agency_names if importer.normalise_name(n) not in agencies
        ),
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def import_mapping_set(
    *, batch: ImportBatch, course_mapping: dict[str, int], agency_mapping: dict[str, int | None]
) -> ImportBatch:
    """Say which catalogue course / agency each unknown name means (agency None: the learner's
    organisation is not a partner agency)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError("This import has already been confirmed or discarded.")
    valid_courses = set(
        Course.objects.filter(pk__in=[v for v in course_mapping.values() if v]).values_list(
            "pk", flat=True
        )
    )
    valid_agencies = set(
        Agency.objects.filter(pk__in=[v for v in agency_mapping.values() if v]).values_list(
            "pk", flat=True
        )
    )
    unknown_courses, unknown_agencies = set(batch.unknown_courses), set(batch.unknown_agencies)
    batch.course_mapping = {
        name: pk
        for name, pk in course_mapping.items()
        if name in unknown_courses and pk in valid_courses
    }
    batch.agency_mapping = {
        name: (pk if pk in valid_agencies else None)
        for name, pk in agency_mapping.items()
        if name in unknown_agencies and (pk is None or pk in valid_agencies)
    }
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def import_confirm(*, batch: ImportBatch, by=None) -> ImportBatch:
    """Write every row of the batch, or none: a problem anywhere rolls the whole import back.
    A completion already recorded (same e-mail, course and date) is skipped, so importing the
    same file again adds nothing."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.ready_to_confirm():
        raise ValidationError(
            "This import cannot be confirmed: correct the errors and map every unknown course "
            "and agency first."
        )
    # Each distinct name normalised once: an export repeats a few courses and agencies over
    # its 100,000 rows.
    norm = functools.lru_cache(maxsize=None)(importer.normalise_name)
    courses = known_courses()
    courses.update({norm(name): pk for name, pk in batch.course_mapping.items()})
    agencies = known_agencies()
    agencies.update({norm(name): pk for name, pk in batch.agency_mapping.items()})
    rows = [
        (
            learner[:150],
            email,
            agencies.get(norm(agency)) if agency else None,
            courses[norm(course)],
            dt.date.fromisoformat(date),
            batch.pk,
        )
        for _number, learner, email, agency, course, date in batch.rows
    ]
    completions_insert(rows)  # repeats within the file or of earlier imports are skipped
    batch.created_count = import_batch_record_history(batch=batch, user=by)
    batch.duplicate_count = batch.row_count - batch.created_count
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.rows = []  # written now; the completions themselves are the record
    batch.full_clean()
    batch.save()
    return batch


COMPLETION_COLUMNS = ("learner_name", "email", "agency_id", "course_id", "completed_on", "batch_id")


def completions_insert(rows: list[tuple]) -> None:
    """Insert (learner, e-mail, agency id, course id, date, batch id) rows, skipping any
    already recorded. Plain SQL: at 100,000 rows the ORM's per-object work dominates."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_completions(rows)
        return
    table = connection.ops.quote_name(Completion._meta.db_table)
    placeholders = ", ".join(["%s"] * len(COMPLETION_COLUMNS))
    sql = (
        f"INSERT INTO {table} ({', '.join(COMPLETION_COLUMNS)}) "  # noqa: S608 - no user input
        f"VALUES ({placeholders}) ON CONFLICT DO NOTHING"
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                sql,
                [(*row[:4], adapt(row[4]), row[5]) for row in rows[start : start + BATCH_SIZE]],
            )


def _copy_completions(rows: list[tuple]) -> None:
    """PostgreSQL: COPY the checked rows into a temporary table, then insert them from there
    skipping any already recorded (COPY itself cannot skip a duplicate). Several times the
    rows per second of batched INSERTs (bench/import_bench.py)."""
    table = connection.ops.quote_name(Completion._meta.db_table)
    columns = ", ".join(COMPLETION_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE completion_import (learner_name varchar(150), "
            "email varchar(254), agency_id bigint, course_id bigint, completed_on date, "
            "batch_id bigint) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY completion_import ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM completion_import "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute("DROP TABLE completion_import")


def import_batch_record_history(*, batch: ImportBatch, user=None) -> int:
    """Bulk inserts skip the audit trail: write the "created" history of the batch's
    completions (who imported them, from which file) in one statement. Returns how many."""
    table = connection.ops.quote_name(Completion._meta.db_table)
    history = connection.ops.quote_name(Completion.history.model._meta.db_table)
    columns = ", ".join(("id",) + COMPLETION_COLUMNS)
    sql = (
        f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "  # noqa: S608
        f"history_type, history_user_id) SELECT {columns}, %s, %s, '+', %s FROM {table} "
        "WHERE batch_id = %s"
    )
    reason = f"Imported from {batch.filename}"[:100]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, reason, user.pk if user else None, batch.pk])
        return cursor.rowcount


@transaction.atomic
def import_discard(*, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError("Only an import awaiting confirmation can be discarded.")
    batch.status = ImportBatch.Status.DISCARDED
    batch.rows = []
    batch.full_clean()
    batch.save()
    return batch
