"""Rules that single-line breakages once got past every test: the quarter before Q1 is Q4 of the
year before, a reported rate is checked both ways, and a queried return cannot be accepted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cscp.models import ReportingYear
from datasets import rules, services
from datasets.models import Indicator, Return, ReturnTransition
from tests.datasets.factories import ReturnFactory, ReturnValueFactory
from tests.factories import ReportingYearFactory


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [(1, (2021, 4)), (2, (2022, 1)), (3, (2022, 2)), (4, (2022, 3))],
)
def test_the_quarter_before(quarter, expected):
    ret = Return(year=ReportingYear(start_year=2022), quarter=quarter)
    assert ret.previous_quarter_key() == expected


@pytest.mark.django_db
def test_q1_is_compared_with_q4_of_the_year_before(lead_agency, indicators):
    # Issue 14: change checks are like for like. A figure "as at" the period end (a stock)
    # still moves quarter to quarter, so its Q1 is compared with Q4 of the year before (never
    # with Q4 of its own year).
    cp_plans = indicators["CP_PLANS"]
    cp_plans.basis = Indicator.Basis.PERIOD_END
    cp_plans.save()
    last_year = ReturnFactory(
        agency=lead_agency, year=ReportingYearFactory(start_year=2021), quarter=4
    )
    this_year = ReturnFactory(
        agency=lead_agency, year=ReportingYearFactory(start_year=2022), quarter=4
    )
    ReturnValueFactory(ret=last_year, indicator=cp_plans, value=400)
    ReturnValueFactory(ret=this_year, indicator=cp_plans, value=999)
    q1 = Return(agency=lead_agency, year=ReportingYear.objects.get(start_year=2022), quarter=1)
    history = services.comparison_history(q1)["CP_PLANS"]
    assert history == {(2021, 4): Decimal(400), (2022, 4): Decimal(999)}
    previous = rules.comparable_periods(cp_plans.basis, 2022, 1)[0]
    assert previous == ("previous_quarter", "last quarter (Q4 2021-22)", (2021, 4))
    # 410 is within 25 % of last year's Q4 (400) but far from this year's Q4 (999).
    assert rules.changes(cp_plans, 2022, 1, {**history, (2022, 1): Decimal(410)}) == []
    [change] = rules.changes(cp_plans, 2022, 1, {**history, (2022, 1): Decimal(900)})
    assert (change["kind"], change["previous"], change["current"]) == (
        "previous_quarter",
        Decimal(400),
        Decimal(900),
    )


def test_a_reported_rate_below_the_derived_one_is_flagged_too():
    # 3,451 open cases among 95,309 under-18s: 362.08 per 10,000.
    assert rules.rate_disagrees(Decimal("358.0"), 3451, 95309) is True  # 1.13 % below
    assert rules.rate_disagrees(Decimal("359.0"), 3451, 95309) is False  # 0.85 % below
    assert rules.rate_disagrees(Decimal("366.0"), 3451, 95309) is True  # 1.08 % above


@pytest.mark.django_db
def test_a_queried_return_cannot_be_accepted_until_it_is_resubmitted(
    lead_agency, year, indicators, agency_lead_user, support_user, good_values
):
    ret = services.return_submit(
        ret=Return(agency=lead_agency, year=year, quarter=2),
        by=agency_lead_user,
        values=good_values,
    )
    services.return_query(ret=ret, by=support_user, comment="Check the CP figure")
    ret = Return.objects.get()
    with pytest.raises(ValidationError):
        services.return_accept(ret=ret, by=support_user)
    assert Return.objects.get().status == Return.Status.QUERIED
    assert not ReturnTransition.objects.filter(to_status=Return.Status.ACCEPTED).exists()
