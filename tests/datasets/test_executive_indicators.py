"""The executive's home page (issue 16): the few indicators that moved most against the same
quarter last year and against comparable areas, overdue statutory clocks and overdue actions;
a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datasets import movers
from datasets.models import Indicator, Return
from tests.datasets.factories import (
    ComparatorFactory,
    IndicatorFactory,
    ReturnFactory,
    ReturnValueFactory,
)
from tests.factories import AgencyFactory, ReportingYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fenmoor(db):
    last, this = ReportingYearFactory(start_year=2022), ReportingYearFactory(start_year=2023)
    police = AgencyFactory(name="Fenmoor Constabulary", short_name="Police", kind="police")
    return {"last": last, "this": this, "police": police}


def _figure(indicator, year, quarter, value):
    ret = ReturnFactory(
        agency=indicator.owner, year=year, quarter=quarter, status=Return.Status.ACCEPTED
    )
    ReturnValueFactory(ret=ret, indicator=indicator, value=Decimal(value))


def _indicator(fenmoor, code, name, **kwargs):
    return IndicatorFactory(code=code, name=name, owner=fenmoor["police"], **kwargs)


def test_movers_compare_the_latest_quarter_with_the_same_quarter_last_year(fenmoor):
    last, this = fenmoor["last"], fenmoor["this"]
    arrests = _indicator(
        fenmoor,
        "FM_ARRESTS",
        "Arrests of children",
        basis=Indicator.Basis.YEAR_TO_DATE,
        polarity=Indicator.Polarity.LOWER_BETTER,
    )
    # Last year: Q2 100, Q4 400 (the year's total). This year Q2 150: +50% like for like,
    # not -63% against last year's total.
    _figure(arrests, last, 2, 100)
    _figure(arrests, last, 4, 400)
    _figure(arrests, this, 2, 150)
    steady = _indicator(fenmoor, "FM_STEADY", "Missing episodes")
    _figure(steady, last, 2, 200)
    _figure(steady, this, 2, 210)
    found = movers.movers()
    assert found["year"] == this
    first = found["against_last_year"][0]
    assert first["name"] == "Arrests of children"
    assert first["percent"] == 50
    assert first["direction"] == "worse"
    assert first["text"] == "150 at Q2 2023-24: 50% higher than at Q2 2022-23 (100)"
    assert [m["name"] for m in found["against_last_year"]] == [
        "Arrests of children",
        "Missing episodes",
    ]


def test_only_rates_and_percentages_are_compared_with_other_areas(fenmoor):
    this = fenmoor["this"]
    rate = _indicator(
        fenmoor,
        "FM_CPP_RATE",
        "Rate of child protection plans per 10,000",
        unit=Indicator.Unit.RATE,
        polarity=Indicator.Polarity.NEITHER,
    )
    _figure(rate, this, 1, "46.2")
    ComparatorFactory(
        indicator=rate, year=fenmoor["last"], statistical_neighbours=Decimal("38.5"), london=40
    )
    count = _indicator(fenmoor, "FM_COUNT", "Children on a plan")
    _figure(count, this, 1, 440)
    ComparatorFactory(indicator=count, year=fenmoor["last"], statistical_neighbours=9000)
    compared = movers.movers()["against_comparators"]
    assert [m["name"] for m in compared] == ["Rate of child protection plans per 10,000"]
    assert compared[0]["text"] == (
        "46.2 at Q1 2023-24: 20% above statistical neighbours (38.5, 2022-23)"
    )


def test_executive_home_shows_movers_overdue_clocks_and_overdue_actions(
    client, executive_user, fenmoor
):
    from tests.reviews.factories import ActionFactory, RapidReviewFactory

    arrests = _indicator(
        fenmoor,
        "FM_ARRESTS",
        "Arrests of children",
        polarity=Indicator.Polarity.LOWER_BETTER,
    )
    _figure(arrests, fenmoor["last"], 3, 80)
    _figure(arrests, fenmoor["this"], 3, 60)
    ActionFactory(
        owner_agency=fenmoor["police"],
        description="Fenmoor: refresh the missing-children protocol",
        due_on=dt.date(2024, 1, 31),
    )
    RapidReviewFactory(reference="RR-FENMOOR-1", la_aware_on=dt.date(2024, 2, 1))
    client.force_login(executive_user)
    html = client.get("/").content.decode()
    assert "Indicators that moved most since last year (2023-24, like for like)" in html
    assert "Arrests of children: 60 at Q3 2023-24: 25% lower than at Q3 2022-23 (80)" in html
    assert 'govuk-tag--green">better' in html
    assert "Overdue review actions: 1" in html
    assert "Fenmoor: refresh the missing-children protocol (Police, due 31 Jan 2024)" in html
    assert "RR-FENMOOR-1" in html and "Overdue by" in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_the_executive_home_query_count_is_constant(client, executive_user, fenmoor):
    from tests.reviews.factories import ActionFactory

    client.force_login(executive_user)
    rate = _indicator(fenmoor, "FM_RATE_0", "Rate 0", unit=Indicator.Unit.RATE)
    _figure(rate, fenmoor["this"], 1, 10)
    _queries(client)
    small = _queries(client)
    for i in range(1, 8):
        ind = _indicator(fenmoor, f"FM_RATE_{i}", f"Rate {i}", unit=Indicator.Unit.RATE)
        ComparatorFactory(indicator=ind, year=fenmoor["last"], statistical_neighbours=5)
        for quarter in (1, 2, 3, 4):
            _figure(ind, fenmoor["last"], quarter, 10 + i)
            _figure(ind, fenmoor["this"], quarter, 20 + i)
        ActionFactory(owner_agency=fenmoor["police"], due_on=dt.date(2024, 1, i))
    assert _queries(client) == small
