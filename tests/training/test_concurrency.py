"""Capacity is never exceeded, even when people book at the same moment (PostgreSQL)."""

from tests.concurrency import POSTGRES_ONLY, run_together
from training import services
from training.models import Booking

from .factories import SessionFactory

pytestmark = POSTGRES_ONLY


def test_fifty_simultaneous_bookings_for_twenty_places():
    session = SessionFactory(capacity=20)

    def book(n):
        return lambda: services.booking_create(
            session=session,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            agency_other="Croydon Youth Club",
        )

    outcomes = run_together(*(book(n) for n in range(50)))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    statuses = list(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(Booking.Status.BOOKED) == 20
    assert statuses.count(Booking.Status.WAITING) == 30


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    session = SessionFactory(capacity=5)
    booked = [
        services.booking_create(
            session=session, name=f"P{n}", email=f"p{n}@example.org", agency_other="Club"
        )
        for n in range(10)
    ]
    outcomes = run_together(*(lambda b=b: services.booking_cancel(booking=b) for b in booked[:5]))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    statuses = list(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(Booking.Status.BOOKED) == 5
    assert statuses.count(Booking.Status.CANCELLED) == 5
    assert statuses.count(Booking.Status.WAITING) == 0
