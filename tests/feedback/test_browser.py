"""A parent tells the partnership about their keyworker on the public form; business support
approve it (consent given) and an executive member reads it."""

import pytest
from playwright.sync_api import expect

from cscp.roles import Role
from tests.browser import assert_accessible, login, logout
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Our keyworker <b>never gave up</b> on us and my son is doing well at school now."


def test_public_feedback_is_moderated_then_shown_to_the_executive(page, live_server):
    from cscp.roles import sync_role_groups

    sync_role_groups()
    support = UserFactory(username="browser-support", roles=[Role.BUSINESS_SUPPORT])
    executive = UserFactory(username="browser-executive", roles=[Role.EXECUTIVE])

    # 1. Anyone, no login: errors first, then a good submission.
    page.goto(f"{live_server.url}/feedback/tell-us/")
    expect(page.get_by_role("heading", name="Tell us about your experience")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("What would you like to tell us?").fill(WORDS)
    page.get_by_label("I am a parent or carer").check()
    page.get_by_label("Which service is it about? (optional)").fill("keyworker")
    page.get_by_label("Yes, you can share what I said").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page)

    # 2. Not shown anywhere before approval.
    login(page, live_server, executive.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/feedback/")
    assert "never gave up" not in page.content()
    logout(page)

    # 3. Business support approve it in the moderation queue.
    login(page, live_server, support.username, TEST_PASSWORD)
    expect(page.locator("body")).to_contain_text("1 feedback item received, not yet reviewed")
    page.goto(f"{live_server.url}/admin/feedback/feedbackitem/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("approve_for_publication")
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 approved for publication.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    logout(page)

    # 4. The executive member now reads it, escaped, with its attribution.
    login(page, live_server, executive.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/feedback/")
    quote = page.locator("blockquote").first
    assert quote.inner_text() == WORDS  # the tags are shown as text, not rendered
    expect(page.get_by_text("Parent feedback re. keyworker")).to_be_visible()
    assert_accessible(page)
