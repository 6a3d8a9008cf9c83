"""Journey: business support request a reflection and move the draft on in the admin; the
executive member approves on the report page; business support publish; the PDF downloads."""

import pytest
from playwright.sync_api import expect

from cscp.roles import Role
from tests.browser import assert_accessible, login, logout
from tests.factories import TEST_PASSWORD, ReportingYearFactory, UserFactory
from tests.report.factories import AnnualReportFactory, write_required_narrative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page, live_server):
    page.goto(f"{live_server.url}/")  # the site's own pages carry the sign-out button
    logout(page)


def click_workflow(page, label):
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_draft_to_published_with_pdf(
    page, live_server, fake_apps_contributions, no_app_templates, media
):
    from cscp.roles import sync_role_groups

    sync_role_groups()
    support = UserFactory(username="browser-support", roles=[Role.BUSINESS_SUPPORT])
    UserFactory(username="browser-exec", roles=[Role.EXECUTIVE])
    report = AnnualReportFactory(year=ReportingYearFactory(start_year=2021))
    write_required_narrative(report)
    assert support.is_staff

    # Business support: request a reflection, then request contributions (admin).
    login(page, live_server, "browser-support", TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/reporting/contribution/add/")
    page.locator("#id_report").select_option(str(report.pk))
    page.locator("#id_name").fill("Debbie Jones")
    page.locator("#id_role_title").fill("Corporate Director Children Families & Education")
    page.locator("#id_email").fill("debbie@example.org")
    page.locator("#id_due_on").fill("2030-07-01")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("was added successfully")

    page.goto(f"{live_server.url}/admin/reporting/annualreport/{report.pk}/change/")
    click_workflow(page, "Request contributions")
    expect(page.locator("body")).to_contain_text("now “Contributions requested”")

    # The reflection arrives and is recorded; then the report goes for review.
    page.goto(f"{live_server.url}/admin/reporting/contribution/")
    page.get_by_role("link", name="Debbie Jones").click()
    page.locator("#id_text").fill("A year of progress in early help.")
    page.locator("#id_received_on").fill("2030-06-20")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/reporting/annualreport/{report.pk}/change/")
    click_workflow(page, "Send for review")
    expect(page.locator("body")).to_contain_text("now “In review”")
    sign_out(page, live_server)

    # The executive member approves on the report page.
    login(page, live_server, "browser-exec", TEST_PASSWORD)
    page.goto(f"{live_server.url}/reports/2021-22/")
    expect(page.locator(".cscp-draft-banner")).to_be_visible()
    expect(page.locator("body")).to_contain_text("A year of progress in early help.")
    assert_accessible(page)
    click_workflow(page, "Approve")
    expect(page.locator("body")).to_contain_text("The report is now “Approved”")
    sign_out(page, live_server)

    # Business support publish; the PDF of version 1 is made and downloads.
    login(page, live_server, "browser-support", TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/reporting/annualreport/{report.pk}/change/")
    click_workflow(page, "Publish")
    page.goto(f"{live_server.url}/reports/2021-22/")
    assert page.locator(".cscp-draft-banner").count() == 0
    expect(page.locator("body")).to_contain_text("Published version 1")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF of version 1").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    # The public page (no login) shows the published report.
    sign_out(page, live_server)
    page.goto(f"{live_server.url}/reports/public/")
    expect(page.locator("body")).to_contain_text("Annual report 2021-22")
    assert_accessible(page)
