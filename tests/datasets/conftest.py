import pytest

from datasets.models import Indicator
from tests.datasets.factories import IndicatorFactory, PopulationFactory


@pytest.fixture
def indicators(lead_agency, year):
    """Children's Social Care's catalogue: two counts and a rate derived from one of them."""
    PopulationFactory(year=year, under_18=95309)
    open_referrals = IndicatorFactory(
        code="OPEN_REFERRALS", name="Open referrals", owner=lead_agency, order=1
    )
    cp_plans = IndicatorFactory(
        code="CP_PLANS",
        name="Children subject to a Child Protection Plan",
        owner=lead_agency,
        order=2,
        commentary_required=True,
        max_value=5000,
        ethnicity_breakdown=True,
    )
    rate = IndicatorFactory(
        code="OPEN_CASES_RATE",
        name="Rate of open cases per 10,000 under-18s",
        owner=lead_agency,
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.DERIVED,
        numerator=open_referrals,
        headline=True,
        order=3,
    )
    return {"OPEN_REFERRALS": open_referrals, "CP_PLANS": cp_plans, "OPEN_CASES_RATE": rate}


@pytest.fixture
def good_values():
    return {
        "OPEN_REFERRALS": {"value": 3451, "commentary": ""},
        "CP_PLANS": {
            "value": 440,
            "commentary": "Steady.",
            "ethnicity": {"white": 400, "asian": 16, "not_recorded": 24},
        },
    }
