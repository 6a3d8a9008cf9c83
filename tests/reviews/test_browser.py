"""Business support logs a rapid review in the admin and sees its statutory clock."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cscp.roles import Role, sync_role_groups
from cscp.working_days import subtract_working_days
from reviews.models import notification_due
from tests.browser import assert_accessible, login
from tests.factories import TEST_PASSWORD, ReportingYearFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_business_support_logs_a_rapid_review_and_sees_its_clock(page, live_server):
    sync_role_groups()
    ReportingYearFactory(start_year=2021)
    user = UserFactory(username="browser-support", roles=[Role.BUSINESS_SUPPORT])
    aware = subtract_working_days(timezone.localdate(), 2)
    due = notification_due(aware)

    login(page, live_server, user.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/reviews/rapidreview/add/")
    page.locator("#id_reference").fill("RR-BROWSER-1")
    page.locator("#id_incident_type").select_option("serious_harm")
    page.get_by_label("Neglect").check()
    page.locator("#id_la_aware_on").fill(aware.strftime("%d/%m/%Y"))
    page.locator("#id_children-0-age_band").select_option("under_1")
    page.locator("#id_children-0-sex").select_option("female")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()

    row = page.locator("#result_list tr", has_text="RR-BROWSER-1")
    expect(row).to_be_visible()
    expect(row).to_contain_text(f"Due soon (due {due:%d %b %Y})")

    # The home page warns of the clock; the review's page shows it.
    page.goto(f"{live_server.url}/")
    panel = page.locator("section", has_text="Rapid review clocks due soon or overdue")
    expect(panel).to_contain_text("RR-BROWSER-1: notification due")
    assert_accessible(page)
    panel.get_by_role("link", name="RR-BROWSER-1: notification due").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="RR-BROWSER-1")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Due soon")
    assert_accessible(page)


def test_agency_lead_updates_their_action_and_readers_pages_are_accessible(page, live_server):
    from tests.factories import AgencyFactory

    from .factories import ActionFactory, RapidReviewFactory, ReviewThemeFactory

    sync_role_groups()
    ReportingYearFactory(start_year=2021)
    ours = AgencyFactory(name="Children's Social Care")
    action = ActionFactory(owner_agency=ours, description="Issue guidance on work with fathers")
    ReviewThemeFactory(rapid_review=RapidReviewFactory())
    lead = UserFactory(username="browser-lead", roles=[Role.AGENCY_LEAD], lead_for=[ours])
    executive = UserFactory(username="browser-exec", roles=[Role.EXECUTIVE])

    login(page, live_server, lead.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/reviews/actions/")
    assert_accessible(page)
    page.get_by_role("link", name="Update").first.click()
    page.wait_for_load_state()
    page.get_by_label("Complete").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Describe the evidence")
    assert_accessible(page)
    page.get_by_label("Evidence of completion").fill("Guidance issued to all teams")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.url.endswith("/reviews/actions/")
    action.refresh_from_db()
    assert action.status == "complete"

    page.get_by_role("button", name="Sign out").click()
    login(page, live_server, executive.username, TEST_PASSWORD)
    for path in ("/reviews/", "/reviews/themes/", "/reviews/learning/", "/reviews/actions/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_the_lifecycle_change_pages_fit_1280_px(page, live_server):
    """The rapid review's change page (regulation 11 criteria, the Panel's response, the report
    headings) and a practice review's (clocks, parallel proceedings inline) fit the window."""
    import datetime as dt

    from reviews import services
    from reviews.models import ParallelProceeding, Regulation11
    from tests.browser import sign_in_by_cookie

    from .factories import PracticeReviewFactory, RapidReviewFactory

    sync_role_groups()
    ReportingYearFactory(start_year=2021)
    rapid = RapidReviewFactory(
        reference="RR-FIT",
        notification_sent_on=dt.date(2021, 6, 2),
        meeting_on=dt.date(2021, 6, 20),
        submitted_to_panel_on=dt.date(2021, 6, 21),
        panel_response="agrees",
        panel_response_on=dt.date(2021, 7, 5),
        decision="local",
        decision_rationale="Agencies did not work together.",
        criteria=list(Regulation11.values),
    )
    spr = PracticeReviewFactory(title="Fit child", planned_publication_on=dt.date(2021, 10, 1))
    services.proceeding_open(
        review=spr,
        kind=ParallelProceeding.Kind.FAMILY_COURT,
        opened_on=dt.date(2021, 6, 1),
        detail="Care proceedings listed for a final hearing in the spring",
    )
    user = UserFactory(username="fit-lifecycle", roles=[Role.BUSINESS_SUPPORT])
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_by_cookie(page, live_server, user)
    too_wide = {}
    for url in (
        f"/admin/reviews/rapidreview/{rapid.pk}/change/",
        f"/admin/reviews/practicereview/{spr.pk}/change/",
        f"/reviews/rapid/{rapid.pk}/",
        f"/reviews/practice/{spr.pk}/",
    ):
        assert page.goto(f"{live_server.url}{url}").status == 200
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > 1280:
            too_wide[url] = scroll
    assert too_wide == {}
    # The reviews pages also pass axe and reflow to a phone's 320 px.
    from tests.test_accessibility_crawl import overflow

    for url in (f"/reviews/rapid/{rapid.pk}/", f"/reviews/practice/{spr.pk}/", "/reviews/"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state()
        assert_accessible(page)
        assert overflow(page) == {}, url
