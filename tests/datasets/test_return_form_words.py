"""The return form speaks to the agency lead (issue 16): indicator names (not codes) as
headings with help text, the reason a derived rate cannot be worked out, and a late submission
says it is late, by how many working days, on submit and on the return page."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cscp.working_days import working_days_between
from datasets import services
from datasets.models import Population, Return
from tests.datasets.factories import ReturnFactory
from tests.datasets.test_views import form_url, post_data

pytestmark = pytest.mark.django_db


def test_headings_are_indicator_names_with_help_text(
    agency_lead_client, lead_agency, year, indicators
):
    indicators["CP_PLANS"].note = "Children on a plan on the last day of the quarter"
    indicators["CP_PLANS"].save()
    html = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    headings = re.findall(r'<h2 class="govuk-fieldset__heading">(.*?)</h2>', html)
    assert headings == ["Open referrals", "Children subject to a Child Protection Plan"]
    assert "Children on a plan on the last day of the quarter" in html
    for code in ("OPEN_REFERRALS", "CP_PLANS"):
        assert f">{code}<" not in html


def _draft(lead_agency, year, values, user):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status=Return.Status.DRAFT)
    services.return_save_draft(ret=ret, by=user, values=values, opened_version=ret.version)
    return ret


def test_a_rate_that_cannot_be_derived_says_what_it_needs(
    agency_lead_client, agency_lead_user, lead_agency, year, indicators, good_values
):
    values = {**good_values, "OPEN_REFERRALS": {"value": None, "commentary": ""}}
    _draft(lead_agency, year, values, agency_lead_user)
    html = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    assert "Not calculated: needs the number of open referrals" in html
    Population.objects.filter(year=year).delete()
    html = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    assert f"needs the number of children aged under 18 in {year.label}" in html


def test_a_derived_rate_is_shown_when_it_can_be(
    agency_lead_client, agency_lead_user, lead_agency, year, indicators, good_values
):
    _draft(lead_agency, year, good_values, agency_lead_user)
    html = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    assert "Not calculated" not in html
    assert "362.1" in html  # 3,451 ÷ 95,309 × 10,000
    assert "95,309 under-18s" in html


def test_a_late_submission_says_so_on_submit_and_on_the_return_page(
    agency_lead_client, lead_agency, year, indicators
):
    from django.utils import timezone

    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status=Return.Status.DRAFT)
    days = working_days_between(ret.due_date, timezone.localdate())
    words = f"{days:,} working days late"
    page = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    assert f"Overdue: {words}" in page
    response = agency_lead_client.post(
        form_url(lead_agency, year, 1), post_data(opened_version=ret.version)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"It is late: {words} (it was due on {ret.due_date:%-d %B %Y})" in m for m in said)
    page = agency_lead_client.get(form_url(lead_agency, year, 1)).content.decode()
    assert f"Submitted {words}" in page
    assert f"{timezone.localdate():%-d %B %Y}" in page


def test_an_on_time_return_says_nothing_about_lateness(agency_lead_client, lead_agency, indicators):
    from cscp.models import ReportingYear

    current = ReportingYear.current()
    Population.objects.create(year=current, under_18=95309)
    page = agency_lead_client.get(form_url(lead_agency, current, 4)).content.decode()
    assert "working day" not in page and "Overdue" not in page
    assert reverse("return_list") in page


def test_business_support_see_a_late_submission_on_the_review_page(
    agency_lead_client, support_client, lead_agency, year, indicators
):
    from django.utils import timezone

    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status=Return.Status.DRAFT)
    agency_lead_client.post(form_url(lead_agency, year, 2), post_data(opened_version=ret.version))
    ret.refresh_from_db()
    assert ret.status == Return.Status.SUBMITTED
    days = working_days_between(ret.due_date, timezone.localdate())
    html = support_client.get(f"/returns/review/{ret.pk}/").content.decode()
    assert f"Submitted {days:,} working days late" in html
