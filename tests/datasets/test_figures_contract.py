"""What figures(), quality_flags() and completeness() give the dataset pack and the report, key
by key, for a small fictional partnership (Fenmoor, 2031-32): each key a page shows is pinned,
Q1 included (a range starting at Q2 would drop it)."""

import pytest

from datasets import selectors
from datasets.models import Indicator, Return
from tests.datasets.factories import (
    IndicatorFactory,
    PopulationFactory,
    ReturnFactory,
    ReturnValueFactory,
)
from tests.factories import AgencyFactory, ReportingYearFactory

pytestmark = pytest.mark.django_db

ACCEPTED = Return.Status.ACCEPTED


@pytest.fixture
def fenmoor():
    last, year = ReportingYearFactory(start_year=2030), ReportingYearFactory(start_year=2031)
    PopulationFactory(year=year, under_18=20000)
    PopulationFactory(year=last, under_18=20000)
    social_care = AgencyFactory(name="Fenmoor Children's Services", short_name="")
    police = AgencyFactory(name="Fenmoor Constabulary", short_name="Fenmoor Police")
    contacts = IndicatorFactory(
        code="FM_CONTACTS",
        name="Contacts",
        owner=social_care,
        basis=Indicator.Basis.IN_QUARTER,
        polarity=Indicator.Polarity.NEITHER,
        ethnicity_breakdown=True,
        order=1,
    )
    rate = IndicatorFactory(
        code="FM_RATE",
        name="Contacts per 10,000",
        owner=social_care,
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.DERIVED,
        numerator=contacts,
        basis=Indicator.Basis.IN_QUARTER,
        order=2,
    )
    missing = IndicatorFactory(code="FM_MISSING", name="Missing episodes", owner=police, order=3)
    q1_last = ReturnFactory(agency=social_care, year=last, quarter=1, status=ACCEPTED)
    ReturnValueFactory(ret=q1_last, indicator=contacts, value=10)
    q1 = ReturnFactory(agency=social_care, year=year, quarter=1, status=ACCEPTED)
    ReturnValueFactory(
        ret=q1,
        indicator=contacts,
        value=30,
        commentary="A schools campaign",
        explanation="The campaign doubled contacts",
        ethnicity={"white": 20, "not_recorded": 10},
    )
    ReturnValueFactory(ret=q1, indicator=rate, value=16)  # the agency's own; derived is 15.0
    return year, {"contacts": contacts, "rate": rate, "missing": missing}, social_care, police


def test_figures_give_each_key_the_pages_show(fenmoor):
    year, indicators, social_care, police = fenmoor
    by_code = {f["code"]: f for f in selectors.figures(year)}
    contacts, rate, missing = by_code["FM_CONTACTS"], by_code["FM_RATE"], by_code["FM_MISSING"]
    assert contacts["quarters"] == [30, None, None, None]
    assert contacts["last_quarters"] == [10, None, None, None]
    assert contacts["commentary"] == [
        {"quarter": 1, "agency": "Fenmoor Children's Services", "text": "A schools campaign"}
    ]
    assert (contacts["basis_label"], contacts["polarity"]) == ("In quarter", "neither")
    assert contacts["owner"] == "Fenmoor Children's Services"  # no short name: the name
    assert missing["owner"] == "Fenmoor Police"  # the short name where there is one
    assert rate["quarters"][0] == 15  # derived from 30 and 20,000
    assert rate["reported"] == 16  # the agency's own Q1 rate, beside it
    assert rate["reported_note"] == (
        "Fenmoor Children's Services reported 16.0; the rate shown (15.0) is derived from the "
        "count and the under-18 population"
    )
    assert (rate["derived"], contacts["derived"]) == (True, False)
    assert (rate["numerator"], contacts["numerator"]) == ("FM_CONTACTS", "")
    assert (rate["counts"], contacts["counts"]) == ("", indicators["contacts"].counts)
    assert missing["commentary"] == []


def test_quality_flags_in_full(fenmoor):
    year, *_ = fenmoor
    assert selectors.quality_flags(year) == [
        {
            "kind": "change",
            "code": "FM_CONTACTS",
            "quarter": 1,
            "explanation": "The campaign doubled contacts",
            "text": "Q1: Contacts is 200% higher than the same quarter last year (Q1 2030-31): "
            "10 to 30. Explained: The campaign doubled contacts",
        },
        {
            "kind": "ethnicity",
            "code": "FM_CONTACTS",
            "quarter": 1,
            "share": 33,
            "text": "Contacts, Q1: ethnicity not recorded for 33% of children",
        },
        {
            "kind": "rate",
            "code": "FM_RATE",
            "quarter": 1,
            "text": "Contacts per 10,000, Q1: reported rate 16.0 differs by more than 1% from "
            "the rate derived from the count and population (15.0)",
        },
    ]


def test_completeness_names_each_agency_and_its_quarters(fenmoor):
    year, _, social_care, police = fenmoor
    not_started = [Return.Status.NOT_STARTED] * 4
    assert (
        selectors.completeness(year)
        == [
            {
                "agency": "Fenmoor Children's Services",  # no short name: the name
                "agency_id": social_care.pk,
                "quarters": [ACCEPTED, *not_started[1:]],
                "accepted": 1,
            },
            {
                "agency": "Fenmoor Police",
                "agency_id": police.pk,
                "quarters": not_started,
                "accepted": 0,
            },
        ]
    )


def test_a_returns_rag_against_its_due_date():
    import datetime as dt

    due, before, after = dt.date(2031, 7, 21), dt.date(2031, 7, 20), dt.date(2031, 7, 22)
    for status in (Return.Status.ACCEPTED, Return.Status.SUBMITTED):
        assert selectors.rag(status, due, after) == ("Green", "green")  # in, however late
    for status in (Return.Status.NOT_STARTED, Return.Status.DRAFT, Return.Status.QUERIED):
        assert selectors.rag(status, due, before) == ("Amber", "yellow")
        assert selectors.rag(status, due, due) == ("Amber", "yellow")  # due today: not late
        assert selectors.rag(status, due, after) == ("Red", "red")
