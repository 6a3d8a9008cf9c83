"""The report's pages: the live preview marked DRAFT, the frozen version once published, the
executive's approval on the page, the public page (small counts suppressed), the Word export,
and a query count that does not grow with the data."""

import io

import pytest
from django.urls import reverse

from cscp.reporting import services
from cscp.reporting.models import AnnualReport, ReportTransition
from tests.factories import AgencyFactory
from tests.report.factories import (
    AgencyAssuranceFactory,
    AnnualReportFactory,
    AssuranceStandardFactory,
    ContributionFactory,
    GlossaryTermFactory,
    ImpactEvidenceFactory,
    NarrativeBlockFactory,
    NextYearPriorityFactory,
    PartnerFundingFactory,
    ScrutinyActivityFactory,
    section,
    write_required_narrative,
)

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    return report


def url(report, name="report_detail", **kw):
    return reverse(name, kwargs={"label": report.label, **kw})


def test_preview_is_marked_draft_with_navigation_by_part(report, executive_client):
    page = executive_client.get(url(report)).content.decode()
    assert "DRAFT" in page
    assert 'class="cscp-draft-banner"' in page
    for anchor in ("#foreword", "#part1", "#part2", "#part3", "#part4", "#part5", "#glossary"):
        assert f'href="{anchor}"' in page
    assert page.count('class="cscp-report-part"') == 10


def test_preview_shows_the_checklist_with_links_to_fix(report, support_client):
    waiting = ContributionFactory(report=report, name="Debbie Jones")
    page = support_client.get(url(report)).content.decode()
    assert "Checklist before approval" in page
    assert "Reflection from Debbie Jones received" in page
    assert f"/admin/reporting/contribution/{waiting.pk}/change/" in page


def test_the_executive_is_told_who_acts_and_not_sent_where_they_cannot_go(report, executive_client):
    waiting = ContributionFactory(report=report, name="Debbie Jones")
    page = executive_client.get(url(report)).content.decode()
    assert "Reflection from Debbie Jones received" in page
    assert "(Business support to act)" in page
    assert f"/admin/reporting/contribution/{waiting.pk}/change/" not in page
    assert "put this right" not in page


def test_executive_approves_on_the_page(report, support_user, executive_client, executive_user):
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    page = executive_client.get(url(report)).content.decode()
    assert 'value="approved"' in page
    response = executive_client.post(url(report, "report_transition"), {"to": "approved"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).status == S.APPROVED
    assert ReportTransition.objects.filter(to_status=S.APPROVED, by=executive_user).exists()


def test_approval_refused_on_the_page_while_checklist_fails(report, support_user, executive_client):
    ContributionFactory(report=report, name="Shelley Davies")
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    response = executive_client.post(
        url(report, "report_transition"), {"to": "approved"}, follow=True
    )
    assert "Shelley Davies" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).status == S.IN_REVIEW


def test_scrutineer_reads_but_sees_no_buttons(report, scrutineer_client):
    page = scrutineer_client.get(url(report)).content.decode()
    assert "DRAFT" in page
    assert 'name="to"' not in page
    assert "Make a PDF" not in page
    assert (
        scrutineer_client.post(url(report, "report_transition"), {"to": "in_review"}).status_code
        == 403
    )


def test_agency_lead_has_no_access(report, agency_lead_client):
    assert agency_lead_client.get(url(report)).status_code == 403
    assert agency_lead_client.get(reverse("report_list")).status_code == 403


def test_list_shows_status_and_versions(report, support_client):
    page = support_client.get(reverse("report_list")).content.decode()
    assert report.display_title in page
    assert "Draft" in page


def test_unknown_year_is_404(support_client, year):
    assert support_client.get("/reports/2021-22/").status_code == 404  # no report yet
    assert support_client.get("/reports/nonsense/").status_code == 404


def _publish(report, support_user, executive_user):
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    services.report_approve(report=report, by=executive_user)
    services.report_publish(report=report, by=support_user)


def test_public_page_suppresses_small_counts(
    report, client, support_user, executive_user, fake_apps_contributions, media, year
):
    fake_apps_contributions["datasets"]["count"] = 3
    ImpactEvidenceFactory(
        year=year,
        title="Mentoring",
        people_reached=4,
        people_reached_label="young people mentored",
        agency=AgencyFactory(name="BME Forum", kind="voluntary"),
    )
    _publish(report, support_user, executive_user)
    public = client.get(reverse("report_public"))
    assert public.status_code == 200
    text = public.content.decode()
    assert "Count: c" in text
    assert "Count: 3" not in text
    assert "c young people mentored" in text
    client.force_login(support_user)
    internal = client.get(url(report)).content.decode()
    assert "Count: 3" in internal
    assert "4 young people mentored" in internal


def test_public_page_before_any_publication(client, db):
    response = client.get(reverse("report_public"))
    assert response.status_code == 200
    assert "No annual report has been published yet" in response.content.decode()


def test_word_export_of_the_draft(report, executive_client):
    from docx import Document

    NarrativeBlockFactory(
        section=section(report, "introduction"), body="Intro for Word.", position=2
    )
    response = executive_client.get(url(report, "report_docx"))
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DRAFT" in text
    assert "Intro for Word." in text
    assert "Part 1: The What?" in text


def _grow(year, n):
    agency = AgencyFactory(name=f"Funding partner {n}", kind="police")
    for i in range(n):
        ImpactEvidenceFactory(year=year, title=f"Impact {n}-{i}")
        ScrutinyActivityFactory(year=year)
        AssuranceStandardFactory(assurance=AgencyAssuranceFactory(year=year))
        NextYearPriorityFactory(year=year)
        GlossaryTermFactory(term=f"T{n}x{i}")
    PartnerFundingFactory(year=year, agency=agency)


def _count_queries(client, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(report)).status_code == 200
    return len(queries)


def test_report_page_query_count_is_constant(report, executive_client, year,
                                             django_assert_max_num_queries):  # fmt: skip
    ContributionFactory(report=report)
    _grow(year, 2)
    _count_queries(executive_client, report)  # warm-up: session, content types
    small = _count_queries(executive_client, report)
    _grow(year, 25)
    for position in range(2, 12):
        NarrativeBlockFactory(section=section(report, "foreword"), position=position)
        ContributionFactory(report=report)
    large = _count_queries(executive_client, report)
    assert small == large
    with django_assert_max_num_queries(30):
        executive_client.get(url(report))
