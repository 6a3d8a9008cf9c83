"""Presentation rules shared by every app's pages and the report."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"


def half_up(value, places: int = 0) -> Decimal | None:
    """The one rounding rule of every figure shown to people (pages, report, exports, uploads):
    Decimal arithmetic, halves away from zero (2.5 -> 3, 3.25 -> 3.3), as the DfE and the seed
    report round. Floats go through their shortest text (2.675 -> "2.675" -> 2.68), so a mean
    computed in binary rounds as it reads, not as its nearest binary fraction."""
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def half_up_int(value) -> int | None:
    """A whole number, rounded half up."""
    rounded = half_up(value, 0)
    return None if rounded is None else int(rounded)


def half_up_float(value, places: int = 1) -> float | None:
    """JSON-friendly: rounded half up, then as a float (exact for one or two places)."""
    rounded = half_up(value, places)
    return None if rounded is None else float(rounded)


def suppress_small(value):
    """Counts of 1 to 5 are shown as "c" anywhere outside the partnership (the published report),
    so that no child can be identified. 0 and larger counts are shown as they are."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return SUPPRESSED if 1 <= value <= 5 else value


def percentage(part: int | Decimal, whole: int | Decimal) -> int | None:
    """Whole-number percentage, rounded half up (as the seed report quotes: 56 %)."""
    if not whole:
        return None
    return half_up_int(Decimal(part) * 100 / Decimal(whole))


def approximate_share(part: int | None, whole: int | None, *, step: int = 5) -> str:
    """A share as a report writes it, to the nearest `step` per cent: "almost 25%" just under
    it, "over 20%" above it, "25%" when it is exactly that (to one decimal place); "" when
    either figure is missing."""
    if not part or not whole:
        return ""
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    nearest = int((share / step).quantize(Decimal(1), ROUND_HALF_UP)) * step
    if nearest == 0:
        return f"under {step}%"
    if share == nearest:
        return f"{nearest}%"
    return f"almost {nearest}%" if share < nearest else f"over {nearest}%"


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Cells that a spreadsheet would run as a formula (=cmd|...) are exported as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


NO_FIGURE = "–"


def thousands(value, places: int | None = None) -> str:
    """The one number format of every table on the site (issue 16): thousands separators
    (9,455), decimals kept as they are (362.1) or rounded half up to `places`, no figure as "–",
    and text (a suppressed "c", a DfE symbol) as it is. Exports (CSV, XLSX) keep plain numbers."""
    if value is None or value == "":
        return NO_FIGURE
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = half_up(number, places)
    if number == number.to_integral_value() and places is None:
        return f"{int(number):,}"
    return f"{number:,}"
