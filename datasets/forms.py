from __future__ import annotations

from decimal import Decimal

from django import forms

from cscp import uploads
from cscp.concurrency import VersionedFormMixin

from . import contract, rules
from .models import ETHNICITY_CATEGORIES

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 1000  # a return has one row per indicator, after the headings
ETHNICITY_LABELS = dict(ETHNICITY_CATEGORIES)


def value_field(code: str) -> str:
    return contract.field_name(contract.VALUE, code)


def commentary_field(code: str) -> str:
    return contract.field_name(contract.COMMENTARY, code)


def explanation_field(code: str) -> str:
    return contract.field_name(contract.EXPLANATION, code)


def ethnicity_field(code: str, category: str) -> str:
    return f"ethnicity_{code}_{category}"


def comparison_hint(ind, ret, history: dict) -> str:
    """The like-for-like figures this one will be compared with, e.g. "Compared with the same
    quarter last year (Q1 2020-21): 2,310." """
    if ind.is_derived:
        return ""
    figures = history.get(ind.code, {})
    parts = []
    for _kind, label, key in rules.comparable_periods(ind.basis, ret.year.start_year, ret.quarter):
        if key[1] == "year":
            continue
        parts.append(f"{label}: {rules.format_value(figures.get(key), ind.unit)}")
    return ("Compared with " + "; ".join(parts) + ".") if parts else ""


def _numeric(width: int, mode: str = "decimal"):
    # GOV.UK: a text input with a numeric keyboard, not type="number".
    return forms.TextInput(
        attrs={
            "inputmode": mode,
            "spellcheck": "false",
            "class": f"govuk-input govuk-input--width-{width}",
        }
    )


class ReturnForm(VersionedFormMixin, forms.Form):
    """Generated from the return's contract (contract.parts_for): value, commentary, change
    explanation and breakdown per indicator; the like-for-like figures in the hint."""

    def __init__(self, *args, ret, indicators, history: dict, population=None, **kwargs):
        self.instance = ret
        self.population = population
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)
        current = {v.indicator_id: v for v in ret.values.all()} if ret.pk else {}
        # The stored figures, which the page's derived rates are calculated from.
        self.stored_counts = {pk: v.value for pk, v in current.items()}
        for ind in self.indicators:
            row = current.get(ind.pk)
            for part in contract.parts_for(ind):
                self.fields[contract.field_name(part, ind.code)] = self._field(
                    ind, part, row, history
                )

    def _field(self, ind, part, row, history):
        if part is contract.VALUE:
            if ind.is_derived:
                label = f"{ind.name}: your own reported rate"
                hint = (
                    f"Unit: {ind.unit_label}. The rate is also derived from "
                    f"{ind.numerator.name if ind.numerator_id else 'the count'} and the "
                    "population; the report shows the derived rate and notes any difference."
                )
            else:
                label = ind.name
                hint = f"Unit: {ind.unit_label}, {ind.get_basis_display().lower()}. "
                hint += comparison_hint(ind, self.instance, history)
            if ind.min_value is not None or ind.max_value is not None:
                hint += f" Valid range: {rules.format_value(ind.min_value, ind.unit)} to "
                hint += f"{rules.format_value(ind.max_value, ind.unit)}."
            # Text, parsed and checked by the rules the workbook upload uses (rules.py).
            return forms.CharField(
                label=label,
                required=False,
                max_length=40,
                help_text=hint,
                widget=_numeric(10),
                initial=_plain(row.value) if row else None,
            )
        if part is contract.COMMENTARY:
            label = f"Commentary on {ind.name}"
            if not ind.commentary_required:
                label += " (optional)"
            return forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.commentary if row else "",
            )
        if part is contract.EXPLANATION:
            return forms.CharField(
                label=f"Explanation of a change in {ind.name} (needed when it moves more than "
                f"{int(ind.threshold * 100)}% against a comparable figure)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.explanation if row else "",
            )
        recorded = (row.ethnicity if row else None) or {}
        return forms.CharField(
            label=ETHNICITY_LABELS[part.category],
            required=False,
            max_length=20,
            initial=recorded.get(part.category),
            widget=_numeric(5, "numeric"),
        )

    def clean(self):
        # The figures are parsed before the version check (VersionedFormMixin.clean): when it
        # refuses a stale edit, the page still lists every other problem, and `values()` never
        # hands on typed text as a figure (the submit branch of the view checks them all).
        self._parse_figures(self.cleaned_data)
        return super().clean()

    def _parse_figures(self, cleaned: dict) -> None:
        for ind in self.indicators:
            name = value_field(ind.code)
            try:
                value = rules.parse_figure(cleaned.get(name), ind.name)
            except rules.FigureError as exc:
                self.add_error(name, str(exc))
            else:
                problem = rules.figure_problem(ind, value, self.population)
                if problem:
                    self.add_error(name, problem)
                else:
                    cleaned[name] = value
            # The breakdown is checked whatever the figure: every problem of the page at once.
            for part in contract.parts_for(ind):
                if part.kind != "breakdown":
                    continue
                name = contract.field_name(part, ind.code)
                label = ETHNICITY_LABELS[part.category]
                try:
                    number = rules.parse_figure(cleaned.get(name), f"{label} in {ind.name}")
                except rules.FigureError as exc:
                    self.add_error(name, str(exc))
                    continue
                problem = rules.breakdown_problem(ind, label, number)
                if problem:
                    self.add_error(name, problem)
                else:
                    cleaned[name] = None if number is None else int(number)

    def rows(self):
        """(indicator, value, commentary, explanation or None, breakdown bound fields)."""
        rows = []
        for ind in self.indicators:
            parts = contract.parts_for(ind)
            rows.append(
                (
                    ind,
                    self[value_field(ind.code)],
                    self[commentary_field(ind.code)],
                    self[explanation_field(ind.code)] if contract.EXPLANATION in parts else None,
                    [
                        self[contract.field_name(p, ind.code)]
                        for p in parts
                        if p.kind == "breakdown"
                    ],
                )
            )
        return rows

    def values(self) -> dict:
        """{code: entry} in contract.empty_entry's shape (the upload returns the same)."""
        values = {}
        data = getattr(self, "cleaned_data", {})
        for ind in self.indicators:
            entry = contract.empty_entry(ind)
            for part in contract.parts_for(ind):
                cell = data.get(contract.field_name(part, ind.code))
                if part.kind == "breakdown":
                    if cell is not None:
                        entry["ethnicity"][part.category] = cell
                elif part.kind == "text":
                    entry[part.key] = cell or ""
                else:
                    entry[part.key] = cell
            values[ind.code] = entry
        return values


def _plain(value):
    """3451.00 -> 3451 so counts are shown as typed."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Completed return (.xlsx)",
        help_text="The spreadsheet downloaded from this return, filled in. Up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_filename(upload.name, [".xlsx"])
        return upload


class QueryForm(forms.Form):
    comment = forms.CharField(
        label="What should the agency check or change?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the accepted return being re-opened?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
