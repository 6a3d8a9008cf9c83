"""First journey: each role signs in, lands on its own home page, and signs out."""

import pytest
from playwright.sync_api import expect

from cscp.roles import Role
from tests.browser import assert_accessible, login, logout
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HOME = {
    Role.BUSINESS_SUPPORT: "Admin",
    Role.AGENCY_LEAD: None,
    Role.EXECUTIVE: "Annual reports",
    Role.SCRUTINEER: "Admin",
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name.lower())
def test_each_role_signs_in_sees_its_home_page_and_signs_out(page, live_server, role):
    from cscp.roles import sync_role_groups

    sync_role_groups()
    user = UserFactory(username=f"browser-{role.name.lower()}", roles=[role])

    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)

    login(page, live_server, user.username, TEST_PASSWORD)
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", name="What needs your attention")).to_be_visible()
    expect(page.locator("header")).to_contain_text(role.label)
    assert_accessible(page)

    logout(page)
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url


def test_login_errors_are_summarised_and_linked(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
