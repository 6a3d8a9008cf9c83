"""The agency lead's home page (issue 16): every return of theirs that needs them — drafts and
queried returns of any year, due and late returns — with status, due date and a link to the
form, and every action their agency owns; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cscp.models import ReportingYear
from cscp.roles import Role
from datasets import worklist
from datasets.models import Return
from tests.datasets.factories import IndicatorFactory, ReturnFactory
from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(role_groups):
    current = ReportingYear.current()
    ReportingYearFactory(start_year=current.start_year - 1)
    agency = AgencyFactory(name="Fenmoor Constabulary", short_name="Police", kind="police")
    other = AgencyFactory(name="Fenmoor Health Board", short_name="Health", kind="health")
    IndicatorFactory(code="FM_ARRESTS", name="Arrests of children", owner=agency)
    IndicatorFactory(code="FM_VISITS", name="Health visits", owner=other)
    user = UserFactory(username="fm-lead", roles=[Role.AGENCY_LEAD], lead_for=[agency])
    return {"user": user, "agency": agency, "other": other, "current": current}


def _home(client, user) -> str:
    client.force_login(user)
    return client.get("/").content.decode()


def test_lists_queried_late_due_and_draft_returns_with_status_due_date_and_link(client, lead):
    today = timezone.localdate()
    agency, current = lead["agency"], lead["current"]
    old = ReportingYearFactory(start_year=current.start_year - 4)
    last = ReportingYear.objects.get(start_year=current.start_year - 1)
    queried = ReturnFactory(agency=agency, year=last, quarter=1, status=Return.Status.QUERIED)
    ReturnFactory(agency=agency, year=last, quarter=2, status=Return.Status.SUBMITTED)
    ReturnFactory(agency=agency, year=last, quarter=3, status=Return.Status.ACCEPTED)
    old_draft = ReturnFactory(agency=agency, year=old, quarter=4, status=Return.Status.DRAFT)
    ReturnFactory(agency=lead["other"], year=last, quarter=1, status=Return.Status.QUERIED)
    html = _home(client, lead["user"])
    assert "Your dataset returns to make" in html
    # Queried first, with what to do.
    assert "Queried: answer the query" in html
    assert html.index("Queried: answer the query") < html.index("working days late")
    assert f'href="/returns/{agency.pk}/{last.label}/q1/"' in html
    assert f"due {queried.due_date:%-d %B %Y}" in html
    # A draft of a year long gone still needs them.
    assert f'href="/returns/{agency.pk}/{old.label}/q4/"' in html
    assert f"{old.label} Q4 – due {old_draft.due_date:%-d %B %Y}" in html
    # Last year's Q4, not started and past its due date, is late by a number of working days.
    assert f"Fenmoor Constabulary {last.label} Q4" in html
    assert "working days late" in html
    # Submitted and accepted returns, and another agency's, are not theirs to act on.
    assert f"/returns/{agency.pk}/{last.label}/q2/" not in html
    assert f"/returns/{agency.pk}/{last.label}/q3/" not in html
    assert "Fenmoor Health Board" not in html
    # Every ended quarter of this year and last is listed unless submitted or accepted.
    ended_this_year = [q for q in current.quarters if q.end < today]
    expected = 1 + 1 + 1 + len(ended_this_year)  # queried, old draft, last year's Q4, this year
    assert len(worklist.needing_lead(lead["user"], today=today)) == expected


def test_lists_every_action_the_lead_owns(client, lead):
    from tests.reviews.factories import ActionFactory

    for n in range(14):
        ActionFactory(owner_agency=lead["agency"], description=f"Fenmoor action number {n}")
    ActionFactory(owner_agency=lead["other"], description="Someone else's action")
    html = _home(client, lead["user"])
    for n in range(14):
        assert f"Fenmoor action number {n} " in html
    assert "Someone else's action" not in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_the_lead_home_query_count_is_constant(client, lead):
    client.force_login(lead["user"])
    _queries(client)
    small = _queries(client)
    for n in range(2, 7):
        year = ReportingYearFactory(start_year=lead["current"].start_year - n)
        for quarter in (1, 2, 3, 4):
            ReturnFactory(agency=lead["agency"], year=year, quarter=quarter)
    assert _queries(client) == small


def test_lateness_is_in_working_days_with_thousands_separated():
    import datetime as dt

    assert worklist.late_text(dt.date(2022, 7, 28), dt.date(2022, 7, 28)) == ""
    assert worklist.late_text(dt.date(2022, 7, 28), dt.date(2022, 7, 29)) == "1 working day late"
    # A Friday due date, the Monday after: one working day.
    assert worklist.late_text(dt.date(2022, 7, 29), dt.date(2022, 8, 1)) == "1 working day late"
    assert worklist.late_text(dt.date(2022, 7, 28), dt.date(2026, 12, 1)) == (
        "1,098 working days late"
    )
