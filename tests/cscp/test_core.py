import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from cscp.access import allow, for_user_agencies, get_for_agency_or_404
from cscp.models import Agency, ReportingYear, start_year_from_label
from cscp.roles import Role
from cscp.working_days import add_working_days, is_working_day, working_days_between
from tests.factories import AgencyFactory, UserFactory


class TestReportingYear:
    def test_runs_april_to_march_with_four_quarters(self):
        year = ReportingYear(start_year=2021)
        assert year.label == "2021-22"
        assert (year.start, year.end) == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
        assert [(q.label, q.start, q.end) for q in year.quarters] == [
            ("Q1", dt.date(2021, 4, 1), dt.date(2021, 6, 30)),
            ("Q2", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
            ("Q3", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
            ("Q4", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        ]

    @pytest.mark.parametrize(
        "day, start_year",
        [(dt.date(2022, 3, 31), 2021), (dt.date(2022, 4, 1), 2022), (dt.date(2021, 12, 25), 2021)],
    )
    def test_the_year_of_a_date(self, day, start_year):
        assert ReportingYear.start_year_for(day) == start_year

    def test_century_label(self):
        assert ReportingYear(start_year=2099).label == "2099-00"

    @pytest.mark.parametrize("label", ["2021-23", "2021", "21-22", "abcd-ef", "2021-2022"])
    def test_rejects_malformed_labels(self, label):
        with pytest.raises(ValueError):
            start_year_from_label(label)


class TestWorkingDays:
    def test_skips_weekends(self):
        friday = dt.date(2021, 6, 4)
        assert add_working_days(friday, 1) == dt.date(2021, 6, 7)

    def test_skips_christmas_boxing_day_and_new_year(self):
        # Thu 23 Dec 2021: 24th Fri, then 27th and 28th are substitute bank holidays.
        assert add_working_days(dt.date(2021, 12, 23), 1) == dt.date(2021, 12, 24)
        assert add_working_days(dt.date(2021, 12, 23), 2) == dt.date(2021, 12, 29)
        assert not is_working_day(dt.date(2022, 1, 3))  # New Year substitute day

    def test_skips_easter(self):
        # Good Friday 15 April 2022, Easter Monday 18 April 2022.
        assert add_working_days(dt.date(2022, 4, 14), 1) == dt.date(2022, 4, 19)

    def test_counts_between_dates(self):
        assert working_days_between(dt.date(2021, 6, 4), dt.date(2021, 6, 11)) == 5
        assert working_days_between(dt.date(2021, 6, 11), dt.date(2021, 6, 4)) == -5


@pytest.mark.django_db
class TestAccess:
    def test_allow_sends_anonymous_to_login_and_refuses_other_roles(self, role_groups):
        view = allow(Role.EXECUTIVE)(lambda request: "ok")
        request = RequestFactory().get("/x/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        assert view(request).status_code == 302
        request.user = UserFactory(username="lead", roles=[Role.AGENCY_LEAD])
        with pytest.raises(PermissionDenied):
            view(request)
        request.user = UserFactory(username="exec", roles=[Role.EXECUTIVE])
        assert view(request) == "ok"

    def test_allow_needs_roles(self):
        with pytest.raises(TypeError):
            allow()

    def test_agency_leads_see_only_their_agencies(self, role_groups):
        mine, theirs = AgencyFactory(name="Mine"), AgencyFactory(name="Theirs")
        lead = UserFactory(username="lead", roles=[Role.AGENCY_LEAD], lead_for=[mine])
        support = UserFactory(username="sup", roles=[Role.BUSINESS_SUPPORT])
        nobody = UserFactory(username="nobody")
        agencies = Agency.objects.all()
        assert list(for_user_agencies(agencies, lead, "pk")) == [mine]
        assert set(for_user_agencies(agencies, support, "pk")) == {mine, theirs}
        assert list(for_user_agencies(agencies, nobody, "pk")) == []
        with pytest.raises(Http404):
            get_for_agency_or_404(agencies, lead, "pk", pk=theirs.pk)
        assert get_for_agency_or_404(agencies, lead, "pk", pk=mine.pk) == mine

    def test_a_page_without_an_access_rule_is_refused(self, client, support_user, settings):
        from django.urls import include, path

        import tests.cscp.test_core as this

        this.urlpatterns = [
            path("undeclared/", lambda request: None),
            path("", include("cscp.urls")),
        ]
        settings.ROOT_URLCONF = "tests.cscp.test_core"
        client.force_login(support_user)
        assert client.get("/undeclared/").status_code == 403


@pytest.mark.django_db
def test_home_shows_the_current_year_and_role_navigation(executive_client, agency_lead_client):
    page = executive_client.get("/")
    assert page.status_code == 200
    assert b"What needs your attention" in page.content
    assert ReportingYear.current().label.encode() in page.content
    lead_page = agency_lead_client.get("/")
    assert b"Children&#x27;s Social Care" in lead_page.content
    assert b'href="/admin/"' not in lead_page.content
