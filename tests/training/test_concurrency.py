"""Capacity is never exceeded, even when people book at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from training import services
from training.models import Booking

from .factories import SessionFactory

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")


def test_fifty_simultaneous_bookings_for_twenty_places():
    session = SessionFactory(capacity=20)
    barrier = threading.Barrier(50)
    errors = []

    def book(n):
        try:
            barrier.wait(timeout=30)
            services.book_place(
                session=session,
                name=f"Person {n}",
                email=f"person{n}@example.org",
                agency_other="Croydon Youth Club",
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(Booking.Status.BOOKED) == 20
    assert statuses.count(Booking.Status.WAITING) == 30


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    session = SessionFactory(capacity=5)
    booked = [
        services.book_place(
            session=session, name=f"P{n}", email=f"p{n}@example.org", agency_other="Club"
        )
        for n in range(10)
    ]
    barrier = threading.Barrier(5)
    errors = []

    def cancel(booking):
        try:
            barrier.wait(timeout=30)
            services.cancel_booking(booking=booking)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(b,)) for b in booked[:5]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(Booking.Status.BOOKED) == 5
    assert statuses.count(Booking.Status.CANCELLED) == 5
    assert statuses.count(Booking.Status.WAITING) == 0
