"""Sign-off and publication as Working Together 2023 expects: the scrutineer's review, then each
lead safeguarding partner's sign-off, before a 2024-25-onwards yearly report is published; the
publication due date on the home page as it nears."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cscp.models import Agency, GovernanceMember, ReportingYear
from cscp.partnership import services
from cscp.reporting.models import AnnualReport
from cscp.reporting.services import TransitionRefused, report_transition
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
Post = GovernanceMember.Post
S = AnnualReport.Status


@pytest.fixture
def people(db):
    kinds = {
        Post.LSP_LOCAL_AUTHORITY: Agency.Kind.LOCAL_AUTHORITY,
        Post.LSP_POLICE: Agency.Kind.POLICE,
        Post.LSP_HEALTH: Agency.Kind.HEALTH,
    }
    leads = [
        GovernanceMember.objects.create(
            post=post,
            name=f"Lead {i}",
            role_title="Chief",
            agency=AgencyFactory(name=f"Agency {i}", kind=kind),
            from_date=dt.date(2024, 1, 1),
        )
        for i, (post, kind) in enumerate(kinds.items())
    ]
    scrutineer = GovernanceMember.objects.create(
        post=Post.SCRUTINEER,
        name="Sam Scrutineer",
        role_title="Scrutineer",
        from_date=dt.date(2024, 1, 1),
    )
    return leads, scrutineer


def approved_report(start_year):
    """An approved report whose template has no statutory checklist (the WT2023 checklist
    blocking sign-off is tested in test_wt2023_checklist.py)."""
    from cscp.reporting.models import ReportTemplate

    year = ReportingYear.objects.create(start_year=start_year)
    template = ReportTemplate.objects.create(name="A template without a checklist")
    return AnnualReport.objects.create(year=year, status=S.APPROVED, template=template)


def test_publication_waits_for_scrutiny_and_every_lead_partner(people, support_user):
    leads, scrutineer = people
    report = approved_report(2025)
    with pytest.raises(TransitionRefused, match="scrutineer"):
        report_transition(report=report, to_status=S.PUBLISHED, by=support_user)
    with pytest.raises(ValidationError, match="scrutineer's review first"):
        services.report_sign_off(
            report=report, member=leads[0], signed_on=dt.date(2026, 5, 1), by=support_user
        )
    services.scrutiny_review_record(
        report=report,
        scrutineer=scrutineer,
        reviewed_on=dt.date(2026, 4, 20),
        findings="Sound.",
        by=support_user,
    )
    for lead in leads[:2]:
        services.report_sign_off(
            report=report, member=lead, signed_on=dt.date(2026, 5, 1), by=support_user
        )
    assert services.publication_blockers(report) == [
        "Not yet signed off by the lead safeguarding partner: "
        "integrated care board chief executive."
    ]
    with pytest.raises(TransitionRefused):
        report_transition(report=report, to_status=S.PUBLISHED, by=support_user)
    services.report_sign_off(
        report=report, member=leads[2], signed_on=dt.date(2026, 5, 2), by=support_user
    )
    report_transition(report=report, to_status=S.PUBLISHED, by=support_user)
    report.refresh_from_db()
    assert report.status == S.PUBLISHED
    names = sorted(report.sign_offs.values_list("name", flat=True))
    assert names == ["Lead 0", "Lead 1", "Lead 2"]


def test_only_a_lead_partner_signs_off(people, support_user):
    _leads, scrutineer = people
    report = approved_report(2025)
    with pytest.raises(ValidationError):
        services.report_sign_off(
            report=report, member=scrutineer, signed_on=dt.date(2026, 5, 1), by=support_user
        )


def test_working_together_2018_reports_need_no_sign_off(support_user):
    assert services.publication_blockers(approved_report(2021)) == []


def test_publication_due_date_shows_on_the_home_page_as_it_nears(
    people, executive_client, monkeypatch, settings
):
    report = approved_report(2025)
    assert services.publication_due_on(report) == dt.date(2026, 6, 30)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 1))
    assert "Yearly report publication" not in executive_client.get("/").content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 6, 1))
    html = executive_client.get("/").content.decode()
    assert "Publication of the 2025-26 yearly report due 30 June 2026" in html
    assert "Due soon" in html
    assert "review of the draft is not recorded" in html
    settings.REPORT_PUBLICATION_DUE_MONTHS = 1
    assert services.publication_due_on(report) == dt.date(2026, 4, 30)
    assert "Overdue" in executive_client.get("/").content.decode()
