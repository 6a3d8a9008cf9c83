"""The demo reproduces the seed report and loading it twice duplicates nothing."""

import time

import pytest

from cscp import demo as cscp_demo
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
    assert demo.LGBTQ in titles and demo.DISPROPORTIONALITY in titles and demo.TRAUMA in titles
    funded = {c["title"]: c["funder"] for c in data["funded_courses"]}
    assert funded[demo.UNCONSCIOUS_BIAS] == "Crystal Palace FC Foundation"
    assert data["evaluations"] > 0 and data["quotes"]
    assert data["checks"][0]["ok"] is True
