"""The few indicators that moved most, for the executive's home page (issue 16).

Like for like: each indicator's latest accepted quarter is compared with the same quarter last
year (a year-to-date figure at Q2 with last year's Q2, never with last year's total), and rates
and percentages with the published comparators (statistical neighbours, London, England) of
the latest comparator year. Counts are not compared with other areas: their size follows the
area's population. Five queries, whatever the number of indicators and returns."""

from __future__ import annotations

from django.db.models import Max

from cscp.formatting import half_up_int
from cscp.models import ReportingYear

from . import rules, selectors
from .models import Indicator, ReturnValue

RATE_UNITS = (Indicator.Unit.RATE, Indicator.Unit.PERCENTAGE)


def latest_reported_year() -> ReportingYear | None:
    """The latest year with an accepted figure."""
    start = ReturnValue.objects.filter(
        ret__status__in=selectors.REPORTED_STATUSES, value__isnull=False
    ).aggregate(latest=Max("ret__year__start_year"))["latest"]
    if start is None:
        return None
    return ReportingYear.objects.filter(start_year=start).first()


def _percent(current, previous) -> int | None:
    """The change in whole per cent (half up); None when there is nothing to compare with."""
    if previous in (None, 0) or current is None:
        return None
    return half_up_int(rules.relative_change(current, previous) * 100)


def movers(*, limit: int = 3) -> dict:
    """{"year", "against_last_year": [...], "against_comparators": [...]}: at most `limit` of
    each, largest change first. Each item: name, text (a sentence), direction (better, worse,
    similar or None), percent."""
    year = latest_reported_year()
    if year is None:
        return {"year": None, "against_last_year": [], "against_comparators": []}
    figures = selectors.figures(year)
    last_year, comparators = [], []
    for f in figures:
        quarter = max((i + 1 for i, v in enumerate(f["quarters"]) if v is not None), default=0)
        if not quarter:
            continue
        now, before = f["quarters"][quarter - 1], f["last_quarters"][quarter - 1]
        unit = f["unit"]
        percent = _percent(now, before)
        if percent is not None and percent != 0:
            last_year.append(
                {
                    "name": f["name"],
                    "percent": percent,
                    "direction": rules.direction(now, before, f["polarity"]),
                    "text": f"{rules.format_value(now, unit)} at Q{quarter} {year.label}: "
                    f"{abs(percent)}% {'higher' if percent > 0 else 'lower'} than at "
                    f"Q{quarter} {year.previous_label} ({rules.format_value(before, unit)})",
                }
            )
        if unit not in RATE_UNITS or f["comparator_year"] is None:
            continue
        for label, other in (
            ("statistical neighbours", f["statistical_neighbours"]),
            ("London", f["london"]),
            ("England", f["england"]),
        ):
            percent = _percent(now, other)
            if percent is None or percent == 0:
                continue
            comparators.append(
                {
                    "name": f["name"],
                    "percent": percent,
                    "direction": rules.direction(now, other, f["polarity"]),
                    "text": f"{rules.format_value(now, unit)} at Q{quarter} {year.label}: "
                    f"{abs(percent)}% {'above' if percent > 0 else 'below'} {label} "
                    f"({rules.format_value(other, unit)}, {f['comparator_year']})",
                }
            )
            break  # the nearest like-for-like comparator only: neighbours, else London
    last_year.sort(key=lambda m: (-abs(m["percent"]), m["name"]))
    comparators.sort(key=lambda m: (-abs(m["percent"]), m["name"]))
    return {
        "year": year,
        "against_last_year": last_year[:limit],
        "against_comparators": comparators[:limit],
    }
