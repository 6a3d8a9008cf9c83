import pytest
from django.urls import reverse

from datasets.models import Return
from tests.datasets.factories import ReturnFactory

pytestmark = pytest.mark.django_db


def test_return_history_and_change_pages_open(support_client, lead_agency, year):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
    record = ret.history.first()
    url = reverse("admin:datasets_return_simple_history", args=[ret.pk, record.history_id])
    assert support_client.get(url).status_code == 200
    change = reverse("admin:datasets_return_change", args=[ret.pk])
    assert 'name="opened_version"' in support_client.get(change).content.decode()


def test_admin_refuses_a_stale_save(support_client, lead_agency, year):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
    stale = ret.version
    ret.save()  # someone else saved meanwhile
    response = support_client.post(
        reverse("admin:datasets_return_change", args=[ret.pk]),
        {
            "agency": lead_agency.pk,
            "year": year.pk,
            "quarter": 1,
            "status": "accepted",
            "query_comment": "",
            "opened_version": stale,
            "values-TOTAL_FORMS": 0,
            "values-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert Return.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("ethnicity", "message"),
    [
        (0.5, 'Enter the breakdown as {"category": number}'),
        ([1, 2], 'Enter the breakdown as {"category": number}'),
        ("white", 'Enter the breakdown as {"category": number}'),
        ({"white": -1}, "Enter a whole number, 0 or more, for: white."),
        ({"white": 2.5, "asian": "3"}, "Enter a whole number, 0 or more, for: asian, white."),
        ({"white": True}, "Enter a whole number, 0 or more, for: white."),
        ({"purple": 3}, "Unknown categories"),
    ],
)
def test_a_breakdown_that_is_not_counts_by_category_is_refused_by_name(
    lead_agency, year, ethnicity, message
):
    """The admin's JSON box takes any JSON: a number there was a 500 (a crawl posted 0.5)."""
    from django.core.exceptions import ValidationError

    from datasets.models import ReturnValue
    from tests.datasets.factories import IndicatorFactory

    value = ReturnValue(
        ret=ReturnFactory(agency=lead_agency, year=year, quarter=1),
        indicator=IndicatorFactory(code="CP_BREAKDOWN", owner=lead_agency),
        value=3,
        ethnicity=ethnicity,
    )
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert message in " ".join(refused.value.message_dict["ethnicity"])


def test_a_breakdown_of_counts_is_accepted(lead_agency, year):
    from datasets.models import ReturnValue
    from tests.datasets.factories import IndicatorFactory

    ReturnValue(
        ret=ReturnFactory(agency=lead_agency, year=year, quarter=1),
        indicator=IndicatorFactory(code="CP_BREAKDOWN", owner=lead_agency),
        value=3,
        ethnicity={"white": 2, "not_recorded": 1},
    ).full_clean()
