"""Business support's returns view (issue 16): filtered by year, quarter, agency and status,
opening on the returns quarter in progress, other years collapsed, chasing in one click (once
per return per day), read-only for the scrutineer, and a constant number of queries."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cscp.models import ReportingYear
from cscp.roles import Role
from datasets import worklist
from datasets.models import ReminderSent, Return
from tests.datasets.factories import IndicatorFactory, ReturnFactory
from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fenmoor(role_groups):
    """A fictional partnership: three agencies returning over three years."""
    today = timezone.localdate()
    start, quarter = worklist.returns_quarter(today)
    years = [ReportingYearFactory(start_year=start - n) for n in (2, 1, 0)]
    ReportingYear.current()
    police = AgencyFactory(name="Fenmoor Constabulary", short_name="Police", kind="police")
    health = AgencyFactory(name="Fenmoor Health Board", short_name="Health", kind="health")
    social = AgencyFactory(name="Fenmoor Children's Services", short_name="Social care")
    for agency, code in ((police, "FM_ARRESTS"), (health, "FM_VISITS"), (social, "FM_OPEN")):
        IndicatorFactory(code=code, name=f"{agency.short_name} figure", owner=agency)
    leads = {
        agency: UserFactory(
            username=f"lead-{agency.short_name.lower().replace(' ', '')}",
            roles=[Role.AGENCY_LEAD],
            lead_for=[agency],
        )
        for agency in (police, health, social)
    }
    return {
        "today": today,
        "start": start,
        "quarter": quarter,
        "years": years,
        "police": police,
        "health": health,
        "social": social,
        "leads": leads,
        "support": UserFactory(username="fm-support", roles=[Role.BUSINESS_SUPPORT]),
        "scrutineer": UserFactory(username="fm-scrutineer", roles=[Role.SCRUTINEER]),
    }


def _shown(html: str) -> str:
    """The main (open) table of the page, before the collapsed other years."""
    return html.split("Other quarters and years")[0]


def test_opens_on_the_returns_quarter_in_progress_with_other_years_collapsed(client, fenmoor):
    year = fenmoor["years"][-1]
    ReturnFactory(agency=fenmoor["police"], year=year, quarter=fenmoor["quarter"])
    client.force_login(fenmoor["support"])
    html = client.get("/returns/").content.decode()
    heading = f"{year.label} Q{fenmoor['quarter']}: 3 returns"
    assert heading in html
    main = _shown(html)
    assert main.count('<tr class="govuk-table__row">') == 1 + 3  # the header and 3 agencies
    # The year's other quarters and the older years are there, collapsed, one <details> each.
    assert html.count('<details class="govuk-details">') == 3
    assert f"{year.label}, other quarters: " in html
    for older in fenmoor["years"][:-1]:
        assert re.search(rf"<summary[^>]*>.*{older.label}: \d+ returns", html, re.S)


def test_filters_by_year_quarter_agency_and_status(client, fenmoor):
    older = fenmoor["years"][0]
    ReturnFactory(agency=fenmoor["health"], year=older, quarter=2, status=Return.Status.ACCEPTED)
    ReturnFactory(agency=fenmoor["police"], year=older, quarter=2, status=Return.Status.QUERIED)
    client.force_login(fenmoor["support"])
    html = client.get(
        "/returns/", {"year": older.label, "quarter": "2", "status": "queried"}
    ).content.decode()
    main = _shown(html)
    assert f"{older.label} Q2: 1 return" in main
    assert "Fenmoor Constabulary" in main and "Fenmoor Health Board" not in main
    html = client.get(
        "/returns/",
        {"year": older.label, "quarter": "", "agency": fenmoor["health"].pk, "status": ""},
    ).content.decode()
    assert f"{older.label}, Health: 4 returns" in _shown(html)
    # Late: quarter ended, not submitted (a queried one too), past its due date: all 12 of the
    # year but the accepted one.
    html = client.get(
        "/returns/", {"year": older.label, "quarter": "", "status": "late"}
    ).content.decode()
    assert f"{older.label}: 11 returns" in _shown(html)


@pytest.mark.parametrize(
    "query",
    [
        {"year": "1999-00"},
        {"quarter": "7"},
        {"agency": "99999999"},
        {"agency": "x' OR 1=1"},
        {"status": "<script>"},
        {"year": "\x00"},
    ],
)
def test_a_bad_filter_value_is_named_and_the_default_shown(client, fenmoor, query):
    client.force_login(fenmoor["support"])
    response = client.get("/returns/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem with the filter" in html
    assert "<script>" not in html


def test_chase_one_return_queues_one_reminder_a_day(
    client, fenmoor, django_capture_on_commit_callbacks
):
    year = fenmoor["years"][0]
    client.force_login(fenmoor["support"])
    key = f"{fenmoor['police'].pk}-{year.start_year}-3"
    data = {"key": key, "year": year.label, "quarter": "3", "agency": "", "status": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/returns/chase/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/returns/?year={year.label}&quarter=3&agency=&status="
    ret = Return.objects.get(agency=fenmoor["police"], year=year, quarter=3)
    reminder = ReminderSent.objects.get(ret=ret)
    assert reminder.kind == ReminderSent.Kind.OVERDUE
    assert [m.to for m in mail.outbox] == [["lead-police@example.org"]]
    assert "Overdue" in mail.outbox[0].subject
    # The page now says so, with no second button for that return.
    html = client.get(response["Location"]).content.decode()
    assert "Reminded today" in html
    assert f'value="{key}"' not in html
    # A second click the same day sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/returns/chase/", data)
    assert ReminderSent.objects.filter(ret=ret).count() == 1
    assert len(mail.outbox) == 1


def test_chase_all_shown_reminds_each_late_return_once(
    client, fenmoor, django_capture_on_commit_callbacks
):
    year = fenmoor["years"][0]
    ReturnFactory(agency=fenmoor["social"], year=year, quarter=1, status=Return.Status.SUBMITTED)
    client.force_login(fenmoor["support"])
    query = {"year": year.label, "quarter": "1", "agency": "", "status": ""}
    html = client.get("/returns/", query).content.decode()
    assert "Chase all 2 shown that are due or late" in html
    keys = re.findall(r'name="key" value="([\d-]+)"', html.split("Chase all")[0])
    assert len(keys) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/returns/chase/", {**query, "key": keys})
    assert ReminderSent.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lead-health@example.org",
        "lead-police@example.org",
    ]
    # The submitted return is never chased, even when its key is sent.
    submitted = f"{fenmoor['social'].pk}-{year.start_year}-1"
    client.post("/returns/chase/", {**query, "key": [submitted]})
    assert ReminderSent.objects.count() == 2


def test_a_quarter_not_yet_ended_is_not_chased(client, fenmoor):
    client.force_login(fenmoor["support"])
    current = ReportingYear.current()
    not_ended = [q.number for q in current.quarters if q.end >= fenmoor["today"]]
    client.post(
        "/returns/chase/", {"key": f"{fenmoor['police'].pk}-{current.start_year}-{not_ended[0]}"}
    )
    assert ReminderSent.objects.count() == 0


def test_scrutineer_reads_the_returns_and_cannot_chase(client, fenmoor):
    year = fenmoor["years"][0]
    client.force_login(fenmoor["scrutineer"])
    response = client.get("/returns/", {"year": year.label})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fenmoor Constabulary" in html
    assert "/returns/chase/" not in html and "Chase" not in html
    # No links to the form they may not open either.
    assert f"/returns/{fenmoor['police'].pk}/" not in html
    key = f"{fenmoor['police'].pk}-{year.start_year}-3"
    assert client.post("/returns/chase/", {"key": key}).status_code == 403
    assert client.post("/returns/", {"key": key}).status_code == 405
    assert ReminderSent.objects.count() == 0


def test_an_agency_lead_sees_only_their_own_returns(client, fenmoor):
    client.force_login(fenmoor["leads"][fenmoor["police"]])
    html = client.get("/returns/").content.decode()
    assert "Fenmoor Constabulary" in html
    assert "Fenmoor Health Board" not in html
    assert "Chase" not in html
    assert 'name="agency"' not in html  # one agency: nothing to choose
    # Their older years each have a return still to make: open, not collapsed.
    assert html.count('<details class="govuk-details" open>') == 2


def _queries(client, query=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/returns/", query or {}).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_is_constant(client, fenmoor):
    client.force_login(fenmoor["support"])
    _queries(client)  # the first request of a session also reads what is then cached
    small = _queries(client)
    small_filtered = _queries(client, {"status": "late"})
    # Three more years, five more agencies, every quarter a return, some reminded today.
    for n in range(3, 6):
        ReportingYearFactory(start_year=fenmoor["start"] - n)
    years = list(ReportingYear.objects.all())
    for i in range(5):
        agency = AgencyFactory(name=f"Fenmoor agency {i}", short_name=f"Agency {i}")
        IndicatorFactory(code=f"FM_EXTRA_{i}", owner=agency)
        for year in years:
            for quarter in (1, 2, 3, 4):
                ret = ReturnFactory(agency=agency, year=year, quarter=quarter)
                if quarter == 1:
                    ReminderSent.objects.create(
                        ret=ret, sent_on=fenmoor["today"], kind=ReminderSent.Kind.OVERDUE
                    )
    assert _queries(client) == small
    assert _queries(client, {"status": "late"}) == small_filtered
    assert small <= 16


def test_scrutineer_reads_a_return_and_cannot_accept_query_or_reopen_it(client, fenmoor):
    year = fenmoor["years"][0]
    ret = ReturnFactory(
        agency=fenmoor["police"], year=year, quarter=1, status=Return.Status.SUBMITTED
    )
    client.force_login(fenmoor["scrutineer"])
    listing = client.get("/returns/", {"year": year.label, "quarter": "1"}).content.decode()
    assert f'href="/returns/review/{ret.pk}/"' in listing
    html = client.get(f"/returns/review/{ret.pk}/").content.decode()
    assert "Fenmoor Constabulary" in html
    assert "Accept return" not in html and "Send query" not in html
    for action in ("accept", "query", "reopen"):
        response = client.post(
            f"/returns/review/{ret.pk}/", {"action": action, "query-comment": "x"}
        )
        assert response.status_code == 403
    ret.refresh_from_db()
    assert ret.status == Return.Status.SUBMITTED
