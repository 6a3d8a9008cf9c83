"""Business rules of returns and figures: small functions, tested directly."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from cscp.formatting import half_up, half_up_int

from .models import NOT_RECORDED, Indicator, derived_rate, round_half_up  # noqa: F401

JUMP_THRESHOLD = Decimal("0.25")  # a change of more than 25 % against last quarter
SIMILAR_THRESHOLD = Decimal("0.05")  # within 5 % of last year counts as similar
RATE_TOLERANCE = Decimal("0.01")  # a reported rate may differ from the derived one by 1 %


MAX_FIGURE = Decimal(10) ** 10  # the database keeps 12 digits, 2 after the point
SHOWN_DIGITS = 15  # a too-large figure longer than this is described, not printed
RATE_MAX = Decimal(10000)  # a rate per 10,000 cannot exceed 10,000
PERCENT_MAX = Decimal(100)
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)


class FigureError(ValueError):
    """A figure that cannot be accepted; the message names the figure and says why."""


def parse_figure(raw, name: str) -> Decimal | None:
    """The number typed on the form or found in a workbook cell: 7241, "7,241", " 7241.0 ",
    or a number cell. Thousands separators only in their right places ("7,24,1" is refused)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FigureError(f"{name} must be a number")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if not (_PLAIN.match(text) or _GROUPED.match(text)):
            raise FigureError(f"{name} must be a number, not “{str(raw).strip()[:20]}”")
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise FigureError(f"{name} must be a number") from None
    if not value.is_finite():
        raise FigureError(f"{name} must be a number")
    return value


def figure_problem(indicator, value, population: int | None = None) -> str | None:
    """The one set of plausibility rules, the same for the form, the workbook and submission:
    the message names the indicator and says what is wrong, or None."""
    if value is None:
        return None
    name = indicator.name
    value = Decimal(value)
    if value < 0:
        return f"{name} must be 0 or more"
    if value >= MAX_FIGURE:
        # ReturnValue.value is DECIMAL(12, 2): refused here, never a database error. A figure
        # like 1e308 is not printed in full (309 digits would bury the message).
        digits = value.adjusted() + 1
        if digits > SHOWN_DIGITS:
            return (
                f"{name} is too large: it has {digits:,} digits before the decimal point, "
                "more than the 10 that can be stored"
            )
        return f"{name} is too large: {format_value(value)} has more than 10 digits"
    if value != value.to_integral_value() and value.as_tuple().exponent < -2:
        return f"{name} can have at most 2 decimal places"
    if indicator.is_count and value != value.to_integral_value():
        return f"{name} is a count: enter a whole number, not {value.normalize():f}"
    if (
        indicator.is_count
        and indicator.counts == Indicator.Counts.CHILDREN
        and population
        and value > population
    ):
        return (
            f"{name} ({format_value(value)}) is more than the {population:,} children aged "
            "under 18 in the area"
        )
    if indicator.unit == Indicator.Unit.RATE and value > RATE_MAX:
        return f"{name} is a rate per 10,000 under-18s and cannot be more than 10,000"
    if indicator.unit == Indicator.Unit.PERCENTAGE and value > PERCENT_MAX:
        return f"{name} is a percentage and cannot be more than 100"
    if indicator.min_value is not None and value < indicator.min_value:
        return f"{name} must be at least {format_value(indicator.min_value, indicator.unit)}"
    if indicator.max_value is not None and value > indicator.max_value:
        return f"{name} must be at most {format_value(indicator.max_value, indicator.unit)}"
    return None


def breakdown_problem(indicator, label: str, value) -> str | None:
    """A number in a breakdown (e.g. an ethnic group): a whole number, 0 or more."""
    if value is None:
        return None
    where = f"{label} in {indicator.name}"
    if value < 0:
        return f"{where} must be 0 or more"
    if value != value.to_integral_value():
        return f"{where} must be a whole number"
    if value >= MAX_FIGURE:
        return f"{where} is too large"
    return None


def relative_change(current, previous) -> Decimal | None:
    """(current - previous) / previous; None when there is nothing to compare."""
    if current is None or previous is None:
        return None
    current, previous = Decimal(current), Decimal(previous)
    if previous == 0:
        return Decimal(0) if current == 0 else Decimal("Infinity")
    return (current - previous) / previous


def is_jump(current, previous) -> bool:
    """More than 25 % up or down against the previous quarter."""
    change = relative_change(current, previous)
    return change is not None and abs(change) > JUMP_THRESHOLD


def direction(current, previous, polarity: str) -> str | None:
    """ "better", "worse" or "similar" judged with the indicator's polarity; for indicators
    with no polarity "higher", "lower" or "similar". None when there is nothing to compare."""
    change = relative_change(current, previous)
    if change is None:
        return None
    if abs(change) <= SIMILAR_THRESHOLD:
        return "similar"
    up = change > 0
    if polarity == Indicator.Polarity.HIGHER_BETTER:
        return "better" if up else "worse"
    if polarity == Indicator.Polarity.LOWER_BETTER:
        return "worse" if up else "better"
    return "higher" if up else "lower"


def format_value(value, unit: str = Indicator.Unit.COUNT) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    if unit == Indicator.Unit.COUNT and value == value.to_integral_value():
        return f"{int(value):,}"
    text = f"{round_half_up(value):,}"
    return f"{text}%" if unit == Indicator.Unit.PERCENTAGE else text


def comparison_sentence(
    value,
    previous,
    previous_label: str,
    london=None,
    statistical_neighbours=None,
    unit: str = Indicator.Unit.RATE,
) -> str:
    """Plain English from the numbers, e.g.
    "362.1 — lower than 2020-21 (398.3); London 338.9, statistical neighbours 352.8"."""
    if value is None:
        return "No figure for this year."
    text = format_value(value, unit)
    change = relative_change(value, previous)
    if change is not None:
        if change == 0:
            text += f" — the same as {previous_label}"
        else:
            word = "higher" if change > 0 else "lower"
            if abs(change) > JUMP_THRESHOLD:
                word = f"significantly {word}"
            text += f" — {word} than {previous_label} ({format_value(previous, unit)})"
    comparators = []
    if london is not None:
        comparators.append(f"London {format_value(london, unit)}")
    if statistical_neighbours is not None:
        comparators.append(f"statistical neighbours {format_value(statistical_neighbours, unit)}")
    if comparators:
        text += "; " + ", ".join(comparators)
    return text


def rate_disagrees(reported, numerator, population) -> bool:
    """A reported rate more than 1 % away from the rate derived from count and population."""
    derived = derived_rate(numerator, population)
    if reported is None or derived is None:
        return False
    if derived == 0:
        return Decimal(reported) != 0
    return abs(Decimal(reported) - derived) / derived > RATE_TOLERANCE


def reported_note(reported, derived, agency: str, unit: str = Indicator.Unit.RATE) -> str:
    """The report shows the derived rate; where the agency's own reported rate differs, it
    says so: "Children's Social Care reported 47.0; the rate shown (46.2) is derived …"."""
    if reported is None or derived is None:
        return ""
    if half_up(reported, 1) == half_up(derived, 1):
        return ""
    return (
        f"{agency} reported {format_value(reported, unit)}; the rate shown "
        f"({format_value(derived, unit)}) is derived from the count and the under-18 population"
    )


def not_recorded_share(ethnicity: dict) -> int | None:
    """Whole-number percentage of records whose ethnicity is "not recorded"."""
    total = sum(int(v or 0) for v in (ethnicity or {}).values())
    if not total:
        return None
    return half_up_int(Decimal(int(ethnicity.get(NOT_RECORDED) or 0) * 100) / total)


def year_value(indicator_basis: str, quarter_values: dict[int, Decimal | None]):
    """The year's figure from its quarters: the sum for in-quarter counts, otherwise the latest
    quarter's (year to date, or as at the period end)."""
    present = {q: v for q, v in quarter_values.items() if v is not None}
    if not present:
        return None
    if indicator_basis == Indicator.Basis.IN_QUARTER:
        return sum(present.values(), Decimal(0))
    return present[max(present)]


def _label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def comparable_periods(basis: str, start_year: int, quarter: int) -> list[tuple[str, str, tuple]]:
    """Which earlier figures a quarter's figure is compared with, like for like:
    (kind, label, key) with key (start_year, quarter), or (start_year, "year") for a year total.

    - a year-to-date figure only with the same quarter of last year (Q1 against last Q1, never
      against last year's Q4 total); at Q4 that is year-end against last year-end;
    - an as-at figure with the quarter before (a stock moves quarter to quarter) and with the
      same date a year earlier;
    - an in-quarter count with the quarter before and the same quarter last year; at Q4 also
      the year's total against last year's total."""
    last_year = (start_year - 1, quarter)
    prev = (start_year, quarter - 1) if quarter > 1 else (start_year - 1, 4)
    prev_label = f"last quarter (Q{prev[1]} {_label(prev[0])})"
    same = f"the same quarter last year (Q{quarter} {_label(start_year - 1)})"
    if basis == Indicator.Basis.YEAR_TO_DATE:
        if quarter == 4:
            return [("year_end", f"last year-end ({_label(start_year - 1)})", last_year)]
        return [("same_quarter", same, last_year)]
    checks = [("previous_quarter", prev_label, prev)]
    if basis == Indicator.Basis.PERIOD_END:
        if quarter == 4:
            checks.append(("year_end", f"last year-end ({_label(start_year - 1)})", last_year))
        else:
            checks.append(("same_quarter", same, last_year))
        return checks
    checks.append(("same_quarter", same, last_year))
    if quarter == 4:
        checks.append(
            ("year_total", f"last year's total ({_label(start_year - 1)})", (start_year, "year"))
        )
    return checks


def changes(indicator, start_year: int, quarter: int, history: dict) -> list[dict]:
    """The like-for-like changes of a quarter's figure beyond the indicator's expected range.
    `history`: {(start_year, quarter): value} of this agency's figures for the indicator, the
    quarter itself included. Each change: kind, label, previous, current, percent."""
    current = history.get((start_year, quarter))
    if current is None:
        return []
    found = []
    for kind, label, key in comparable_periods(indicator.basis, start_year, quarter):
        now, before = current, history.get(key)
        if key[1] == "year":
            this_year = [history.get((start_year, q)) for q in range(1, 5)]
            last_year = [history.get((start_year - 1, q)) for q in range(1, 5)]
            if None in this_year or None in last_year:
                continue
            now, before = sum(this_year, Decimal(0)), sum(last_year, Decimal(0))
        change = relative_change(now, before)
        if change is None or abs(change) <= indicator.threshold:
            continue
        found.append(
            {
                "kind": kind,
                "label": label,
                "previous": before,
                "current": now,
                "percent": None if not change.is_finite() else half_up_int(abs(change) * 100),
                "up": change > 0,
            }
        )
    return found


def change_text(indicator, change: dict) -> str:
    """ "Open referrals is 57% higher than last year-end (2020-21): 280 to 440"."""
    amount = f"{change['percent']}% " if change["percent"] is not None else ""
    word = "higher" if change["up"] else "lower"
    return (
        f"{indicator.name} is {amount}{word} than {change['label']}: "
        f"{format_value(change['previous'], indicator.unit)} to "
        f"{format_value(change['current'], indicator.unit)}"
    )


def submission_problems(
    indicators,
    values: dict,
    history: dict,
    start_year: int | None = None,
    quarter: int = 1,
    population: int | None = None,
) -> tuple[dict, dict]:
    """(errors, warnings) of a return about to be submitted, keyed by indicator code and
    "value"/"commentary"/"explanation". `values`: code -> {"value", "commentary",
    "explanation", ...}; `history`: code -> {(start_year, quarter): value} of the agency's
    other returns. A like-for-like change beyond the expected range needs an explanation of
    that figure: an error, not a box to tick."""
    errors: dict[tuple[str, str], str] = {}
    warnings: dict[tuple[str, str], str] = {}
    for ind in indicators:
        entry = values.get(ind.code) or {}
        value = entry.get("value")
        commentary = (entry.get("commentary") or "").strip()
        if value is None:
            errors[(ind.code, "value")] = f"Enter a figure for {ind.name}"
        elif problem := figure_problem(ind, value, population):
            errors[(ind.code, "value")] = problem
        ethnicity = entry.get("ethnicity") or {}
        if (
            ind.ethnicity_breakdown
            and not ind.is_derived
            and not ethnicity
            and value is not None
            and value > 0
        ):
            # The form and the workbook both carry the breakdown; neither route may skip it.
            errors[(ind.code, "ethnicity")] = (
                f"Enter the ethnicity of the {format_value(value)} counted in {ind.name}"
            )
        if ind.ethnicity_breakdown and ethnicity and value is not None and value >= 0:
            total = sum(int(n or 0) for n in ethnicity.values())
            if total != value:
                errors[(ind.code, "ethnicity")] = (
                    f"The ethnicity of {ind.name} adds up to {total:,}, "
                    f"not {format_value(value, ind.unit)}"
                )
        if ind.commentary_required and not commentary:
            errors[(ind.code, "commentary")] = f"Enter a commentary for {ind.name}"
        explanation = (entry.get("explanation") or "").strip()
        if (
            start_year is not None
            and (ind.code, "value") not in errors
            and not explanation
            and value is not None
        ):
            figures = {**history.get(ind.code, {}), (start_year, quarter): Decimal(value)}
            found = changes(ind, start_year, quarter, figures)
            if found:
                errors[(ind.code, "explanation")] = (
                    "; ".join(change_text(ind, c) for c in found)
                    + ". Explain the change before submitting"
                )
    return errors, warnings
