"""Indicator sets by year and agency; every year listed from the day it exists; an accepted
return locked everywhere, the admin included, until re-opened (and the re-opening recorded)."""

import pytest
from django.urls import reverse

from cscp.models import ReportingYear
from datasets import selectors, services
from datasets.models import Return, ReturnTransition, YearIndicator
from tests.datasets.factories import IndicatorFactory, ReturnFactory, ReturnValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(lead_agency, year):
    a = IndicatorFactory(code="A_COUNT", name="A count", owner=lead_agency, order=1)
    b = IndicatorFactory(code="B_COUNT", name="B count", owner=lead_agency, order=2)
    for ind in (a, b):
        YearIndicator.objects.create(year=year, indicator=ind)
    return a, b


def _codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_a_new_year_starts_from_last_years_set(lead_agency, year, catalogue):
    a, b = catalogue
    next_year = ReportingYear.objects.create(start_year=year.start_year + 1)
    assert _codes(services.enterable_indicators(lead_agency.pk, next_year)) == [
        "A_COUNT",
        "B_COUNT",
    ]
    # Next year stops collecting B: this year is untouched.
    YearIndicator.objects.filter(year=next_year, indicator=b).delete()
    assert _codes(services.enterable_indicators(lead_agency.pk, next_year)) == ["A_COUNT"]
    assert _codes(services.enterable_indicators(lead_agency.pk, year)) == ["A_COUNT", "B_COUNT"]
    assert [f["code"] for f in selectors.figures(year)] == ["A_COUNT", "B_COUNT"]
    assert [f["code"] for f in selectors.figures(next_year)] == ["A_COUNT"]


def test_an_indicator_retired_from_the_catalogue_stays_in_past_years(lead_agency, year, catalogue):
    a, b = catalogue
    b.active = False
    b.save()
    assert [f["code"] for f in selectors.figures(year)] == ["A_COUNT", "B_COUNT"]


def test_an_agency_without_indicators_that_year_has_no_returns_to_make(
    agency_lead_client, lead_agency, year, catalogue
):
    other_year = ReportingYear.objects.create(start_year=year.start_year + 1)
    YearIndicator.objects.filter(year=other_year).delete()
    IndicatorFactory(code="ELSEWHERE", owner__name="Police")  # the set is explicit elsewhere
    YearIndicator.objects.create(year=other_year, indicator=IndicatorFactory(code="ELSEWHERE"))
    url = f"/returns/{lead_agency.pk}/{other_year.label}/q1/"
    assert agency_lead_client.get(url).status_code == 404


def test_every_year_is_listed_from_the_day_it_is_created(
    agency_lead_client, support_client, lead_agency, year, catalogue
):
    new = ReportingYear.objects.create(start_year=year.start_year + 3)
    assert not Return.objects.exists()
    for client in (agency_lead_client, support_client):
        html = client.get(reverse("return_list")).content.decode()
        assert new.label in html
        assert f"/returns/{lead_agency.pk}/{new.label}/q1/" in html


def test_an_accepted_return_is_locked_in_the_admin_until_reopened(
    support_client, support_user, lead_agency, year, catalogue
):
    a, _ = catalogue
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="accepted")
    ReturnValueFactory(ret=ret, indicator=a, value=10)
    change = reverse("admin:datasets_return_change", args=[ret.pk])
    page = support_client.get(change).content.decode()
    assert 'name="values-0-value"' not in page  # the figures are shown, not editable
    response = support_client.post(
        change,
        {
            "agency": lead_agency.pk,
            "year": year.pk,
            "quarter": 1,
            "query_comment": "edited quietly",
            "opened_version": ret.version,
            "values-TOTAL_FORMS": 1,
            "values-INITIAL_FORMS": 1,
            "values-0-id": ret.values.get().pk,
            "values-0-ret": ret.pk,
            "values-0-indicator": a.pk,
            "values-0-value": "99",
        },
    )
    assert response.status_code == 403
    ret.refresh_from_db()
    assert ret.values.get().value == 10 and ret.query_comment == ""
    services.return_reopen(ret=ret, by=support_user, reason="Police recount of Q1")
    assert 'name="values-0-value"' in support_client.get(change).content.decode()
    reopened = ReturnTransition.objects.get(ret=ret, from_status="accepted")
    assert (reopened.to_status, reopened.comment, reopened.by) == (
        "draft",
        "Police recount of Q1",
        support_user,
    )


def test_the_admin_cannot_change_a_status_unrecorded(support_client, lead_agency, year):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="draft")
    change = reverse("admin:datasets_return_change", args=[ret.pk])
    assert 'name="status"' not in support_client.get(change).content.decode()


def test_return_urls_write_the_year_in_the_url_form(
    agency_lead_client, lead_agency, year, catalogue
):
    """<year:...> (cscp/converters.py, decision 0014): reverse() takes a start year or a label
    and writes the label; the older start-year link still opens; anything else is a 404."""
    kwargs = {"agency_id": lead_agency.pk, "quarter": 1}
    url = reverse("return_form", kwargs={**kwargs, "start_year": year.start_year})
    assert url == f"/returns/{lead_agency.pk}/2021-22/q1/"
    assert reverse("return_form", kwargs={**kwargs, "start_year": "2021-22"}) == url
    assert agency_lead_client.get(url).status_code == 200
    assert agency_lead_client.get(f"/returns/{lead_agency.pk}/2021/q1/").status_code == 200
    for bad in ("2021-23", "1990-91", "21-22", "abcd", "2021-22x"):
        response = agency_lead_client.get(f"/returns/{lead_agency.pk}/{bad}/q1/")
        assert response.status_code == 404, bad
        response = agency_lead_client.get(f"/returns/{lead_agency.pk}/{bad}/q1/return.xlsx")
        assert response.status_code == 404, bad
