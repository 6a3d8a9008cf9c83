"""The return's one contract: every part an agency lead fills in for an indicator, from which
both the web form (forms.ReturnForm) and the workbook (spreadsheets) are generated, so nothing
typed on one is lost on the other (tests/datasets/test_contract.py holds them to it)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ETHNICITY_CATEGORIES


@dataclass(frozen=True)
class Part:
    key: str  # the form field's prefix and the key in a return's values
    heading: str  # the workbook column heading
    kind: str  # "figure", "text" or "breakdown"
    category: str = ""  # the breakdown category, e.g. "asian"


VALUE = Part("value", "value", "figure")
COMMENTARY = Part("commentary", "commentary", "text")
EXPLANATION = Part("explanation", "explanation of a change", "text")
BREAKDOWN = [
    Part(f"ethnicity_{code}", f"ethnicity: {label}", "breakdown", code)
    for code, label in ETHNICITY_CATEGORIES
]
# Every part, in the workbook's column order (after code, name and unit).
PARTS = [VALUE, COMMENTARY, EXPLANATION, *BREAKDOWN]
COMPARED_WITH = "compared with"  # read-only column: the like-for-like figures


def parts_for(indicator) -> list[Part]:
    """The parts of one indicator: a reported rate beside a derived one (the agency's own
    figure, compared with the derived rate) has no change check, so no explanation."""
    if indicator.is_derived:
        return [VALUE, COMMENTARY]
    parts = [VALUE, COMMENTARY, EXPLANATION]
    if indicator.ethnicity_breakdown:
        parts += BREAKDOWN
    return parts


def field_name(part: Part, code: str) -> str:
    if part.kind == "breakdown":
        return f"ethnicity_{code}_{part.category}"
    return f"{part.key}_{code}"


def empty_entry(indicator) -> dict:
    """The shape of one indicator's values, as the form and the upload both return them."""
    entry: dict = {"value": None, "commentary": ""}
    if EXPLANATION in parts_for(indicator):
        entry["explanation"] = ""
    if indicator.ethnicity_breakdown and not indicator.is_derived:
        entry["ethnicity"] = {}
    return entry
