import csv
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from cscp.roles import Role
from datasets.models import Return, ReturnValue
from tests.datasets.factories import (
    ComparatorFactory,
    IndicatorFactory,
    ReturnFactory,
    ReturnValueFactory,
)
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_url(agency, year, quarter):
    return reverse(
        "return_form",
        kwargs={"agency_id": agency.pk, "start_year": year.start_year, "quarter": quarter},
    )


def post_data(**overrides):
    data = {
        "value_OPEN_REFERRALS": "3451",
        "commentary_OPEN_REFERRALS": "",
        "value_CP_PLANS": "440",
        "commentary_CP_PLANS": "Steady",
        "ethnicity_CP_PLANS_white": "400",
        "ethnicity_CP_PLANS_asian": "16",
        "ethnicity_CP_PLANS_not_recorded": "24",
        "action": "submit",
    }
    data.update(overrides)
    return data


class TestAgencyRestriction:
    @pytest.fixture
    def police_return(self, other_agency, year):
        IndicatorFactory(code="MISSING", owner=other_agency)
        return ReturnFactory(agency=other_agency, year=year, quarter=1)

    @pytest.mark.parametrize("name", ["return_form", "return_xlsx", "return_upload"])
    def test_another_agencys_return_is_404(self, agency_lead_client, police_return, name):
        url = reverse(name, kwargs=police_return.url_kwargs())
        assert agency_lead_client.get(url).status_code == 404

    def test_posting_to_another_agencys_return_is_404_and_changes_nothing(
        self, agency_lead_client, police_return
    ):
        url = reverse("return_form", kwargs=police_return.url_kwargs())
        response = agency_lead_client.post(url, {"value_MISSING": "5", "action": "draft"})
        assert response.status_code == 404
        assert not ReturnValue.objects.exists()

    def test_list_shows_only_own_agencies(
        self, agency_lead_client, police_return, indicators, lead_agency
    ):
        html = agency_lead_client.get(reverse("return_list")).content.decode()
        assert escape(lead_agency.name) in html
        assert escape(police_return.agency.name) not in html

    def test_support_sees_every_agency(self, support_client, police_return, indicators):
        html = support_client.get(reverse("return_list")).content.decode()
        assert police_return.agency.name in html
        review = support_client.get(reverse("return_review", args=[police_return.pk]))
        assert review.status_code == 200

    def test_bad_quarter_or_year_is_404(self, agency_lead_client, lead_agency, year, indicators):
        assert agency_lead_client.get(form_url(lead_agency, year, 5)).status_code == 404
        url = reverse(
            "return_form", kwargs={"agency_id": lead_agency.pk, "start_year": 1999, "quarter": 1}
        )
        assert agency_lead_client.get(url).status_code == 404


class TestReturnForm:
    def test_get_a_not_started_return_writes_nothing(
        self, agency_lead_client, lead_agency, year, indicators
    ):
        response = agency_lead_client.get(form_url(lead_agency, year, 1))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Open referrals" in html and "Compared with last quarter (Q4 2020-21)" in html
        assert not Return.objects.exists()

    def test_save_draft_then_submit(self, agency_lead_client, lead_agency, year, indicators):
        url = form_url(lead_agency, year, 1)
        response = agency_lead_client.post(url, post_data(action="draft", value_CP_PLANS=""))
        assert response.status_code == 302
        ret = Return.objects.get()
        assert ret.status == "draft"
        page = agency_lead_client.get(url).content.decode()
        assert "362.1" in page  # the derived rate, from 3451 and 95,309
        response = agency_lead_client.post(url, post_data(opened_version=ret.version))
        assert response.status_code == 302
        assert Return.objects.get().status == "submitted"

    def test_errors_are_summarised_linked_and_nothing_typed_is_lost(
        self, agency_lead_client, lead_agency, year, indicators
    ):
        response = agency_lead_client.post(
            form_url(lead_agency, year, 1),
            post_data(value_OPEN_REFERRALS="", value_CP_PLANS="9999", commentary_CP_PLANS=""),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert 'href="#id_value_OPEN_REFERRALS"' in html
        assert "Enter a figure for Open referrals" in html
        assert "Children subject to a Child Protection Plan must be at most 5,000" in html
        assert "Enter a commentary for Children subject" in html
        assert 'value="9999"' in html
        assert not Return.objects.exists()

    def test_text_and_negative_values_refused(
        self, agency_lead_client, lead_agency, year, indicators
    ):
        html = agency_lead_client.post(
            form_url(lead_agency, year, 1),
            post_data(value_OPEN_REFERRALS="lots", value_CP_PLANS="-1"),
        ).content.decode()
        assert "Open referrals must be a number" in html
        assert "Children subject to a Child Protection Plan must be 0 or more" in html
        assert not Return.objects.exists()

    def test_a_change_then_its_explanation(
        self, agency_lead_client, support_client, lead_agency, year, indicators
    ):
        q1 = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="accepted")
        ReturnValueFactory(ret=q1, indicator=indicators["OPEN_REFERRALS"], value=1000)
        url = form_url(lead_agency, year, 2)
        html = agency_lead_client.post(url, post_data()).content.decode()
        assert "Open referrals is 245% higher than last quarter" in html
        assert 'href="#id_explanation_OPEN_REFERRALS"' in html
        assert "confirm_changes" not in html
        assert not Return.objects.filter(quarter=2).exists()
        response = agency_lead_client.post(
            url, post_data(explanation_OPEN_REFERRALS="Backlog closed after the audit.")
        )
        assert response.status_code == 302
        ret = Return.objects.get(quarter=2)
        assert ret.status == "submitted"
        review = support_client.get(reverse("return_review", args=[ret.pk])).content.decode()
        assert "Open referrals is 245% higher than last quarter" in review
        assert "Why: Backlog closed after the audit." in review

    def test_second_save_is_told_the_return_changed(
        self, client, agency_lead_user, support_user, lead_agency, year, indicators
    ):
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
        opened = ret.version
        client.force_login(support_user)
        assert (
            client.post(
                form_url(lead_agency, year, 1),
                post_data(action="draft", opened_version=opened, value_CP_PLANS="1"),
            ).status_code
            == 302
        )
        client.force_login(agency_lead_user)
        response = client.post(
            form_url(lead_agency, year, 1),
            post_data(action="draft", opened_version=opened, value_CP_PLANS="2"),
        )
        assert response.status_code == 200
        assert "changed by someone else" in response.content.decode()
        assert ReturnValue.objects.get(indicator__code="CP_PLANS").value == 1

    @pytest.mark.parametrize("figure", ["9" * 25, "lots", "-3"])
    def test_a_stale_submit_with_bad_figures_lists_every_problem_and_writes_nothing(
        self, agency_lead_client, lead_agency, year, indicators, figure
    ):
        """The version check failing stopped the figures being parsed, and the submit branch
        then compared typed text with numbers (a 500; found by a crawl posting 25 nines to
        every field)."""
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
        response = agency_lead_client.post(
            form_url(lead_agency, year, 1),
            post_data(
                opened_version=ret.version + 7,
                value_CP_PLANS=figure,
                ethnicity_CP_PLANS_white=figure,
            ),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "changed by someone else" in html
        assert html.count("govuk-error-message") >= 2  # the figure and its breakdown
        assert not ReturnValue.objects.exists()
        assert Return.objects.get().status == ret.status

    def test_query_count_is_constant(
        self, agency_lead_client, lead_agency, year, indicators, django_assert_max_num_queries
    ):
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=2)
        for i in range(12):
            ind = IndicatorFactory(code=f"EXTRA_{i}", owner=lead_agency)
            ReturnValueFactory(ret=ret, indicator=ind, value=i)
        with django_assert_max_num_queries(15):
            assert agency_lead_client.get(form_url(lead_agency, year, 2)).status_code == 200


class TestReview:
    def test_support_queries_then_accepts(
        self, support_client, lead_agency, year, indicators, agency_lead_user
    ):
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="submitted")
        url = reverse("return_review", args=[ret.pk])
        html = support_client.post(url, {"action": "query", "query-comment": ""}).content.decode()
        assert "govuk-error-summary" in html
        support_client.post(url, {"action": "query", "query-comment": "Check CP"})
        assert Return.objects.get().status == "queried"
        # The lead sees the query on the form.
        ret.refresh_from_db()
        ret.status = "submitted"
        ret.save()
        support_client.post(url, {"action": "accept"})
        assert Return.objects.get().status == "accepted"
        support_client.post(url, {"action": "reopen", "reopen-reason": "Correction"})
        assert Return.objects.get().status == "draft"

    def test_agency_lead_may_not_review(self, agency_lead_client, lead_agency, year, indicators):
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="submitted")
        url = reverse("return_review", args=[ret.pk])
        assert agency_lead_client.post(url, {"action": "accept"}).status_code == 403
        assert Return.objects.get().status == "submitted"


@pytest.fixture
def pack_data(lead_agency, year, previous_year, indicators):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=4, status="accepted")
    ReturnValueFactory(ret=ret, indicator=indicators["OPEN_REFERRALS"], value=3451)
    ReturnValueFactory(ret=ret, indicator=indicators["CP_PLANS"], value=440)
    indicators["CP_PLANS"].name = "=cmd|' /C calc'!A0"
    indicators["CP_PLANS"].save()
    ComparatorFactory(indicator=indicators["OPEN_CASES_RATE"], year=previous_year, london=338.9)
    return ret


class TestDatasetPack:
    def test_pack_shows_figures_chart_and_table(self, executive_client, year, pack_data):
        html = executive_client.get(reverse("dataset_pack") + "?year=2021").content.decode()
        assert "362.1" in html and "338.9" in html
        assert "<svg" in html and "<table" in html

    def test_exports_neutralise_formulas(self, executive_client, year, pack_data):
        url = reverse("dataset_pack_export", args=["csv"]) + "?year=2021"
        rows = list(csv.reader(io.StringIO(executive_client.get(url).content.decode())))
        cp = next(r for r in rows if r[0] == "CP_PLANS")
        assert cp[1] == "'=cmd|' /C calc'!A0"
        assert next(r for r in rows if r[0] == "OPEN_CASES_RATE")[8] == "362.1"
        url = reverse("dataset_pack_export", args=["xlsx"]) + "?year=2021"
        ws = load_workbook(io.BytesIO(executive_client.get(url).content)).active
        cells = [c.value for c in ws[3]]
        assert cells[0] == "CP_PLANS" and cells[1] == "'=cmd|' /C calc'!A0"
        assert executive_client.get(reverse("dataset_pack_export", args=["pdf"])).status_code == 404

    def test_agency_lead_cannot_see_the_pack(self, agency_lead_client):
        assert agency_lead_client.get(reverse("dataset_pack")).status_code == 403

    def test_query_count_is_constant(
        self, executive_client, year, pack_data, django_assert_max_num_queries
    ):
        for i in range(6):
            agency = AgencyFactory(name=f"Agency pack {i}")
            ind = IndicatorFactory(code=f"PACK_{i}", owner=agency)
            for q in (1, 2, 3, 4):
                r = ReturnFactory(agency=agency, year=year, quarter=q, status="accepted")
                ReturnValueFactory(ret=r, indicator=ind, value=q * 10)
        with django_assert_max_num_queries(20):
            assert executive_client.get(reverse("dataset_pack") + "?year=2021").status_code == 200


def test_agency_lead_home_panel_lists_due_returns(client, role_groups, lead_agency, indicators):
    from cscp.models import ReportingYear

    ReportingYear.current()
    ReportingYear.objects.get_or_create(start_year=ReportingYear.current().start_year - 1)
    lead = UserFactory(username="home-lead", roles=[Role.AGENCY_LEAD], lead_for=[lead_agency])
    client.force_login(lead)
    html = client.get(reverse("home")).content.decode()
    assert "Your dataset returns to make" in html
    assert "Not started, " in html and "working days late" in html  # last year: all late


def test_support_home_grid(support_client, lead_agency, indicators):
    html = support_client.get(reverse("home")).content.decode()
    assert "RAG status of each agency" in html
    assert escape(lead_agency.short_name) in html


def test_ethnicity_breakdown_is_entered_on_the_form(
    agency_lead_client, lead_agency, year, indicators
):
    url = form_url(lead_agency, year, 1)
    data = post_data(
        ethnicity_CP_PLANS_white="400",
        ethnicity_CP_PLANS_asian="",
        ethnicity_CP_PLANS_not_recorded="30",
    )
    html = agency_lead_client.post(url, data).content.decode()
    assert "adds up to 430, not 440" in html
    assert 'href="#id_ethnicity_CP_PLANS_asian"' in html
    data["ethnicity_CP_PLANS_asian"] = "10"
    assert agency_lead_client.post(url, data).status_code == 302
    value = ReturnValue.objects.get(indicator__code="CP_PLANS")
    assert value.ethnicity == {"asian": 10, "white": 400, "not_recorded": 30}
