"""The public booking page: no login, honeypot, rate limit, cancellation by link."""

import pytest
from django.core import mail

from training.models import Booking

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def form(n=1, **extra):
    return {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "agency": "",
        "agency_other": "Croydon Youth Club",
        "job_role": "Youth worker",
        **extra,
    }


def test_a_member_of_the_public_books_and_can_cancel(client, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=5)
    url = f"/training/sessions/{session.pk}/book/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form())
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response["Location"] == f"/training/bookings/{booking.token}/"
    assert booking.status == "booked"
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    page = client.get(response["Location"])
    assert b"Cancel my booking" in page.content
    client.post(response["Location"])
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_organisation_is_required(client):
    session = SessionFactory()
    response = client.post(f"/training/sessions/{session.pk}/book/", form(agency_other=""))
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert not Booking.objects.exists()


def test_the_error_summary_names_each_missing_field(client):
    session = SessionFactory()
    response = client.post(f"/training/sessions/{session.pk}/book/", form(name="", email=""))
    assert response.status_code == 200
    summary = response.content.decode().split("govuk-error-summary__list", 1)[1].split("</ul>")[0]
    assert "Enter your full name" in summary
    assert "Enter your work e-mail address" in summary
    assert "This field is required" not in summary
    assert not Booking.objects.exists()


def test_the_organisation_list_starts_with_a_prompt_not_other(client):
    from tests.factories import AgencyFactory

    AgencyFactory(name="Aardvark Academy Trust")
    session = SessionFactory()
    page = client.get(f"/training/sessions/{session.pk}/book/").content.decode()
    select = page.split('name="agency"', 1)[1].split("</select>")[0]
    options = select.split("<option")[1:]
    assert "Select your organisation" in options[0]
    assert "Other organisation" not in select
    assert "Aardvark Academy Trust" in options[1]


def test_the_honeypot_rejects_spam(client):
    session = SessionFactory()
    response = client.post(
        f"/training/sessions/{session.pk}/book/", form(website="http://spam.example")
    )
    assert response.status_code == 400
    assert not Booking.objects.exists()
    assert mail.outbox == []


def test_bookings_are_rate_limited_per_address(client, settings):
    settings.TRAINING_BOOKING_RATE_LIMIT = (3, 600)
    session = SessionFactory(capacity=10)
    url = f"/training/sessions/{session.pk}/book/"
    codes = [client.post(url, form(n)).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]
    response = client.post(url, form(9))
    assert b"Too many booking attempts" in response.content
    assert Booking.objects.count() == 3
    # Another address is not limited.
    other = client.post(url, form(10), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_a_full_session_offers_the_waiting_list(client):
    session = SessionFactory(capacity=1)
    url = f"/training/sessions/{session.pk}/book/"
    client.post(url, form(1))
    page = client.get(url)
    assert b"Join the waiting list" in page.content
    client.post(url, form(2))
    assert Booking.objects.get(email="person2@example.org").status == "waiting"


def test_course_list_and_detail_are_public(client, django_assert_max_num_queries):
    sessions = SessionFactory.create_batch(3)
    with django_assert_max_num_queries(6):
        response = client.get("/training/courses/")
    assert response.status_code == 200
    assert sessions[0].course.title.encode() in response.content
    response = client.get(f"/training/courses/{sessions[0].course.pk}/")
    assert b"Book" in response.content
