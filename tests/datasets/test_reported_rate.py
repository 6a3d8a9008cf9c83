"""Reported alongside derived: the agency enters its own rate beside the count; the flag
compares them; the report shows the derived rate and notes the difference."""

import pytest

from datasets import report, services
from datasets.forms import ReturnForm
from datasets.models import Return
from datasets.selectors import quality_flags

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(indicators):
    rate = indicators["OPEN_CASES_RATE"]
    rate.collect_reported_rate = True
    rate.full_clean()
    rate.save()
    return rate


def test_the_lead_enters_the_reported_rate_on_the_form(lead_agency, year, collected):
    indicators = list(services.enterable_indicators(lead_agency.pk, year))
    assert collected in indicators
    form = ReturnForm(
        ret=Return(agency=lead_agency, year=year, quarter=4), indicators=indicators, history={}
    )
    field = form.fields["value_OPEN_CASES_RATE"]
    assert field.label == "Rate of open cases per 10,000 under-18s: your own reported rate"
    assert "explanation_OPEN_CASES_RATE" not in form.fields


def test_not_collected_means_not_entered(lead_agency, year, indicators):
    codes = set(services.enterable_indicators(lead_agency.pk, year).values_list("code", flat=True))
    assert codes == {"OPEN_REFERRALS", "CP_PLANS"}


def test_flag_and_report_note_the_difference(
    lead_agency, year, collected, agency_lead_user, support_user, good_values
):
    values = {**good_values, "OPEN_CASES_RATE": {"value": 370, "commentary": ""}}
    ret = Return(agency=lead_agency, year=year, quarter=4)
    services.return_submit(ret=ret, by=agency_lead_user, values=values)
    services.return_accept(ret=ret, by=support_user)
    flags = [f for f in quality_flags(year) if f["kind"] == "rate"]
    assert [(f["code"], f["quarter"]) for f in flags] == [("OPEN_CASES_RATE", 4)]
    assert flags[0]["text"] == (
        "Rate of open cases per 10,000 under-18s, Q4: reported rate 370.0 differs by more than "
        "1% from the rate derived from the count and population (362.1)"
    )
    headline = report.contribution(year)["headlines"][0]
    assert headline["value"] == 362.1  # 3,451 ÷ 95,309 × 10,000, derived, not the reported 370
    assert headline["reported_note"] == (
        f"{lead_agency.short_name} reported 370.0; the rate shown (362.1) is derived from the "
        "count and the under-18 population"
    )


def test_a_reported_rate_that_agrees_is_not_noted(
    lead_agency, year, collected, agency_lead_user, support_user, good_values
):
    values = {**good_values, "OPEN_CASES_RATE": {"value": "362.1", "commentary": ""}}
    ret = Return(agency=lead_agency, year=year, quarter=4)
    services.return_submit(ret=ret, by=agency_lead_user, values=values)
    services.return_accept(ret=ret, by=support_user)
    assert [f for f in quality_flags(year) if f["kind"] == "rate"] == []
    assert report.contribution(year)["headlines"][0]["reported_note"] == ""


@pytest.mark.django_db
def test_derived_rates_read_nothing_the_caller_has_read_already(indicators, lead_agency, year):
    """The return form passes the population it read, and None is an answer (a year without
    a population), not "not read": neither is read again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from datasets import selectors
    from tests.datasets.factories import ReturnFactory

    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
    counts = {indicators["OPEN_REFERRALS"].pk: 3451}

    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            rates = selectors.derived_rates_of(ret, **kwargs)
        return len(captured), rates

    given, rates = queries(population=95309, counts=counts)
    assert rates[0]["value"] == "362.1"
    assert rates[0]["name"] == "Rate of open cases per 10,000 under-18s"
    assert rates[0]["numerator"] == "Open referrals"
    none_given, rates = queries(population=None, counts=counts)
    assert none_given == given
    assert rates[0]["population"] is None
    read_here, rates = queries()
    assert read_here == given + 2  # the stored counts and the population
    assert rates[0]["population"] == 95309


def test_a_rate_reported_by_the_agency_is_shown_as_reported_even_beside_its_count():
    """Only a derived rate is worked out from its count and the population; a reported rate
    with a count beside it (for the disagreement flag) is shown as the agency reported it."""
    from decimal import Decimal
    from types import SimpleNamespace

    from datasets.selectors import _effective

    raw = {(1, 2031, 1): {"value": Decimal("50.0")}, (2, 2031, 1): {"value": Decimal("100")}}
    populations = {2031: 40000}

    def indicator(is_derived, numerator_id):
        return SimpleNamespace(pk=1, is_derived=is_derived, numerator_id=numerator_id)

    assert _effective(indicator(False, 2), 2031, 1, raw, populations) == Decimal("50.0")
    assert _effective(indicator(True, 2), 2031, 1, raw, populations) == Decimal("25.0")
    assert _effective(indicator(True, None), 2031, 1, raw, populations) == Decimal("50.0")
    # no population that year: the stored value stands
    assert _effective(indicator(True, 2), 2031, 1, raw, {}) == Decimal("50.0")
