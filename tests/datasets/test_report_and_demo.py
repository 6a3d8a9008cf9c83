import json

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from cscp.models import ReportingYear
from datasets.models import (
    Comparator,
    Indicator,
    Population,
    Return,
    ReturnTransition,
    ReturnValue,
)
from datasets.report import contribution
from tests.datasets.factories import IndicatorFactory, ReturnFactory, ReturnValueFactory
from tests.factories import AgencyFactory

# The shared demo (tests/conftest.py demo_for_module): the module on one worker, in file order.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(f"demo:{__name__}")]

MODELS = [Indicator, Population, Comparator, Return, ReturnValue, ReturnTransition]


def test_small_counts_are_suppressed_in_public(year, indicators, lead_agency):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=4, status="accepted")
    ReturnValueFactory(ret=ret, indicator=indicators["CP_PLANS"], value=3)
    data = contribution(year)
    row = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    from cscp.reporting.compose import render_app_template

    # Suppression is applied on the public rendering path (the app's public() hook).
    public = render_app_template(
        "datasets", "datasets/report/statistics.html", data, public=True, year_label="x", title=""
    )
    internal = render_to_string(
        "datasets/report/statistics.html", {"data": data, "public": False, "year_label": "x"}
    )
    assert row.format("c") in public and row.format("3") not in public
    assert row.format("3") in internal


def test_no_records_is_said_honestly(year):
    data = contribution(year)
    assert data["has_records"] is False
    for name in ("statistics", "data_examination"):
        html = render_to_string(
            f"datasets/report/{name}.html", {"data": data, "public": True, "year_label": "x"}
        )
        assert "No records for this year." in html


def test_contribution_runs_a_constant_number_of_queries(
    year, indicators, lead_agency, django_assert_max_num_queries
):
    for i in range(8):
        agency = AgencyFactory(name=f"Report agency {i}")
        ind = IndicatorFactory(code=f"REP_{i}", owner=agency)
        for q in (1, 2, 3, 4):
            ReturnValueFactory(
                ret=ReturnFactory(agency=agency, year=year, quarter=q, status="accepted"),
                indicator=ind,
                value=q,
            )
    with django_assert_max_num_queries(12):
        contribution(year)


def test_quality_flags(year, indicators, lead_agency):
    from datasets.selectors import quality_flags

    reported = IndicatorFactory(
        code="CPP_RATE_REPORTED",
        owner=lead_agency,
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.REPORTED,
        numerator=indicators["CP_PLANS"],
    )
    q3 = ReturnFactory(agency=lead_agency, year=year, quarter=3, status="accepted")
    ReturnValueFactory(ret=q3, indicator=indicators["OPEN_REFERRALS"], value=100)
    q4 = ReturnFactory(agency=lead_agency, year=year, quarter=4, status="accepted")
    ReturnValueFactory(ret=q4, indicator=indicators["OPEN_REFERRALS"], value=200)
    ReturnValueFactory(
        ret=q4,
        indicator=indicators["CP_PLANS"],
        value=440,
        commentary="ok",
        ethnicity={"white": 400, "not_recorded": 40},
    )
    ReturnValueFactory(ret=q4, indicator=reported, value=50)  # derived would be 46.2
    kinds = sorted(f["kind"] for f in quality_flags(year))
    assert kinds == ["ethnicity", "jump", "rate"]
    texts = {f["kind"]: f["text"] for f in quality_flags(year)}
    assert texts == {
        "ethnicity": (
            "Children subject to a Child Protection Plan, Q4: ethnicity not recorded for 9% of "
            "children"
        ),
        "jump": (
            "Q4: Open referrals is 100% higher than last quarter (Q3 2021-22): 100 to 200, with "
            "no explanation"
        ),
        "rate": (
            "Indicator CPP_RATE_REPORTED, Q4: reported rate 50.0 differs by more than 1% from "
            "the rate derived from the count and population (46.2)"
        ),
    }


def test_the_returns_grid_shows_only_the_quarters_collected(db):
    """A quarter no agency returned is left out of the report's grid (a year collected at year
    end shows its year-end column, not three columns of "Not started"); none returned: all four."""
    year = ReportingYear.objects.create(start_year=2031)
    first, second = AgencyFactory(name="First agency"), AgencyFactory(name="Second agency")
    indicator = IndicatorFactory(owner=first)
    IndicatorFactory(owner=second)
    assert contribution(year)["quarters_collected"] == [1, 2, 3, 4]

    year_end = ReturnFactory(agency=first, year=year, quarter=4, status=Return.Status.ACCEPTED)
    ReturnValueFactory(ret=year_end, indicator=indicator, value=12)
    data = contribution(year)
    assert data["quarters_collected"] == [4]
    rows = {row["agency"]: row for row in data["completeness"]}
    assert rows["First agency"]["quarters"] == ["Accepted"]
    assert rows["First agency"]["accepted"] == 1
    assert rows["Second agency"]["quarters"] == ["Not started"]
    html = render_to_string(
        "datasets/report/data_examination.html",
        {"data": data, "public": False, "year_label": year.label},
    )
    assert "Q4 (year end)" in html and "Q1" not in html and "1 of 1" in html

    ReturnFactory(agency=second, year=year, quarter=2, status=Return.Status.DRAFT)
    data = contribution(year)
    assert data["quarters_collected"] == [2, 4]
    rows = {row["agency"]: row for row in data["completeness"]}
    assert rows["Second agency"]["quarters"] == ["Draft", "Not started"]


def test_demo_is_idempotent(demo):
    before = {m.__name__: m.objects.count() for m in MODELS}
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {m.__name__: m.objects.count() for m in MODELS} == before
    assert before["Indicator"] == 16


def test_demo_reproduces_the_seed_statistics(demo):
    data = contribution(ReportingYear.objects.get(start_year=2021))
    json.dumps(data)  # plain JSON
    assert data["has_records"] is True
    assert data["population"] == 95309
    headlines = {h["code"]: h for h in data["headlines"]}
    assert headlines["OPEN_CASES_RATE"]["sentence"] == (
        "362.1 — lower than 2020-21 (398.3); London 338.9, statistical neighbours 352.8"
    )
    assert headlines["CPP_RATE"]["value"] == 46.2
    assert headlines["CPP_RATE"]["last_value"] == 28.6
    as_at = {c["code"]: (c["value"], c["last_value"]) for c in data["as_at"]}
    assert as_at["CP_PLANS"] == (440, 280)
    assert as_at["EH_FAMILY_CASES"] == (232, 337)
    counts = {c["code"]: c["value"] for c in data["year_counts"]}
    assert counts["CONTACTS_REFERRAL"] == 9455 and counts["CDOP_REVIEWED"] == 18
    assert all(check["ok"] for check in data["checks"]), data["checks"]
    assert data["flag_summary"]["ethnicity"] == 1
    assert any("5% of children" in f["text"] for f in data["flags"])


def test_demo_draft_for_the_agency_lead(demo):
    ret = Return.objects.get(year__start_year=2022, quarter=1)
    assert ret.status == Return.Status.DRAFT
    assert ret.agency.leads.filter(username="agencylead").exists()


def test_report_templates_render_the_demo(demo):
    year = ReportingYear.objects.get(start_year=2021)
    context = {"data": contribution(year), "public": True, "year_label": year.label}
    html = render_to_string("datasets/report/statistics.html", context)
    assert "<h3" in html and "<h2" not in html
    assert "362.1 — lower than 2020-21 (398.3)" in html
    assert "<svg" in html and "338.9" in html
    assert "31 March 2022" in html and "31 March 2021" in html
    assert "95,309" in html and "across 89 children" in html
    html = render_to_string("datasets/report/data_examination.html", context)
    assert "Returns completed by agency" in html and "Accepted" in html
