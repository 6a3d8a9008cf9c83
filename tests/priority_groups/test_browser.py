"""Group page and action update in a real browser: accessible (axe-core), no JavaScript needed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from cscp.roles import Role, sync_role_groups
from tests.browser import assert_accessible, login
from tests.factories import TEST_PASSWORD, AgencyFactory, ReportingYearFactory, UserFactory
from tests.priority_groups.factories import (
    ActionFactory,
    AimAssessmentFactory,
    AimFactory,
    AttendanceFactory,
    MeetingFactory,
    MemberResponseFactory,
    OutcomeFactory,
    PriorityGroupFactory,
    WorkstreamFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_executive_reads_a_group_page(page, live_server):
    sync_role_groups()
    year = ReportingYearFactory(start_year=2021)
    user = UserFactory(username="browser-exec", roles=[Role.EXECUTIVE])
    group = PriorityGroupFactory(name="Mental Health Priority Group", slug="mhpg")
    AimAssessmentFactory(aim=AimFactory(group=group), year=year, result="partly")
    ws = WorkstreamFactory(group=group, name="Holding The Risk")
    OutcomeFactory(group=group, workstream=ws, label="a)", evidence_url="https://example.org/")
    OutcomeFactory(group=group, workstream=ws, label="b)", status="in_progress", evidence="")
    police, college = AgencyFactory(name="Police"), AgencyFactory(name="College")
    for month in (4, 6, 8):
        meeting = MeetingFactory(group=group, date=dt.date(2021, month, 1))
        AttendanceFactory(meeting=meeting, agency=police)
        AttendanceFactory(meeting=meeting, agency=college, status="absent")
    ActionFactory(group=group, owner_agency=police, due_date=dt.date(2000, 1, 1))
    MemberResponseFactory(group=group, year=year, agency=police)

    login(page, live_server, user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Priority groups").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="2021-22 Mental Health Priority Group").click()
    expect(page.get_by_role("heading", name="Mental Health Priority Group")).to_be_visible()
    expect(page.get_by_role("img", name="Attendance rate by agency")).to_be_visible()
    assert_accessible(page)


def test_agency_lead_updates_their_action(page, live_server):
    sync_role_groups()
    agency = AgencyFactory(name="Children's Social Care")
    user = UserFactory(username="browser-lead", roles=[Role.AGENCY_LEAD], lead_for=[agency])
    ActionFactory(owner_agency=agency, description="Circulate the protocol")

    login(page, live_server, user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Group actions", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Circulate the protocol").click()
    page.get_by_label("Done").check()
    page.get_by_label("Latest update").fill("Sent to all teams")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("The action has been updated.")
    expect(page.locator("body")).to_contain_text("Sent to all teams")
    assert_accessible(page)
