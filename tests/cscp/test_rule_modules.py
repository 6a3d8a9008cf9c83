"""The shared rule modules, unit by unit: what mutation testing (make mutation) showed the other
tests let through. No database: these run in a second."""

import datetime as dt

import pytest

from cscp.formatting import SUPPRESSED, neutralise_formula, percentage, suppress_small
from cscp.working_days import (
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, 0), (1, "c"), (5, "c"), (6, 6), (-1, -1), (True, True), ("3", "3"), (None, None)],
)
def test_counts_of_one_to_five_are_suppressed_and_nothing_else(value, shown):
    assert suppress_small(value) == shown
    assert type(suppress_small(value)) is type(shown)


def test_the_suppression_mark_is_a_c():
    assert SUPPRESSED == "c"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(10, 18, 56), (6, 18, 33), (1, 8, 13), (1, 200, 1), (1, 201, 0), (0, 5, 0), (5, 5, 100)],
)
def test_percentage_is_a_whole_number_rounded_half_up(part, whole, expected):
    assert percentage(part, whole) == expected


@pytest.mark.parametrize("whole", [0, None])
def test_percentage_of_nothing_is_none(whole):
    assert percentage(3, whole) is None


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        (-1, -1),
        (None, None),
    ],
)
def test_cells_a_spreadsheet_would_run_are_exported_as_text(value, exported):
    assert neutralise_formula(value) == exported


def test_working_days_skip_weekends_and_bank_holidays():
    assert is_working_day(D(2021, 6, 4))  # Friday
    assert not is_working_day(D(2021, 6, 5))  # Saturday
    assert not is_working_day(D(2021, 6, 6))  # Sunday
    assert not is_working_day(D(2022, 6, 2))  # Platinum Jubilee bank holiday (Thursday)
    assert is_working_day(D(2022, 6, 6))


def test_adding_no_working_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(D(2021, 6, 5), 0) == D(2021, 6, 5)
    with pytest.raises(ValueError, match="^days must not be negative$"):
        add_working_days(D(2021, 6, 4), -1)
    with pytest.raises(ValueError, match="^days must not be negative$"):
        subtract_working_days(D(2021, 6, 4), -1)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2021, 6, 7), 1, D(2021, 6, 4)),  # Monday back to Friday
        (D(2021, 6, 9), 2, D(2021, 6, 7)),
        (D(2022, 4, 19), 1, D(2022, 4, 14)),  # over Easter
        (D(2021, 6, 9), 0, D(2021, 6, 9)),
    ],
)
def test_subtracting_working_days(start, days, expected):
    assert subtract_working_days(start, days) == expected


def test_working_days_between_counts_the_end_not_the_start():
    assert working_days_between(D(2021, 6, 4), D(2021, 6, 4)) == 0
    assert working_days_between(D(2021, 6, 4), D(2021, 6, 7)) == 1  # Friday to Monday
    assert working_days_between(D(2021, 6, 5), D(2021, 6, 6)) == 0  # Saturday to Sunday
    assert working_days_between(D(2021, 6, 7), D(2021, 6, 4)) == -1


def test_working_days_between_is_the_count_of_working_days_day_by_day():
    """The counted form agrees with walking the calendar, across weekends, bank holidays
    (Christmas, Easter, the 2022 Jubilee and the Queen's funeral) and year ends, both ways."""
    import random

    def walked(start, end):
        days = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
        return sum(is_working_day(day) for day in days)

    rng = random.Random(2031)
    first = D(2019, 1, 1)
    for _ in range(400):
        start = first + dt.timedelta(days=rng.randrange(0, 2600))
        end = start + dt.timedelta(days=rng.randrange(0, 800))
        assert working_days_between(start, end) == walked(start, end), (start, end)
        assert working_days_between(end, start) == -walked(start, end), (start, end)
    for start, end in [
        (D(2022, 12, 23), D(2023, 1, 3)),  # Christmas, Boxing Day, New Year substitute
        (D(2022, 6, 1), D(2022, 6, 6)),  # the Platinum Jubilee's two bank holidays
        (D(2022, 9, 16), D(2022, 9, 19)),  # the Queen's funeral (a Monday)
        (D(2021, 12, 31), D(2022, 1, 4)),
    ]:
        assert working_days_between(start, end) == walked(start, end), (start, end)
