"""Business support mark attendance on the register page."""

import pytest

from training.models import Booking

from .factories import BookingFactory, SessionFactory, past_session

pytestmark = pytest.mark.django_db


def test_register_marks_attendance(support_client, django_capture_on_commit_callbacks):
    session = past_session(days_ago=0)
    came, missed = BookingFactory.create_batch(2, session=session)
    BookingFactory(session=session, status=Booking.Status.WAITING, name="Waiting Person")
    page = support_client.get(f"/training/registers/{session.pk}/")
    assert page.status_code == 200
    assert b"Waiting Person" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(
            f"/training/registers/{session.pk}/",
            {f"booking_{came.pk}": "attended", f"booking_{missed.pk}": "did_not_attend"},
        )
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == ("attended", "did_not_attend")


def test_future_register_cannot_be_marked_yet(support_client):
    session = SessionFactory()
    BookingFactory(session=session)
    page = support_client.get(f"/training/registers/{session.pk}/")
    assert b"Attendance can be marked from the day of the session" in page.content


def test_session_list_query_count(support_client, django_assert_max_num_queries):
    for _ in range(5):
        BookingFactory(session=SessionFactory())
    # 9: one of them is the partnership record every page's header and footer show, read once
    # per request (cached on the request by current_partnership), not once per row.
    with django_assert_max_num_queries(9):
        assert support_client.get("/training/registers/").status_code == 200


def test_agency_leads_and_executives_cannot_take_registers(agency_lead_client, lead_agency):
    session = past_session(days_ago=0)
    booking = BookingFactory(session=session, agency=lead_agency)
    response = agency_lead_client.post(
        f"/training/registers/{session.pk}/", {f"booking_{booking.pk}": "attended"}
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_the_trainer_takes_the_register_with_the_sessions_own_link(
    client, support_client, django_capture_on_commit_callbacks
):
    session = past_session(days_ago=0)
    other = past_session(days_ago=0)
    assert session.register_token != other.register_token
    booking = BookingFactory(session=session)
    assert (
        session.register_token.encode()
        in support_client.get(f"/training/registers/{session.pk}/").content
    )
    url = f"/training/registers/trainer/{session.register_token}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {f"booking_{booking.pk}": "attended"})
    assert response.status_code == 302
    assert response["Location"] == url
    booking.refresh_from_db()
    assert booking.status == "attended"
    # Another session's booking cannot be marked through this link.
    stranger = BookingFactory(session=other)
    client.post(url, {f"booking_{stranger.pk}": "attended"})
    stranger.refresh_from_db()
    assert stranger.status == "booked"
    assert client.get("/training/registers/trainer/not-the-token/").status_code == 404
