"""The home page leads with the annual report: the executive sees the report awaiting their
approval, business support what the workflow needs next; agency leads see nothing of it."""

import pytest

from cscp.home import panels as core_panels
from cscp.panels import panels_for
from cscp.reporting.models import AnnualReport
from tests.factories import ReportingYearFactory
from tests.report.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db

S = AnnualReport.Status


def panels(user):
    """The annual report's own panel (the core also shows set-up and publication panels)."""
    return [panel for panel in core_panels(user) if panel.title == "Annual report"]


def report_in(status, start_year):
    report = AnnualReportFactory(year=ReportingYearFactory(start_year=start_year))
    AnnualReport.objects.filter(pk=report.pk).update(status=status)
    return report


def test_the_executive_is_asked_to_approve_the_report_in_review(executive_user):
    report_in(S.IN_REVIEW, 2025)
    report_in(S.DRAFT, 2026)
    report_in(S.PUBLISHED, 2024)
    (panel,) = panels(executive_user)
    assert [(i["text"], i["tag"]) for i in panel.items] == [
        ("Annual report 2026-27", "Draft"),
        ("Annual report 2025-26", "Awaiting your approval"),
    ]
    assert panel.items[1]["url"] == "/reports/2025-26/"


def test_business_support_sees_what_the_workflow_needs_next(support_user):
    report_in(S.APPROVED, 2025)
    (panel,) = panels(support_user)
    assert panel.items[0]["tag"] == "Approved: ready to publish"


def test_agency_leads_get_no_report_panel(agency_lead_user):
    report_in(S.IN_REVIEW, 2025)
    assert panels(agency_lead_user) == []


def test_the_report_comes_first_on_the_executives_home_page(executive_client, executive_user):
    report_in(S.IN_REVIEW, 2025)
    titles = [panel.title for panel in panels_for(executive_user)]
    # Only the report's own publication deadline may stand before it.
    assert titles.index("Annual report") == len(
        [t for t in titles[: titles.index("Annual report")] if t == "Yearly report publication"]
    )
    html = executive_client.get("/").content.decode()
    assert "Awaiting your approval" in html
