"""The live demo year beside the seed: on 1 December 2026 every role's home page has real work
(a 2025-26 WT2023 report in progress, 2026-27 returns in flight); the seed year has only the
seed's content; invented records say they are demo data."""

import datetime as dt

import pytest
from django.core.management import call_command

from cscp.home import panels as report_panels
from cscp.models import User
from cscp.panels import panels_for
from cscp.reporting import services
from cscp.reporting.models import (
    AnnualReport,
    ImpactEvidence,
    PartnershipBudget,
    PriorityProgress,
    RecommendationResponse,
)
from cscp.reporting.structure import WT2023_NAME

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def demo(settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {u.username: u for u in User.objects.all()}


def _items(user):
    return {p.title: [i["text"] for i in p.items] for p in panels_for(user) if p.items}


def test_the_live_year_gives_every_role_real_work(demo, monkeypatch):
    from datasets.models import Return

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    report = AnnualReport.objects.get(year__start_year=2025)
    assert report.template.name == WT2023_NAME
    assert report.status == AnnualReport.Status.CONTRIBUTIONS_REQUESTED
    assert "demo data" in report.display_title
    assert not report.sign_offs.exists()
    assert not hasattr(report, "scrutiny_review") or report.scrutiny_review is None
    assert services.statutory_failing(report)  # items still missing, each saying what

    returns = Return.objects.filter(year__start_year=2026)
    statuses = [r.status for r in returns]
    assert statuses.count(Return.Status.QUERIED) == 1
    assert statuses.count(Return.Status.SUBMITTED) >= 2
    overdue = [r for r in returns if r.status in Return.EDITABLE and r.due_date < TODAY]
    assert len(overdue) >= 2

    executive = _items(demo["executive"])
    assert any(
        "Your reflection for the 2025-26 report" in t for t in executive["Reflections asked of you"]
    )
    scrutineer = _items(demo["scrutineer"])
    assert scrutineer["Scrutiny of the yearly report"]
    lead = " ".join(t for texts in _items(demo["agencylead"]).values() for t in texts)
    assert "2026-27 Q2" in lead
    support = _items(demo["support"])
    assert any("2025-26" in t for t in support["Annual report"])
    assert report_panels(demo["support"])


def test_the_seed_year_keeps_only_the_seed_and_the_invented_is_labelled(demo):
    for model in (PriorityProgress, RecommendationResponse, PartnershipBudget):
        assert not model.objects.filter(year__start_year=2021).exists()
    assert not ImpactEvidence.objects.filter(year__start_year=2021).exclude(stage="").exists()
    seed = AnnualReport.objects.get(year__start_year=2021)
    assert seed.template.name == "Working Together 2018"
    assert seed.snapshots.count() == 1 and not seed.dispatches.exists()
    for row in PriorityProgress.objects.filter(year__start_year=2025):
        assert "demo data" in row.priority
    for row in RecommendationResponse.objects.filter(year__start_year=2025):
        assert "demo data" in row.review
    for row in ImpactEvidence.objects.filter(year__start_year=2025):
        assert "demo data" in row.title
    # Loading again changes nothing.
    before = AnnualReport.objects.get(year__start_year=2025).version
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AnnualReport.objects.get(year__start_year=2025).version == before
    assert AnnualReport.objects.count() == 2
