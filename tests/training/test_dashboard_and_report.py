"""Dashboard (query count pinned), report contribution and templates, home panel."""

import datetime as dt
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cscp.models import ReportingYear
from tests.factories import AgencyFactory
from training import report
from training.home import panels
from training.models import Booking, Delivery
from training.selectors import direction

from .factories import (
    BookingFactory,
    CompletionFactory,
    CourseFactory,
    EvaluationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def seed(n: int):
    """n agencies × (a session this year and last, attended/DNA bookings, evaluations,
    completions)."""
    for i in range(n):
        agency = AgencyFactory(name=f"Agency {i}")
        course = CourseFactory(title=f"Course {i}", introduced_on=dt.date(2021, 5, 1))
        for start in (dt.date(2021, 6, 1 + i), dt.date(2020, 6, 1 + i)):
            session = SessionFactory(course=course, starts_at=at(start))
            for _ in range(3):
                EvaluationFactory(
                    booking__session=session,
                    booking__agency=agency,
                    confidence_before=2,
                    confidence_after=4,
                )
            BookingFactory(session=session, agency=agency, status=Booking.Status.DID_NOT_ATTEND)
        for day in (dt.date(2021, 7, 1), dt.date(2020, 7, 1), dt.date(2020, 7, 2)):
            CompletionFactory(course=course, agency=agency, completed_on=day)


def test_dashboard_query_count_does_not_grow(executive_client, django_assert_max_num_queries):
    ReportingYear.objects.get_or_create(start_year=2021)
    seed(1)
    with django_assert_max_num_queries(20) as small:
        response = executive_client.get("/training/dashboard/?year=2021-22")
    assert response.status_code == 200
    _seed_more(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = executive_client.get("/training/dashboard/?year=2021-22")
    assert response.status_code == 200
    content = response.content.decode()
    assert "DNA rate" in content
    assert "2020-21" in content


def _seed_more(n):
    for i in range(10, 10 + n):
        agency = AgencyFactory(name=f"Agency {i}")
        course = CourseFactory(title=f"Course {i}")
        session = SessionFactory(course=course, starts_at=at(dt.date(2021, 6, i)))
        EvaluationFactory(booking__session=session, booking__agency=agency)
        CompletionFactory(course=course, agency=agency, completed_on=dt.date(2021, 8, i))


def test_dashboard_figures(support_client):
    ReportingYear.objects.get_or_create(start_year=2021)
    ReportingYear.objects.get_or_create(start_year=2020)
    seed(2)
    response = support_client.get("/training/dashboard/?year=2021-22")
    data = response.context["data"]
    assert data["completions"]["this"] == 2
    assert data["completions"]["last"] == 4
    assert data["completions"]["direction"] == "down"
    agency_0 = next(r for r in data["attendance_by_agency"] if r["agency"] == "Agency 0")
    assert (agency_0["attended"], agency_0["did_not_attend"], agency_0["dna_rate"]) == (3, 1, 25)
    assert agency_0["attended_last"] == 3
    assert data["evaluation"]["mean_confidence_before"] == 2.0
    assert data["evaluation"]["mean_confidence_change"] == 2.0
    assert data["by_year"] == [
        {"year": "2020-21", "completions": 4, "attended": 6},
        {"year": "2021-22", "completions": 2, "attended": 6},
    ]
    modes = {row["label"]: row for row in data["sessions_by_mode"]}
    assert modes["Virtual classroom"]["sessions"] == 2


def test_direction():
    assert direction(9000, 12500) == "down"
    assert direction(3, 1) == "up"
    assert direction(2, 2) == "same"
    assert direction(0, 0) is None


def test_contribution_is_plain_json_in_constant_queries(django_assert_max_num_queries):
    year, _ = ReportingYear.objects.get_or_create(start_year=2021)
    seed(1)
    with django_assert_max_num_queries(12) as few:
        report.contribution(year)
    seed(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = report.contribution(year)
    assert json.loads(json.dumps(data)) == data
    assert data["has_records"] is True
    # seed(1) and seed(4): five of everything this year (two courses share a title).
    assert data["completions"] == 5 and data["completions_previous"] == 10
    assert data["completions_direction"] == "down"
    assert data["sessions_delivered"] == 5
    assert data["evaluations"] == 15
    assert data["mean_confidence_before"] == 2.0 and data["mean_confidence_after"] == 4.0
    assert len(data["new_courses"]) == 4
    assert data["checks"][0] == {
        "label": "Training has evaluation evidence for 2021-22, not only attendance",
        "ok": True,
        "fix_url": "/training/registers/",
    }


def test_contribution_without_evaluations_fails_the_check():
    year, _ = ReportingYear.objects.get_or_create(start_year=2021)
    session = SessionFactory(starts_at=at(dt.date(2021, 6, 1)))
    BookingFactory(session=session, status=Booking.Status.ATTENDED)
    data = report.contribution(year)
    assert data["has_records"] is True
    assert data["checks"][0]["ok"] is False


def test_report_templates_render_honestly_when_empty():
    year, _ = ReportingYear.objects.get_or_create(start_year=2019)
    data = report.contribution(year)
    assert data["has_records"] is False
    for name in ("training/report/training.html", "training/report/new_courses.html"):
        html = render_to_string(name, {"data": data, "public": True, "year_label": "2019-22"})
        assert "No records for this year." in html
        assert "<h3" in html and "<h2" not in html


def test_report_templates_suppress_small_counts_in_public():
    year, _ = ReportingYear.objects.get_or_create(start_year=2021)
    funder = AgencyFactory(name="Crystal Palace FC Foundation")
    CourseFactory(
        title="Unconscious Bias",
        delivery=Delivery.E_LEARNING,
        funder=funder,
        introduced_on=dt.date(2021, 9, 1),
    )
    session = SessionFactory(starts_at=at(dt.date(2021, 6, 1)))
    EvaluationFactory(booking__session=session, comments="Brilliant", quote_in_report=True)
    data = report.contribution(year)
    context = {"data": data, "year_label": "2021-22"}
    public = render_to_string("training/report/training.html", {**context, "public": True})
    internal = render_to_string("training/report/training.html", {**context, "public": False})
    assert "attended by c professional" in public
    assert "attended by 1 professional" in internal
    assert "Brilliant" in public
    new = render_to_string("training/report/new_courses.html", {**context, "public": True})
    assert "Unconscious Bias" in new and "funded by Crystal Palace FC Foundation" in new


def test_home_panel_lists_registers_to_take(support_user, executive_user):
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(hours=2))
    BookingFactory(session=session)
    [panel] = panels(support_user)
    assert panel.items[0]["url"] == f"/training/registers/{session.pk}/"
    assert panels(executive_user) == []
