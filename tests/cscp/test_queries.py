"""cscp.queries: several reads in one SELECT (the report's contributions use it)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext

from cscp.models import Agency, User
from cscp.queries import average, count, json_rows, one_query, total
from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_read_comes_back_in_one_query():
    year = ReportingYearFactory(start_year=2021)
    police = AgencyFactory(name="Police", short_name="Police", kind="police")
    AgencyFactory(name="Health", short_name="", kind="health")
    for username in ("a", "b"):
        UserFactory(username=username).agencies.add(police)
    agencies = Agency.objects.filter(name__in=["Police", "Health"])
    one_query(year, warm=json_rows(agencies, name="name"))  # SQLite: a first JSON check
    with CaptureQueriesContext(connection) as queries:
        row = one_query(
            year,
            agencies=count(agencies),
            none=count(agencies.filter(name="Nobody")),
            pks=total(agencies, "pk"),
            mean=average(agencies, "pk"),
            no_total=total(agencies.filter(name="Nobody"), "pk"),
            rows=json_rows(
                agencies,
                name="name",
                short="short_name",
                active="active",
                users=count(User.objects.filter(agencies=OuterRef("pk"))),
            ),
            empty=json_rows(agencies.filter(name="Nobody"), name="name"),
        )
    assert len(queries) == 1
    assert row["agencies"] == 2 and row["none"] == 0
    assert row["pks"] == police.pk + Agency.objects.get(name="Health").pk
    assert row["mean"] == pytest.approx(row["pks"] / 2)
    assert row["no_total"] is None
    assert row["empty"] == []  # PostgreSQL's jsonb_agg of no rows is NULL: made a list
    rows = sorted(row["rows"], key=lambda r: r["name"])
    assert [(r["name"], r["short"], bool(r["active"]), r["users"]) for r in rows] == [
        ("Health", "", True, 0),
        ("Police", "Police", True, 2),
    ]


def test_dates_come_back_as_iso_text():
    year = ReportingYearFactory(start_year=2021)
    joined = dt.datetime(2021, 5, 1, 9, 30, tzinfo=dt.UTC)
    UserFactory(username="dated", date_joined=joined)
    row = one_query(
        year, users=json_rows(User.objects.filter(username="dated"), joined="date_joined")
    )
    text = row["users"][0]["joined"]
    assert isinstance(text, str) and text.startswith("2021-05-01")
