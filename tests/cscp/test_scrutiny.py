"""The scrutineer's page: changes since their previous sign-in, the report's checklist, and the
challenges still waiting for the partners' response; it writes nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cscp.models import Agency
from cscp.reporting.models import ScrutinyActivity
from tests.factories import AgencyFactory, ReportingYearFactory
from tests.report.factories import AnnualReportFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    user.last_login = timezone.now() - dt.timedelta(days=3)
    user.save(update_fields=["last_login"])
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "test-password-123"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return user.last_login


@pytest.fixture
def password_user(scrutineer_user):
    scrutineer_user.set_password("test-password-123")
    scrutineer_user.save()
    return scrutineer_user


def test_changes_since_the_previous_sign_in_are_listed(client, password_user):
    old = AgencyFactory(name="Quiet Agency")
    Agency.history.filter(id=old.pk).update(history_date=timezone.now() - dt.timedelta(days=9))
    previous = sign_in(client, password_user)
    changed = AgencyFactory(name="Busy Agency")
    page = client.get("/scrutiny/").content.decode()
    assert f"Changed since your previous sign-in, {timezone.localtime(previous):%-d %B %Y}" in page
    assert f"Agency {changed.pk}" in page
    assert f"/admin/cscp/agency/{changed.pk}/history/" in page
    assert f"Agency {old.pk}<" not in page


def test_without_a_previous_sign_in_the_last_30_days_are_shown(scrutineer_client):
    AgencyFactory()
    assert "Changed in the last 30 days" in scrutineer_client.get("/scrutiny/").content.decode()


def test_open_challenges_and_the_report_checklist(scrutineer_client):
    year = ReportingYearFactory(start_year=2025)
    ScrutinyActivity.objects.create(
        year=year,
        date=dt.date(2025, 9, 1),
        kind="challenge",
        with_whom="Police",
        key_points="Strip searches of children",
    )
    ScrutinyActivity.objects.create(
        year=year,
        date=dt.date(2025, 10, 1),
        kind="challenge",
        with_whom="Health",
        partners_response="Audit done.",
        responded_on=dt.date(2025, 11, 1),
    )
    report = AnnualReportFactory(year=year)
    ContributionFactory(report=report, name="Jo Chair")
    page = scrutineer_client.get("/scrutiny/").content.decode()
    challenges = page.split("Challenges awaiting the partners", 1)[1]
    assert "Challenge session with Police" in challenges
    assert "Strip searches of children" in challenges
    assert "with Health" not in challenges
    assert "Reflection from Jo Chair received" in page
    assert "/admin/" not in page.split("The report in progress", 1)[1].split("Challenges")[0]


def test_the_page_writes_nothing_and_its_queries_do_not_grow(scrutineer_client):
    AgencyFactory()
    scrutineer_client.get("/scrutiny/")
    with CaptureQueriesContext(connection) as small:
        scrutineer_client.get("/scrutiny/")
    for n in range(30):
        AgencyFactory(name=f"Agency {n}")
    with CaptureQueriesContext(connection) as large:
        scrutineer_client.get("/scrutiny/")
    assert len(large) == len(small)
    writes = [q["sql"] for q in large if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
