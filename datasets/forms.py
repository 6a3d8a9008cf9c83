from __future__ import annotations

from decimal import Decimal

from django import forms

from cscp import uploads
from cscp.concurrency import VersionedFormMixin

from . import rules
from .models import ETHNICITY_CATEGORIES

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 1000  # a return has one row per indicator, after the headings


def value_field(code: str) -> str:
    return f"value_{code}"


def commentary_field(code: str) -> str:
    return f"commentary_{code}"


def explanation_field(code: str) -> str:
    return f"explanation_{code}"


def comparison_hint(ind, ret, history: dict) -> str:
    """The like-for-like figures this one will be compared with, e.g. "Compared with the same
    quarter last year (Q1 2020-21): 2,310." """
    figures = history.get(ind.code, {})
    parts = []
    for _kind, label, key in rules.comparable_periods(ind.basis, ret.year.start_year, ret.quarter):
        if key[1] == "year":
            continue
        parts.append(f"{label}: {rules.format_value(figures.get(key), ind.unit)}")
    return ("Compared with " + "; ".join(parts) + ".") if parts else ""


def ethnicity_field(code: str, category: str) -> str:
    return f"ethnicity_{code}_{category}"


class ReturnForm(VersionedFormMixin, forms.Form):
    """Value, commentary and change explanation per indicator of the agency; the like-for-like
    figures it is compared with in the hint."""

    def __init__(self, *args, ret, indicators, history: dict, population=None, **kwargs):
        self.instance = ret
        self.population = population
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)
        current = {v.indicator_id: v for v in ret.values.all()} if ret.pk else {}
        for ind in self.indicators:
            row = current.get(ind.pk)
            hint = f"Unit: {ind.unit_label}, {ind.get_basis_display().lower()}. "
            hint += comparison_hint(ind, ret, history)
            if ind.min_value is not None or ind.max_value is not None:
                hint += f" Valid range: {rules.format_value(ind.min_value, ind.unit)} to "
                hint += f"{rules.format_value(ind.max_value, ind.unit)}."
            # Text, parsed and checked by the rules the workbook upload uses (rules.py).
            self.fields[value_field(ind.code)] = forms.CharField(
                label=ind.name,
                required=False,
                max_length=40,
                help_text=hint,
                # GOV.UK: a text input with a numeric keyboard, not type="number".
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "spellcheck": "false",
                        "class": "govuk-input govuk-input--width-10",
                    }
                ),
                initial=_plain(row.value) if row else None,
            )
            commentary_label = f"Commentary on {ind.name}"
            if not ind.commentary_required:
                commentary_label += " (optional)"
            self.fields[commentary_field(ind.code)] = forms.CharField(
                label=commentary_label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.commentary if row else "",
            )
            self.fields[explanation_field(ind.code)] = forms.CharField(
                label=f"Explanation of a change in {ind.name} (needed when it moves more than "
                f"{int(ind.threshold * 100)}% against a comparable figure)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.explanation if row else "",
            )
            if ind.ethnicity_breakdown:
                recorded = (row.ethnicity if row else None) or {}
                for category, label in ETHNICITY_CATEGORIES:
                    self.fields[ethnicity_field(ind.code, category)] = forms.CharField(
                        label=label,
                        required=False,
                        max_length=20,
                        initial=recorded.get(category),
                        widget=forms.TextInput(
                            attrs={
                                "inputmode": "numeric",
                                "spellcheck": "false",
                                "class": "govuk-input govuk-input--width-5",
                            }
                        ),
                    )

    def clean(self):
        cleaned = super().clean()
        for ind in self.indicators:
            name = value_field(ind.code)
            try:
                value = rules.parse_figure(cleaned.get(name), ind.name)
            except rules.FigureError as exc:
                self.add_error(name, str(exc))
                continue
            problem = rules.figure_problem(ind, value, self.population)
            if problem:
                self.add_error(name, problem)
            else:
                cleaned[name] = value
            if not ind.ethnicity_breakdown:
                continue
            for category, label in ETHNICITY_CATEGORIES:
                name = ethnicity_field(ind.code, category)
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
        return cleaned

    def rows(self):
        """(indicator, value, commentary, explanation, ethnicity bound fields) for the
        template."""
        return [
            (
                ind,
                self[value_field(ind.code)],
                self[commentary_field(ind.code)],
                self[explanation_field(ind.code)],
                [self[ethnicity_field(ind.code, c)] for c, _ in ETHNICITY_CATEGORIES]
                if ind.ethnicity_breakdown
                else [],
            )
            for ind in self.indicators
        ]

    def values(self) -> dict:
        values = {}
        for ind in self.indicators:
            entry = {
                "value": self.cleaned_data.get(value_field(ind.code)),
                "commentary": self.cleaned_data.get(commentary_field(ind.code), ""),
                "explanation": self.cleaned_data.get(explanation_field(ind.code), ""),
            }
            if ind.ethnicity_breakdown:
                entry["ethnicity"] = {
                    c: self.cleaned_data[ethnicity_field(ind.code, c)]
                    for c, _ in ETHNICITY_CATEGORIES
                    if self.cleaned_data.get(ethnicity_field(ind.code, c)) is not None
                }
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


ETHNICITY_LABELS = dict(ETHNICITY_CATEGORIES)
