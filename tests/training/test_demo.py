"""The demo reproduces the seed report and loading it twice duplicates nothing."""

import time

import pytest

from cscp import demo as cscp_demo
from cscp import demodata
from cscp.models import ReportingYear
from training import demo, report
from training.models import Booking, Completion, Course, Evaluation, Session

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Course, Session, Booking, Evaluation, Completion)] + [
        Completion.history.count()
    ]


def test_demo_is_idempotent_fast_and_matches_the_seed():
    cscp_demo.load()
    started = time.monotonic()
    demo.load()
    elapsed = time.monotonic() - started
    first = counts()
    demo.load()
    assert counts() == first
    assert elapsed < 10  # ~2 s on a developer machine; generous for loaded CI
    data = report.contribution(ReportingYear.objects.get(start_year=2021))
    assert 9000 < data["completions"] < data["completions_previous"]
    assert data["completions_direction"] == "down"
    titles = [c["title"] for c in data["new_courses"]]
    # The seed's three new courses, as its demo file lists them.
    seed_courses = [c["title"] for c in demodata.read("training", "2021-22")["courses"]]
    assert len(seed_courses) == 3 and sorted(titles) == sorted(seed_courses)
    funded = {c["title"]: c["funder"] for c in data["funded_courses"]}
    assert funded["Unconscious Bias Training"] == "Crystal Palace FC Foundation"
    # The seed quotes no attendee: no invented follow-up answer is quoted in its year.
    assert data["evaluations"] > 0 and data["quotes"] == []
    assert data["checks"][0]["ok"] is True
