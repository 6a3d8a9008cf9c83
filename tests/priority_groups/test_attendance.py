"""Attendance rate per agency per year: present / meetings it was expected at."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from priority_groups.models import Attendance
from priority_groups.selectors import (
    AgencyAttendance,
    attendance_by_group,
    attendance_rate,
    attendance_summary,
    below,
    mean_rate,
    meeting_counts,
)
from tests.factories import AgencyFactory
from tests.priority_groups.factories import AttendanceFactory, MeetingFactory, PriorityGroupFactory

P, A, X = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT


def test_rate_counts_apologies_and_absences_as_expected_meetings():
    row = AgencyAttendance(agency_id=1, agency="Police", present=3, apologies=1, absent=1)
    assert row.expected == 5
    assert row.rate == 60


def test_rate_rounds_half_up_and_is_none_when_never_expected():
    assert attendance_rate(1, 8) == 13  # 12.5 -> 13
    assert attendance_rate(5, 9) == 56  # 55.6 -> 56
    assert attendance_rate(0, 0) is None


def test_mean_rate_counts_each_agency_once_and_ignores_unknown():
    assert mean_rate([100, 50, None]) == 75
    assert mean_rate([100, 67]) == 84  # 83.5 -> 84
    assert mean_rate([]) is None


def test_below_half_is_strictly_below_fifty_percent():
    rows = [
        AgencyAttendance(1, "Half", present=2, apologies=1, absent=1),
        AgencyAttendance(2, "Low", present=1, apologies=0, absent=2),
    ]
    assert below(rows) == ["Low"]
    summary = attendance_summary(rows, meetings=4)
    assert summary["mean_rate"] == 42  # (50 + 33) / 2 = 41.5 -> 42
    assert summary["agencies_below_50"] == ["Low"]
    assert summary["agencies"][1] == {
        "agency": "Low",
        "present": 1,
        "apologies": 0,
        "absent": 2,
        "expected": 3,
        "rate": 33,
    }


@pytest.mark.django_db
def test_database_counts_only_the_years_meetings_of_each_group(year, previous_year):
    group, other = PriorityGroupFactory(), PriorityGroupFactory()
    police, college = AgencyFactory(name="Police"), AgencyFactory(name="College")
    meetings = [MeetingFactory(group=group, date=dt.date(2021, m, 10)) for m in (4, 6, 8, 10)]
    for meeting, status in zip(meetings, [P, P, A, X], strict=True):
        AttendanceFactory(meeting=meeting, agency=police, status=status)
    for meeting, status in zip(meetings[:2], [X, P], strict=True):
        AttendanceFactory(meeting=meeting, agency=college, status=status)
    # Outside the year (March 2021 belongs to 2020-21) and another group's meeting.
    AttendanceFactory(meeting=MeetingFactory(group=group, date=dt.date(2021, 3, 31)), agency=police)
    AttendanceFactory(meeting=MeetingFactory(group=other, date=dt.date(2021, 5, 1)), agency=police)

    rows = attendance_by_group(year, [group.pk])[group.pk]
    by_name = {r.agency: r for r in rows}
    assert (by_name["Police"].present, by_name["Police"].expected, by_name["Police"].rate) == (
        2,
        4,
        50,
    )
    assert (by_name["College"].absent, by_name["College"].rate) == (1, 50)
    assert meeting_counts(year, [group.pk, other.pk]) == {group.pk: 4, other.pk: 1}
    assert attendance_by_group(previous_year, [group.pk])[group.pk][0].present == 1


@pytest.mark.django_db
def test_attendance_is_one_query_however_many_meetings(year, django_assert_num_queries):
    group = PriorityGroupFactory()
    agencies = [AgencyFactory() for _ in range(4)]
    for m in range(6):
        meeting = MeetingFactory(group=group, date=dt.date(2021, 4 + m, 1))
        for agency in agencies:
            AttendanceFactory(meeting=meeting, agency=agency)
    with django_assert_num_queries(1):
        rows = attendance_by_group(year, [group.pk])
    assert len(rows[group.pk]) == 4


counts = st.integers(min_value=0, max_value=60)


@given(st.lists(st.tuples(counts, counts, counts), min_size=1, max_size=12))
def test_rates_and_their_mean_stay_within_bounds(rows):
    attendance = [
        AgencyAttendance(i, f"Agency {i}", present=p, apologies=a, absent=x)
        for i, (p, a, x) in enumerate(rows)
    ]
    rates = [r.rate for r in attendance if r.rate is not None]
    assert all(0 <= r <= 100 for r in rates)
    mean = mean_rate([r.rate for r in attendance])
    if rates:
        assert min(rates) <= mean <= max(rates)
    else:
        assert mean is None
    assert set(below(attendance)) == {
        r.agency for r in attendance if r.rate is not None and r.rate < 50
    }
