"""Business rules of returns and figures: small functions, tested directly."""

from __future__ import annotations

from decimal import Decimal

from cscp.formatting import half_up_int

from .models import NOT_RECORDED, Indicator, derived_rate, round_half_up  # noqa: F401

JUMP_THRESHOLD = Decimal("0.25")  # a change of more than 25 % against last quarter
SIMILAR_THRESHOLD = Decimal("0.05")  # within 5 % of last year counts as similar
RATE_TOLERANCE = Decimal("0.01")  # a reported rate may differ from the derived one by 1 %


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


def submission_problems(indicators, values: dict, previous: dict) -> tuple[dict, dict]:
    """(errors, warnings) of a return about to be submitted, keyed by indicator code and
    "value"/"commentary". `values`: code -> {"value", "commentary"}; `previous`: code -> last
    quarter's value. Warnings (a jump without commentary) are answered, not hard errors."""
    errors: dict[tuple[str, str], str] = {}
    warnings: dict[tuple[str, str], str] = {}
    for ind in indicators:
        entry = values.get(ind.code) or {}
        value = entry.get("value")
        commentary = (entry.get("commentary") or "").strip()
        if value is None:
            errors[(ind.code, "value")] = f"Enter a figure for {ind.name}"
        elif value < 0:
            errors[(ind.code, "value")] = f"{ind.name} must be 0 or more"
        elif ind.min_value is not None and value < ind.min_value:
            errors[(ind.code, "value")] = f"{ind.name} must be at least {ind.min_value:g}"
        elif ind.max_value is not None and value > ind.max_value:
            errors[(ind.code, "value")] = f"{ind.name} must be at most {ind.max_value:g}"
        ethnicity = entry.get("ethnicity") or {}
        if ind.ethnicity_breakdown and ethnicity and value is not None and value >= 0:
            total = sum(int(n or 0) for n in ethnicity.values())
            if total != value:
                errors[(ind.code, "ethnicity")] = (
                    f"The ethnicity of {ind.name} adds up to {total:,}, "
                    f"not {format_value(value, ind.unit)}"
                )
        if ind.commentary_required and not commentary:
            errors[(ind.code, "commentary")] = f"Enter a commentary for {ind.name}"
        elif (
            (ind.code, "value") not in errors
            and not commentary
            and is_jump(value, previous.get(ind.code))
        ):
            warnings[(ind.code, "commentary")] = (
                f"{ind.name} changed by more than 25% since last quarter "
                f"({format_value(previous.get(ind.code), ind.unit)}): explain why in the "
                "commentary, or confirm the figures are right"
            )
    return errors, warnings
