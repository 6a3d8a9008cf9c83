"""Presentation rules shared by every app's pages and the report."""

from __future__ import annotations

SUPPRESSED = "c"


def suppress_small(value):
    """Counts of 1 to 5 are shown as "c" anywhere outside the partnership (the published report),
    so that no child can be identified. 0 and larger counts are shown as they are."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return SUPPRESSED if 1 <= value <= 5 else value


def percentage(part: int, whole: int) -> int | None:
    """Whole-number percentage, rounded half up (as the seed report quotes: 56 %)."""
    if not whole:
        return None
    return int((part * 100 / whole) + 0.5)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Cells that a spreadsheet would run as a formula (=cmd|...) are exported as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
