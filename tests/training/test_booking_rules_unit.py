"""The training services' rules as a person sees them: the exact message and the field it is
shown against, what is stored (timestamps, stripped text, defaults), the idempotency key of each
queued e-mail (a changed key would send twice or never), the links in e-mails, and that a failure
part-way through a service leaves nothing written. Written to kill the mutants of
training/services.py that survived the booking tests (scripts/mutation.sh)."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from cscp.models import OutboxMessage
from tests.factories import AgencyFactory
from training import services
from training.models import FOLLOW_UP_AFTER, Booking, Completion, Evaluation

from .factories import (
    BookingFactory,
    CourseFactory,
    EvaluationFactory,
    SessionFactory,
    past_session,
)

pytestmark = pytest.mark.django_db


def errors(excinfo) -> dict[str, list[str]]:
    """The messages of a ValidationError by field, as a form would show them."""
    exc = excinfo.value
    return exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}


def keys() -> list[str]:
    return sorted(OutboxMessage.objects.values_list("key", flat=True))


class Boom(Exception):
    pass


def failing_queue_on_call(n: int):
    """A stand-in for services._queue that records the message and fails at call `n`."""
    real, calls = services._queue, []

    def queue(task_name, **kwargs):
        calls.append(kwargs["key"])
        if len(calls) == n:
            raise Boom
        real(task_name, **kwargs)

    return queue


# Links in e-mails ----------------------------------------------------------------------------


def test_site_url_joins_the_configured_address_without_a_double_slash(settings):
    settings.SITE_URL = "https://training.example.org/"
    assert services.site_url("/training/booking/abc/") == (
        "https://training.example.org/training/booking/abc/"
    )


def test_site_url_defaults_to_the_local_server(settings):
    del settings.SITE_URL
    assert services.site_url("/x/") == "http://127.0.0.1:8000/x/"


def test_confirmation_email_links_to_the_booking_on_the_site(settings):
    settings.SITE_URL = "https://training.example.org"
    starts_at = timezone.make_aware(dt.datetime(2031, 3, 4, 9, 30))
    session = SessionFactory(course__title="Neglect", starts_at=starts_at)
    booking = BookingFactory(session=session, name="Ann Smith", email="ann@example.org")
    services.booking_confirmation_email(booking_id=booking.pk)
    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.subject == "Booking confirmed: Neglect"
    assert message.body.startswith("Dear Ann Smith,\n\nYour place is booked.\n")
    assert "Course: Neglect\nWhen: Tuesday 4 March 2031, 09:30 to 12:30\n" in message.body
    assert f"https://training.example.org/training/bookings/{booking.token}/" in message.body


def test_waiting_list_confirmation_says_so():
    booking = BookingFactory(status=Booking.Status.WAITING)
    services.booking_confirmation_email(booking_id=booking.pk)
    assert mail.outbox[0].subject == (
        f"You are on the waiting list: {booking.session.course.title}"
    )


def test_promotion_evaluation_and_follow_up_emails(settings):
    settings.SITE_URL = "https://training.example.org"
    booking = BookingFactory(status=Booking.Status.ATTENDED, email="bo@example.org")
    title, token = booking.session.course.title, booking.token
    services.promotion_notice_email(booking_id=booking.pk)
    services.evaluation_request_email(booking_id=booking.pk)
    evaluation = EvaluationFactory(booking=booking)
    services.follow_up_request_email(evaluation_id=evaluation.pk)
    promoted, evaluate, follow_up = mail.outbox
    assert [m.to for m in mail.outbox] == [["bo@example.org"]] * 3
    assert promoted.subject == f"A place is now yours: {title}"
    assert f"https://training.example.org/training/bookings/{token}/" in promoted.body
    assert evaluate.subject == f"How was it? Evaluate {title}"
    assert f"https://training.example.org/training/evaluate/{token}/" in evaluate.body
    assert follow_up.subject == f"Three months on: {title}"
    assert f"https://training.example.org/training/follow-up/{token}/" in follow_up.body


# Booking -------------------------------------------------------------------------------------


def test_booking_stores_stripped_details_and_queues_one_confirmation():
    session = SessionFactory()
    booking = services.booking_create(
        session=session,
        name="  Ann Smith ",
        email=" Ann@Example.ORG ",
        agency_other="  Little Acorns Nursery  ",
        job_role=" Manager ",
    )
    assert (booking.name, booking.email) == ("Ann Smith", "ann@example.org")
    assert (booking.agency_other, booking.job_role) == ("Little Acorns Nursery", "Manager")
    assert booking.status == Booking.Status.BOOKED
    assert keys() == [f"training.booking-confirmation:{booking.pk}"]
    message = OutboxMessage.objects.get()
    assert message.task_name == "training.tasks.send_booking_confirmation"
    assert message.kwargs == {"booking_id": booking.pk}


def test_booking_with_an_agency_keeps_no_other_organisation_and_no_role_by_default():
    agency = AgencyFactory()
    booking = services.booking_create(
        session=SessionFactory(),
        name="Bo",
        email="bo@example.org",
        agency=agency,
        agency_other="Ignored",
    )
    booking.refresh_from_db()
    assert (booking.agency, booking.agency_other, booking.job_role) == (agency, "", "")


def test_booking_without_any_organisation_is_refused_on_the_agency_field():
    with pytest.raises(ValidationError) as excinfo:
        services.booking_create(session=SessionFactory(), name="Bo", email="bo@example.org")
    assert errors(excinfo) == {
        "agency": ["Choose your organisation, or enter its name under Other."]
    }
    assert not Booking.objects.exists()


def test_booking_a_closed_session_is_refused_with_its_message():
    with pytest.raises(ValidationError) as excinfo:
        services.booking_create(
            session=past_session(), name="Bo", email="bo@example.org", agency=AgencyFactory()
        )
    assert errors(excinfo) == {NON_FIELD_ERRORS: ["This session is no longer open for booking."]}


def test_a_second_booking_for_an_address_is_refused_on_the_email_field():
    session = SessionFactory()
    BookingFactory(session=session, email="bo@example.org")
    with pytest.raises(ValidationError) as excinfo:
        services.booking_create(
            session=session, name="Bo", email=" BO@example.org", agency=AgencyFactory()
        )
    assert errors(excinfo) == {
        "email": ["There is already a booking for this e-mail address on this session."]
    }


def test_a_booking_is_rolled_back_when_its_confirmation_cannot_be_recorded(monkeypatch):
    monkeypatch.setattr(services, "_queue", failing_queue_on_call(1))
    with pytest.raises(Boom):
        services.booking_create(
            session=SessionFactory(), name="Bo", email="bo@example.org", agency=AgencyFactory()
        )
    assert not Booking.objects.exists()


# Cancelling and the waiting list -------------------------------------------------------------


def test_cancelling_records_when_and_promotes_the_first_waiting_with_one_notice():
    session = SessionFactory(capacity=1)
    booked = BookingFactory(session=session)
    first = BookingFactory(session=session, status=Booking.Status.WAITING)
    BookingFactory(session=session, status=Booking.Status.WAITING)
    before = timezone.now()
    promoted = services.booking_cancel(booking=booked)
    booked.refresh_from_db()
    assert booked.status == Booking.Status.CANCELLED
    assert before <= booked.cancelled_at <= timezone.now()
    assert promoted == first
    assert keys() == [f"training.promotion:{first.pk}"]
    assert OutboxMessage.objects.get().task_name == "training.tasks.send_promotion_notice"


def test_a_booking_already_cancelled_cannot_be_cancelled_again():
    booking = BookingFactory(status=Booking.Status.CANCELLED)
    with pytest.raises(services.CancellationRefused) as excinfo:
        services.booking_cancel(booking=booking, enforce_cutoff=False)
    assert errors(excinfo) == {NON_FIELD_ERRORS: ["This booking cannot be cancelled."]}


def test_after_the_cutoff_the_booker_is_told_the_date_and_whom_to_contact():
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=1))
    booking = BookingFactory(session=session)
    cutoff = session.cancellation_cutoff()
    with pytest.raises(services.CancellationRefused) as excinfo:
        services.booking_cancel(booking=booking)  # the cut-off applies unless waived
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: [
            f"Bookings for this session could be cancelled until {cutoff.day} "
            f"{cutoff:%B %Y}. Please contact the partnership's business support team."
        ]
    }
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_at) == (Booking.Status.BOOKED, None)


def test_a_cancellation_is_rolled_back_when_the_promotion_cannot_be_recorded(monkeypatch):
    session = SessionFactory(capacity=1)
    booked = BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITING)
    monkeypatch.setattr(services, "_queue", failing_queue_on_call(1))
    with pytest.raises(Boom):
        services.booking_cancel(booking=booked)
    booked.refresh_from_db()
    waiting.refresh_from_db()
    assert (booked.status, booked.cancelled_at) == (Booking.Status.BOOKED, None)
    assert waiting.status == Booking.Status.WAITING


def test_filling_free_places_is_all_or_nothing(monkeypatch):
    session = SessionFactory(capacity=2)
    waiting = [BookingFactory(session=session, status=Booking.Status.WAITING) for _ in range(2)]
    monkeypatch.setattr(services, "_queue", failing_queue_on_call(2))
    with pytest.raises(Boom):
        services.session_fill_free_places(session=session)
    assert set(Booking.objects.values_list("status", flat=True)) == {Booking.Status.WAITING}
    monkeypatch.undo()
    assert services.session_fill_free_places(session=session) == waiting
    assert keys() == sorted(f"training.promotion:{b.pk}" for b in waiting)


# Attendance ----------------------------------------------------------------------------------


def test_marking_attendance_stamps_the_time_and_requests_one_evaluation_per_attendee():
    session = past_session()
    came, absent = BookingFactory(session=session), BookingFactory(session=session)
    before = timezone.now()
    assert services.session_mark_attendance(
        session=session, attended={came.pk: True, absent.pk: False}
    )
    came.refresh_from_db()
    absent.refresh_from_db()
    assert before <= came.attendance_marked_at <= timezone.now()
    assert came.evaluation_requested_at == came.attendance_marked_at
    assert absent.attendance_marked_at == came.attendance_marked_at
    assert absent.evaluation_requested_at is None
    assert keys() == [f"training.evaluation-request:{came.pk}"]
    assert OutboxMessage.objects.get().task_name == "training.tasks.send_evaluation_request"


def test_attendance_cannot_be_marked_before_the_day():
    session = SessionFactory()
    booking = BookingFactory(session=session)
    with pytest.raises(ValidationError) as excinfo:
        services.session_mark_attendance(session=session, attended={booking.pk: True})
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["Attendance can be marked from the day of the session."]
    }


def test_a_register_is_all_or_nothing(monkeypatch):
    session = past_session()
    bookings = [BookingFactory(session=session) for _ in range(2)]
    monkeypatch.setattr(services, "_queue", failing_queue_on_call(2))
    with pytest.raises(Boom):
        services.session_mark_attendance(session=session, attended={b.pk: True for b in bookings})
    for booking in bookings:
        booking.refresh_from_db()
        assert (booking.status, booking.attendance_marked_at) == (Booking.Status.BOOKED, None)
        assert booking.evaluation_requested_at is None


# Evaluation ----------------------------------------------------------------------------------


def test_an_attendee_evaluates_once_with_comments_optional():
    booking = BookingFactory(status=Booking.Status.ATTENDED)
    evaluation = services.evaluation_submit(
        booking=booking, confidence_before=2, confidence_after=4, usefulness=5
    )
    evaluation.refresh_from_db()
    assert (evaluation.booking, evaluation.comments) == (booking, "")
    assert (evaluation.confidence_before, evaluation.confidence_after) == (2, 4)
    assert evaluation.usefulness == 5
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_submit(
            booking=booking, confidence_before=2, confidence_after=4, usefulness=5
        )
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["This session has already been evaluated. Thank you."]
    }


def test_only_attendees_may_evaluate():
    booking = BookingFactory(status=Booking.Status.BOOKED)
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_submit(
            booking=booking, confidence_before=2, confidence_after=4, usefulness=5
        )
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["Only people who attended the session can evaluate it."]
    }
    assert not Evaluation.objects.exists()


def test_the_follow_up_stores_the_stripped_answer_and_when_once():
    evaluation = EvaluationFactory()
    before = timezone.now()
    services.follow_up_submit(evaluation=evaluation, doing_differently="  Ask sooner.  ")
    evaluation.refresh_from_db()
    assert evaluation.doing_differently == "Ask sooner."
    assert before <= evaluation.follow_up_submitted_at <= timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_submit(evaluation=evaluation, doing_differently="Again")
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["You have already answered the follow-up. Thank you."]
    }


def test_an_empty_follow_up_answer_is_refused_on_its_field():
    evaluation = EvaluationFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_submit(evaluation=evaluation, doing_differently="   ")
    assert errors(excinfo) == {"doing_differently": ["Tell us what you are doing differently."]}
    evaluation.refresh_from_db()
    assert evaluation.follow_up_submitted_at is None


def evaluation_of_session_on(day: dt.date) -> Evaluation:
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    session = SessionFactory(starts_at=starts_at)
    return EvaluationFactory(booking=BookingFactory(session=session, status="attended"))


def test_follow_ups_are_requested_three_months_after_the_session_once_each():
    today = timezone.localdate()
    due = evaluation_of_session_on(today - FOLLOW_UP_AFTER)
    evaluation_of_session_on(today - FOLLOW_UP_AFTER + dt.timedelta(days=1))  # not yet
    before = timezone.now()
    assert services.follow_ups_request_due() == 1
    due.refresh_from_db()
    assert before <= due.follow_up_requested_at <= timezone.now()
    assert keys() == [f"training.follow-up:{due.pk}"]
    assert OutboxMessage.objects.get().task_name == "training.tasks.send_follow_up_request"
    assert services.follow_ups_request_due() == 0


def test_follow_ups_are_counted_from_the_day_given():
    session_day = timezone.localdate() - dt.timedelta(days=200)
    evaluation_of_session_on(session_day)
    assert services.follow_ups_request_due(today=session_day + dt.timedelta(days=30)) == 0
    assert services.follow_ups_request_due(today=session_day + FOLLOW_UP_AFTER) == 1


def test_follow_up_requests_are_all_or_nothing(monkeypatch):
    day = timezone.localdate() - dt.timedelta(days=200)
    evaluations = [evaluation_of_session_on(day) for _ in range(2)]
    monkeypatch.setattr(services, "_queue", failing_queue_on_call(2))
    with pytest.raises(Boom):
        services.follow_ups_request_due()
    for evaluation in evaluations:
        evaluation.refresh_from_db()
        assert evaluation.follow_up_requested_at is None


# Completions import --------------------------------------------------------------------------


def test_insert_completions_writes_rows_and_skips_repeats():
    course = CourseFactory()
    row = ("Ann", "ann@example.org", None, course.pk, dt.date(2021, 6, 1), None)
    services.completions_insert([row, row])
    services.completions_insert([row])
    completion = Completion.objects.get()
    assert (completion.learner_name, completion.email) == ("Ann", "ann@example.org")
    assert (completion.course, completion.completed_on) == (course, dt.date(2021, 6, 1))


CSV_HEADER = "Learner,Email,Agency,Course,Completion date\n"


def upload(text: str, name: str = "export.csv"):
    stream = io.BytesIO((CSV_HEADER + text).encode())
    return services.import_batch_create(filename=name, stream=stream, by=None)


def test_an_unreadable_upload_is_refused_on_the_file_field():
    with pytest.raises(ValidationError) as excinfo:
        services.import_batch_create(filename="x.csv", stream=io.BytesIO(b"Colour\nred\n"), by=None)
    assert errors(excinfo) == {
        "file": ["The file has no column for: learner, e-mail, agency, course, completion date."]
    }


def test_a_long_filename_is_kept_to_its_first_255_characters():
    name = "a" * 300 + ".csv"
    batch = upload("", name=name)
    batch.refresh_from_db()
    assert batch.filename == name[:255]


def test_only_unknown_names_are_mapped_and_a_settled_import_refuses_changes():
    course = CourseFactory(title="Level 1")
    batch = upload("Ann,ann@example.org,,Level 9,2021-05-04\n")
    assert batch.unknown_courses == ["Level 9"]
    batch = services.import_mapping_set(
        batch=batch,
        course_mapping={"Level 9": course.pk, "Level 1": course.pk},
        agency_mapping={"Nowhere": None},
    )
    assert (batch.course_mapping, batch.agency_mapping) == ({"Level 9": course.pk}, {})
    services.import_discard(batch=batch)
    with pytest.raises(ValidationError) as excinfo:
        services.import_mapping_set(batch=batch, course_mapping={}, agency_mapping={})
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["This import has already been confirmed or discarded."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.import_discard(batch=batch)
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["Only an import awaiting confirmation can be discarded."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.import_confirm(batch=batch)
    assert errors(excinfo) == {
        NON_FIELD_ERRORS: [
            "This import cannot be confirmed: correct the errors and map every unknown course "
            "and agency first."
        ]
    }
