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
