"""Working days in England & Wales: weekdays that are not bank holidays.

Statutory clocks (rapid reviews), return deadlines and booking cut-offs all count in these.
Bank holidays come from the `holidays` package (offline data, no network).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted).

    add_working_days(Friday, 1) is the next Monday (if not a bank holiday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def subtract_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days before `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current -= dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if end is before start).

    Counted, not walked: a return's lateness or a review's age spans years, and the page asked
    for it per row (issue 17's profile of the return form)."""
    if end < start:
        return -working_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    # Every 7 days hold 5 weekdays; the last `rest` days fall on the weekdays after start's.
    weekdays = weeks * 5 + sum((start.weekday() + i) % 7 < 5 for i in range(1, rest + 1))
    holidays_on_weekdays = sum(
        start < day <= end and day.weekday() < 5
        for year in range(start.year, end.year + 1)
        for day in _bank_holidays(year)
    )
    return weekdays - holidays_on_weekdays
