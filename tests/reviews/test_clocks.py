"""Statutory clocks: 5 working days to notify the Panel, 15 more for the rapid review; working
days skip weekends and England & Wales bank holidays."""

import datetime as dt

import pytest

from reviews.models import (
    ClockState,
    RapidReview,
    add_months,
    clock_label,
    clock_state,
    notification_due,
    rapid_review_due,
)

D = dt.date


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        (D(2021, 6, 4), D(2021, 6, 11)),  # Friday: the weekend is skipped
        (D(2021, 6, 5), D(2021, 6, 11)),  # aware on a Saturday
        (D(2021, 12, 22), D(2021, 12, 31)),  # Christmas 2021: 27 and 28 Dec substitute days
        (D(2021, 12, 23), D(2022, 1, 4)),  # ... and 3 Jan 2022 (New Year substitute)
        (D(2021, 3, 31), D(2021, 4, 9)),  # Easter 2021 across the reporting year end
        (D(2022, 3, 28), D(2022, 4, 4)),  # reporting year end, no holiday
        (D(2022, 5, 31), D(2022, 6, 9)),  # Platinum Jubilee: 2 and 3 June 2022
    ],
)
def test_notification_is_due_five_working_days_after_the_la_became_aware(aware, due):
    assert notification_due(aware) == due


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (D(2020, 12, 23), D(2021, 1, 18)),  # Christmas, Boxing Day substitute and New Year
        (D(2022, 4, 13), D(2022, 5, 9)),  # Good Friday, Easter Monday and Early May
        (D(2021, 6, 1), D(2021, 6, 22)),  # three plain weeks
    ],
)
def test_rapid_review_is_due_fifteen_working_days_after_the_notification(sent, due):
    assert rapid_review_due(sent) == due


def test_no_rapid_review_clock_before_the_notification_is_sent():
    assert rapid_review_due(None) is None
    review = RapidReview(la_aware_on=D(2021, 6, 1))
    assert review.rapid_review_clock(D(2021, 6, 2)) == ClockState.NOT_STARTED


DUE = D(2021, 6, 11)  # a Friday


@pytest.mark.parametrize(
    ("today", "done", "state"),
    [
        (D(2021, 6, 1), None, ClockState.ON_TRACK),
        (D(2021, 6, 7), None, ClockState.ON_TRACK),  # 4 working days left
        (D(2021, 6, 8), None, ClockState.DUE_SOON),  # 3 working days left
        (D(2021, 6, 11), None, ClockState.DUE_SOON),  # due today
        (D(2021, 6, 12), None, ClockState.OVERDUE),
        (D(2021, 6, 30), D(2021, 6, 11), ClockState.MET),
        (D(2021, 6, 30), D(2021, 6, 14), ClockState.MET_LATE),
    ],
)
def test_each_clock_state(today, done, state):
    assert clock_state(DUE, done, today) == state


@pytest.mark.parametrize(
    ("today", "done", "label"),
    [
        (D(2021, 6, 8), None, "Due soon"),
        (D(2021, 6, 11), None, "Due today"),
        (D(2021, 6, 14), None, "Overdue by 1 working day"),  # Monday after a Friday due day
        (D(2021, 6, 18), None, "Overdue by 5 working days"),
        (D(2021, 6, 30), D(2021, 6, 14), "Met late"),
        (D(2021, 6, 1), None, "On track"),
    ],
)
def test_each_clock_label_says_how_urgent_it_is(today, done, label):
    assert clock_label(clock_state(DUE, done, today), DUE, today) == label


def test_a_review_reports_both_clocks():
    review = RapidReview(
        la_aware_on=D(2021, 12, 22),
        notification_sent_on=D(2022, 1, 4),  # late: due 31 Dec
    )
    assert review.notification_due_on == D(2021, 12, 31)
    assert review.notification_clock(D(2022, 1, 10)) == ClockState.MET_LATE
    assert review.rapid_review_due_on == D(2022, 1, 25)
    assert review.rapid_review_clock(D(2022, 1, 20)) == ClockState.DUE_SOON
    assert review.rapid_review_clock(D(2022, 1, 26)) == ClockState.OVERDUE
    assert review.needs_attention(D(2022, 1, 26))
    review.submitted_to_panel_on = D(2022, 1, 25)
    assert review.rapid_review_clock(D(2022, 1, 26)) == ClockState.MET
    assert not review.needs_attention(D(2022, 1, 26))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2021, 1, 17), D(2021, 7, 17)),
        (D(2021, 8, 31), D(2022, 2, 28)),  # no 31 February
        (D(2021, 10, 15), D(2022, 4, 15)),  # across the calendar year
    ],
)
def test_practice_review_expected_six_months_after_the_decision(start, expected):
    assert add_months(start, 6) == expected
