"""The workflow in the admin: buttons on the report (business support) and actions on the
list; the scrutineer may look and change nothing."""

import pytest
from django.urls import reverse

from cscp.reporting.models import AnnualReport, ReportSection, ReportTransition
from tests.report.factories import AnnualReportFactory, ContributionFactory

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates):
    return AnnualReportFactory(year=year)


def test_report_change_page_shows_workflow_buttons_and_checklist(report, support_client):
    ContributionFactory(report=report, name="Elaine Clancy")
    page = support_client.get(reverse("admin:reporting_annualreport_change", args=[report.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Request contributions"' in text
    assert "Reflection from Elaine Clancy received" in text


def test_business_support_moves_the_report_with_the_admin_button(report, support_client):
    url = reverse("admin:reporting_annualreport_transition", args=[report.pk])
    response = support_client.post(url, {"to": S.CONTRIBUTIONS_REQUESTED})
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == S.CONTRIBUTIONS_REQUESTED
    assert ReportTransition.objects.get().by.username == "t-support"


def test_business_support_cannot_approve_in_the_admin(report, support_client, support_user):
    from cscp.reporting import services

    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    url = reverse("admin:reporting_annualreport_transition", args=[report.pk])
    support_client.post(url, {"to": S.APPROVED})
    assert AnnualReport.objects.get(pk=report.pk).status == S.IN_REVIEW


def test_admin_action_on_the_list(report, support_client):
    response = support_client.post(
        reverse("admin:reporting_annualreport_changelist"),
        {"action": "request_contributions", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == S.CONTRIBUTIONS_REQUESTED


def test_scrutineer_cannot_move_the_report(report, scrutineer_client):
    url = reverse("admin:reporting_annualreport_transition", args=[report.pk])
    assert scrutineer_client.post(url, {"to": S.CONTRIBUTIONS_REQUESTED}).status_code == 403
    assert AnnualReport.objects.get(pk=report.pk).status == S.DRAFT


def test_adding_a_report_in_the_admin_creates_every_section(support_client, previous_year):
    response = support_client.post(
        reverse("admin:reporting_annualreport_add"),
        {
            "year": previous_year.pk,
            "title": "",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "contributions-TOTAL_FORMS": "0",
            "contributions-INITIAL_FORMS": "0",
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
            "snapshots-TOTAL_FORMS": "0",
            "snapshots-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = AnnualReport.objects.get(year=previous_year)
    from tests.report.factories import SECTIONS

    assert ReportSection.objects.filter(report=report).count() == len(SECTIONS)
