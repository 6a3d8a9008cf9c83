"""Journey: a member of the public books a place; business support mark attendance."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cscp.roles import Role
from tests.browser import assert_accessible, login
from tests.factories import TEST_PASSWORD, AgencyFactory, UserFactory
from training.models import Booking, Session

from .factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_books_a_place_and_business_support_marks_attendance(page, live_server):
    from cscp.roles import sync_role_groups

    sync_role_groups()
    AgencyFactory(name="Early Help", short_name="Early Help")
    support = UserFactory(username="browser-training-support", roles=[Role.BUSINESS_SUPPORT])
    session = SessionFactory(course__title="Trauma Informed Approach", capacity=5)

    # A professional, not signed in, finds the course and books.
    page.goto(f"{live_server.url}/training/courses/")
    assert_accessible(page)
    page.get_by_role("link", name="Trauma Informed Approach").click()
    page.get_by_role("link", name="Book").click()
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Sam Okafor")
    page.get_by_label("Work e-mail address").fill("sam.okafor@example.org")
    page.get_by_label("Organisation", exact=True).select_option(label="Early Help")
    page.get_by_label("Your role").fill("Family support worker")
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Place booked")).to_be_visible()
    assert_accessible(page)
    booking = Booking.objects.get(email="sam.okafor@example.org")
    assert booking.status == "booked"

    # The day of the session comes.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(minutes=1),
    )

    login(page, live_server, support.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/training/registers/")
    page.get_by_role("link", name="Trauma Informed Approach").click()
    assert_accessible(page)
    page.get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Attendance saved for 1 person")
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.status == "attended"

    # The other pages business support use pass the same accessibility check.
    for path in ("/training/dashboard/", "/training/imports/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
