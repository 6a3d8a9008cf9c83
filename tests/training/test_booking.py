"""Booking: capacity, waiting list, promotion on cancellation, cut-off, e-mails by tasks."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cscp.working_days import subtract_working_days
from training import services
from training.models import Booking, Session, cancellation_cutoff

from .factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def book(session, n, **kwargs):
    return services.booking_create(
        session=session,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        agency_other="Croydon Youth Club",
        **kwargs,
    )


def test_places_are_booked_until_full_then_the_waiting_list(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [book(session, n).status for n in range(4)]
    assert statuses == ["booked", "booked", "waiting", "waiting"]
    subjects = [m.subject for m in mail.outbox]
    assert sum(s.startswith("Booking confirmed") for s in subjects) == 2
    assert sum(s.startswith("You are on the waiting list") for s in subjects) == 2
    assert mail.outbox[0].to == ["person0@example.org"]
    assert "/training/bookings/" in mail.outbox[0].body


def test_no_email_is_sent_when_the_booking_is_rolled_back(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.booking_create(session=session, name="A", email="a@example.org", agency_other="")
    assert callbacks == []
    assert mail.outbox == []
    assert not Booking.objects.exists()


def test_the_same_email_cannot_book_twice():
    session = SessionFactory()
    book(session, 1)
    with pytest.raises(ValidationError) as exc:
        book(session, 1)
    assert "already a booking" in str(exc.value)


def test_a_session_that_has_started_cannot_be_booked():
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        book(session, 1)


def test_cancelling_a_place_promotes_the_first_waiting_and_emails_them(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    first = book(session, 1)
    waiting_1 = book(session, 2)
    waiting_2 = book(session, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.booking_cancel(booking=first)
    assert promoted == waiting_1
    first.refresh_from_db()
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert (first.status, waiting_1.status, waiting_2.status) == ("cancelled", "booked", "waiting")
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    assert mail.outbox[0].subject.startswith("A place is now yours")


def test_cancelling_from_the_waiting_list_promotes_nobody():
    session = SessionFactory(capacity=1)
    book(session, 1)
    waiting = book(session, 2)
    third = book(session, 3)
    assert services.booking_cancel(booking=waiting) is None
    third.refresh_from_db()
    assert third.status == "waiting"


def test_cut_off_counts_working_days_before_the_session(settings):
    settings.TRAINING_CANCELLATION_CUTOFF_WORKING_DAYS = 2
    # Wednesday 5 January 2022: Tuesday 4 January is one working day before; Monday 3 January
    # is the New Year bank holiday (substitute day), so the second is Friday 31 December.
    assert cancellation_cutoff(dt.date(2022, 1, 5)) == dt.date(2021, 12, 31)
    assert cancellation_cutoff(dt.date(2022, 1, 12)) == dt.date(2022, 1, 10)
    settings.TRAINING_CANCELLATION_CUTOFF_WORKING_DAYS = 5
    assert cancellation_cutoff(dt.date(2022, 1, 12)) == dt.date(2022, 1, 5)


def test_cancellation_is_refused_after_the_cut_off():
    session = SessionFactory()
    booking = book(session, 1)
    cutoff = session.cancellation_cutoff()
    assert booking.may_cancel(today=cutoff)
    assert not booking.may_cancel(today=cutoff + dt.timedelta(days=1))
    with pytest.raises(services.CancellationRefused):
        services.booking_cancel(booking=booking, today=cutoff + dt.timedelta(days=1))
    booking.refresh_from_db()
    assert booking.status == "booked"
    # Business support may still cancel for someone (no cut-off).
    services.booking_cancel(
        booking=booking, enforce_cutoff=False, today=cutoff + dt.timedelta(days=1)
    )
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_cutoff_is_configurable_in_settings(settings):
    start = timezone.now() + dt.timedelta(days=30)
    session = SessionFactory(starts_at=start)
    settings.TRAINING_CANCELLATION_CUTOFF_WORKING_DAYS = 3
    assert session.cancellation_cutoff() == subtract_working_days(session.start_date, 3)


def test_attendance_marks_attended_and_did_not_attend_and_requests_evaluations(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(hours=4))
    came, missed = BookingFactory.create_batch(2, session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.session_mark_attendance(
            session=session, attended={came.pk: True, missed.pk: False, waiting.pk: True}
        )
    assert count == 2  # the waiting-list booking held no place, so it is not on the register
    came.refresh_from_db()
    missed.refresh_from_db()
    waiting.refresh_from_db()
    assert (came.status, missed.status, waiting.status) == (
        "attended",
        "did_not_attend",
        "waiting",
    )
    assert [m.to for m in mail.outbox] == [[came.email]]
    assert f"/training/evaluate/{came.token}/" in mail.outbox[0].body
    # Marking again does not e-mail a second time.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_mark_attendance(session=session, attended={came.pk: True})
    assert mail.outbox == []


def test_attendance_cannot_be_marked_before_the_day():
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    booking = BookingFactory(session=session)
    with pytest.raises(ValidationError):
        services.session_mark_attendance(session=session, attended={booking.pk: True})


def test_session_validation():
    session = Session(
        course=SessionFactory().course,
        starts_at=timezone.now(),
        ends_at=timezone.now() - dt.timedelta(hours=1),
        mode=Session.Mode.FACE_TO_FACE,
        capacity=10,
    )
    with pytest.raises(ValidationError) as exc:
        session.full_clean()
    assert "ends_at" in exc.value.message_dict
    assert "venue" not in exc.value.message_dict or exc.value.message_dict["venue"]


def test_raising_capacity_gives_places_to_the_waiting_list_in_order(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    book(session, 1)
    second, third, fourth = (book(session, n) for n in (2, 3, 4))
    Session.objects.filter(pk=session.pk).update(capacity=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.session_fill_free_places(session=session)
    assert promoted == [second, third]
    fourth.refresh_from_db()
    assert fourth.status == "waiting"
    assert len(mail.outbox) == 2


def test_admin_action_cancels_and_promotes(support_client):
    session = SessionFactory(capacity=1)
    first = book(session, 1)
    waiting = book(session, 2)
    response = support_client.post(
        "/admin/training/booking/",
        {"action": "cancel_and_promote", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "booked"
