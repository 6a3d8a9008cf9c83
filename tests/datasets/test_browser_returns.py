"""An agency lead downloads the return as Excel, fills it in, uploads and submits it; business
support query it, the lead answers, and business support accept it."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cscp.models import ReportingYear
from cscp.roles import Role, sync_role_groups
from datasets.models import Indicator, Return
from tests.browser import assert_accessible, login, logout
from tests.datasets.factories import IndicatorFactory, PopulationFactory
from tests.factories import TEST_PASSWORD, AgencyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_round_trips_the_xlsx_and_support_query_then_accept(page, live_server, tmp_path):
    sync_role_groups()
    year = ReportingYear.current()
    csc = AgencyFactory(name="Children's Social Care", short_name="Children's Social Care")
    PopulationFactory(year=year, under_18=95309)
    referrals = IndicatorFactory(code="OPEN_REFERRALS", name="Open referrals", owner=csc, order=1)
    IndicatorFactory(code="CP_PLANS", name="Children on a CP plan", owner=csc, order=2)
    IndicatorFactory(
        code="OPEN_CASES_RATE",
        name="Rate of open cases",
        owner=csc,
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.DERIVED,
        numerator=referrals,
        order=3,
    )
    UserFactory(username="b-lead", roles=[Role.AGENCY_LEAD], lead_for=[csc])
    UserFactory(username="b-support", roles=[Role.BUSINESS_SUPPORT])

    login(page, live_server, "b-lead", TEST_PASSWORD)
    page.goto(f"{live_server.url}/returns/")
    assert_accessible(page)
    page.get_by_role("link", name=f"{year.label} Q1").first.click()
    expect(page.get_by_role("heading", name=f"Return for {year.label} Q1")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this return as Excel (.xlsx)").click()
    path = tmp_path / "return.xlsx"
    download_info.value.save_as(path)
    wb = load_workbook(path)
    ws = wb["Return"]
    assert [ws["A2"].value, ws["A3"].value] == ["OPEN_REFERRALS", "CP_PLANS"]
    ws["D2"] = 3451
    ws["D3"] = 440
    ws["E3"] = "Higher after the audit of thresholds"
    wb.save(path)

    page.get_by_role("link", name="upload it").click()
    assert_accessible(page)
    page.get_by_label("Completed return (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
    assert page.get_by_label("Open referrals", exact=True).input_value() == "3451"
    assert "362.1" in page.content()  # derived from the uploaded count
    assert_accessible(page)
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    ret = Return.objects.get()
    assert ret.status == Return.Status.SUBMITTED
    logout(page)

    login(page, live_server, "b-support", TEST_PASSWORD)
    page.goto(f"{live_server.url}/returns/review/{ret.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Send query to the agency").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What should the agency check or change?").fill("Please confirm CP figure")
    page.get_by_role("button", name="Send query to the agency").click()
    expect(page.locator("#return-status")).to_have_text("Queried")
    logout(page)

    login(page, live_server, "b-lead", TEST_PASSWORD)
    page.goto(f"{live_server.url}/returns/")
    page.get_by_role("link", name=f"{year.label} Q1").first.click()
    expect(page.locator("main")).to_contain_text("Please confirm CP figure")
    page.get_by_label("Commentary on Children on a CP plan").fill("Confirmed by the CP team")
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    assert Return.objects.get().status == Return.Status.SUBMITTED
    logout(page)

    login(page, live_server, "b-support", TEST_PASSWORD)
    page.goto(f"{live_server.url}/returns/review/{ret.pk}/")
    page.get_by_role("button", name="Accept return").click()
    expect(page.locator("#return-status")).to_have_text("Accepted")
    assert_accessible(page)
    assert list(Return.objects.get().transitions.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "queried",
        "submitted",
        "accepted",
    ]

    page.goto(f"{live_server.url}/datasets/pack/?year={year.start_year}")
    expect(page.get_by_role("heading", name=f"Dataset pack {year.label}")).to_be_visible()
    assert "362.1" in page.content()
    assert_accessible(page)
