"""Rules that single-line breakages once got past every test: the checklist requires each
section's narrative and each app's records, and the pages show the newest published version."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from cscp.reporting import checklist, services
from cscp.reporting.compose import NO_RECORDS, compose, render_report
from cscp.reporting.models import AnnualReport, NarrativeBlock
from tests.report.factories import SECTIONS, AnnualReportFactory, section, write_required_narrative

S = AnnualReport.Status
REQUIRED = [s for s in SECTIONS if s.narrative_required]


def _content(narrative_for):
    return {
        "sections_present": [s.key for s in SECTIONS],
        "narrative": {key: [{"html": "<p>Written.</p>"}] for key in narrative_for},
    }


def test_a_section_without_its_narrative_fails_the_checklist():
    report = SimpleNamespace(pk=1)
    missing = REQUIRED[0]
    items = checklist.section_checks(
        report, _content([s.key for s in REQUIRED[1:]]), {missing.key: 7}
    )
    assert [(i["label"], i["ok"]) for i in items] == [
        (f"Section “{missing.title}” has its narrative", False)
    ]
    assert items[0]["fix_url"].endswith("?section=7")
    everything = checklist.section_checks(report, _content([s.key for s in REQUIRED]), {})
    assert [(i["label"], i["ok"]) for i in everything] == [
        ("Every section is present, with its narrative", True)
    ]


def test_an_app_without_records_fails_the_checklist():
    content = {
        "apps": {
            "datasets": {"has_records": False, "checks": []},
            "training": {"has_records": True, "checks": []},
        }
    }
    items = checklist.app_checks(content, "2021-22")
    assert [(i["label"], i["ok"]) for i in items] == [
        ("Datasets: records for 2021-22", False),
        ("Training: records for 2021-22", True),
    ]


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates):
    return AnnualReportFactory(year=year)


def _to_review(report, support_user):
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)


@pytest.mark.django_db
def test_approval_is_refused_while_a_required_narrative_is_missing(
    report, support_user, executive_user
):
    write_required_narrative(report)
    first = REQUIRED[0]
    NarrativeBlock.objects.filter(section=section(report, first.key)).delete()
    _to_review(report, support_user)
    with pytest.raises(ValidationError) as refused:
        services.report_approve(report=report, by=executive_user)
    assert f"Section “{first.title}” has its narrative" in refused.value.messages
    assert AnnualReport.objects.get(pk=report.pk).status == S.IN_REVIEW


@pytest.mark.django_db
def test_an_app_without_records_blocks_approval_and_says_so_in_the_report(
    report, support_user, executive_user, fake_apps_contributions
):
    write_required_narrative(report)
    fake_apps_contributions["datasets"]["has_records"] = False
    content = compose(report)
    assert content["apps"]["datasets"]["has_records"] is False
    html = render_report(content)
    assert "datasets statistics" not in html  # the app's own template is not used
    assert NO_RECORDS in html
    _to_review(report, support_user)
    with pytest.raises(ValidationError) as refused:
        services.report_approve(report=report, by=executive_user)
    assert "Datasets: records for 2021-22" in refused.value.messages


@pytest.mark.django_db
def test_the_pages_show_the_newest_published_version(
    report, support_user, executive_user, support_client, client, media
):
    write_required_narrative(report)
    foreword = NarrativeBlock.objects.get(section=section(report, "foreword"))
    for edition in ("First edition foreword.", "Second edition foreword."):
        foreword.body = edition
        foreword.save()
        _to_review(report, support_user)
        services.report_approve(report=report, by=executive_user)
        services.report_publish(report=report, by=support_user)
        if edition.startswith("First"):
            services.report_reopen(report=report, by=support_user, note="Correction")
    assert sorted(report.snapshots.values_list("version", flat=True)) == [1, 2]
    for page in (
        client.get("/reports/public/").content.decode(),
        support_client.get(f"/reports/{report.label}/").content.decode(),
    ):
        assert "Second edition foreword." in page
        assert "First edition foreword." not in page
    assert "(version 2)" in client.get("/reports/public/").content.decode()
