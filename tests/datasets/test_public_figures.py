"""Disclosure-safe public statistics, with a fictional partnership's small year ("Wessex
Vale", 2024-25): counts of children and people of 1 to 5 are "c", counts of events are not,
and a rate derived from a suppressed count is suppressed too (rate × population ÷ 10,000
would give the count back)."""

import pytest

from cscp.models import ReportingYear
from cscp.reporting.compose import render_app_template
from datasets.models import Indicator
from datasets.report import contribution
from tests.datasets.factories import (
    IndicatorFactory,
    PopulationFactory,
    ReturnFactory,
    ReturnValueFactory,
)
from tests.factories import AgencyFactory

# The shared demo (tests/conftest.py demo_for_module): the module on one worker, in file order.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(f"demo:{__name__}")]


CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@pytest.fixture
def wessex_vale():
    year, _ = ReportingYear.objects.get_or_create(start_year=2024)
    PopulationFactory(year=year, under_18=21480)
    csc = AgencyFactory(name="Wessex Vale Children's Services", short_name="WVCS")
    plans = IndicatorFactory(
        code="WV_CP",
        name="Children on a protection plan",
        owner=csc,
        order=1,
        counts=Indicator.Counts.CHILDREN,
        basis=Indicator.Basis.PERIOD_END,
    )
    strategy = IndicatorFactory(
        code="WV_STRATEGY",
        name="Strategy discussions held",
        owner=csc,
        order=2,
        counts=Indicator.Counts.EVENTS,
        basis=Indicator.Basis.YEAR_TO_DATE,
    )
    carers = IndicatorFactory(
        code="WV_CARERS",
        name="Foster carers approved",
        owner=csc,
        order=3,
        counts=Indicator.Counts.PEOPLE,
        basis=Indicator.Basis.YEAR_TO_DATE,
    )
    IndicatorFactory(
        code="WV_CP_RATE", name="Rate on a protection plan per 10,000", owner=csc, order=4,
        unit=Indicator.Unit.RATE, rate_source=Indicator.RateSource.DERIVED, numerator=plans,
        headline=True, basis=Indicator.Basis.PERIOD_END,
    )  # fmt: skip
    ret = ReturnFactory(agency=csc, year=year, quarter=4, status="accepted")
    ReturnValueFactory(ret=ret, indicator=plans, value=4)
    ReturnValueFactory(ret=ret, indicator=strategy, value=3)
    ReturnValueFactory(ret=ret, indicator=carers, value=12)
    return year


def _public(year):
    return render_app_template(
        "datasets",
        "datasets/report/statistics.html",
        contribution(year),
        public=True,
        year_label=year.label,
        title="",
    )


def test_counts_of_children_are_suppressed_counts_of_events_are_not(wessex_vale):
    html = _public(wessex_vale)
    assert CELL.format("c") in html and CELL.format("4") not in html  # 4 children
    assert CELL.format("3") in html  # 3 strategy discussions: not people
    assert CELL.format("12") in html


def test_a_rate_derived_from_a_suppressed_count_is_suppressed(wessex_vale):
    internal = contribution(wessex_vale)
    assert internal["headlines"][0]["value"] == 1.9  # 4 ÷ 21,480 × 10,000 = 1.86
    html = _public(wessex_vale)
    assert "1.9" not in html and "1.86" not in html
    assert "c (suppressed: it could reveal a count of 1 to 5 children or people)" in html
    # The chart draws no bar for it either.
    assert ">1.9<" not in html


def test_the_seed_year_prints_its_counts_as_the_real_report_did(demo):
    year = ReportingYear.objects.get(start_year=2021)
    html = _public(year)
    # Every count of the seed's statistics, this year and (as at 31 March) last year.
    for shown in (9455, 18947, 1980, 2067, 89, 1384, 18, 232, 337, 477, 703, 3451, 3786, 603,
                  657, 440, 280, 445, 481, 114, 210):  # fmt: skip
        assert CELL.format(f"{shown:,}") in html, shown
    assert "362.1 — lower than 2020-21 (398.3)" in html
    assert CELL.format("c") not in html
