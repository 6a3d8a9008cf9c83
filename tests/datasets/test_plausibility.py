"""Plausibility rules: one set, the same answer and the same words on the form and in the
workbook, each naming the indicator and saying what is wrong."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cscp.models import ReportingYear
from datasets.forms import ReturnForm, value_field
from datasets.models import Indicator, Return
from datasets.spreadsheets import HEADERS, UploadErrors, parse_return_upload

POPULATION = 95309  # the seed's under-18s

INDICATORS = [
    Indicator(code="CP", name="Children on a plan", unit="count", counts="children"),
    Indicator(code="CONTACTS", name="Contacts received", unit="count", counts="events"),
    Indicator(
        code="RATE",
        name="Reported rate",
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.REPORTED,
    ),
    Indicator(code="PCT", name="Share seen in time", unit=Indicator.Unit.PERCENTAGE),
    Indicator(
        code="RANGED", name="Strategy meetings", unit="count", counts="events", max_value=500
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}

CASES = [
    # (code, as typed or in the cell, the error, or None and the figure kept)
    (
        "CP",
        "9,999,999,999",
        "Children on a plan (9,999,999,999) is more than the 95,309 "
        "children aged under 18 in the area",
        None,
    ),
    (
        "CP",
        9999999999,
        "Children on a plan (9,999,999,999) is more than the 95,309 "
        "children aged under 18 in the area",
        None,
    ),
    (
        "CONTACTS",
        12345678901,
        "Contacts received is too large: 12,345,678,901 has more than 10 digits",
        None,
    ),
    ("CONTACTS", 200000, None, Decimal(200000)),  # not children: no population cap
    ("CP", "410.5", "Children on a plan is a count: enter a whole number, not 410.5", None),
    ("CP", 410.5, "Children on a plan is a count: enter a whole number, not 410.5", None),
    ("CP", "7,241", None, Decimal(7241)),
    ("CP", 7241.0, None, Decimal(7241)),
    ("CP", " 7241 ", None, Decimal(7241)),
    ("CP", "7,24,1", "Children on a plan must be a number, not “7,24,1”", None),
    ("CP", "lots", "Children on a plan must be a number, not “lots”", None),
    ("CP", "-1", "Children on a plan must be 0 or more", None),
    ("CP", -1, "Children on a plan must be 0 or more", None),
    (
        "RATE",
        "10,000.1",
        "Reported rate is a rate per 10,000 under-18s and cannot be more than 10,000",
        None,
    ),
    ("RATE", "46.2", None, Decimal("46.2")),
    ("RATE", "46.25", None, Decimal("46.25")),
    ("RATE", "46.255", "Reported rate can have at most 2 decimal places", None),
    ("PCT", "100.5", "Share seen in time is a percentage and cannot be more than 100", None),
    ("RANGED", 501, "Strategy meetings must be at most 500", None),
]
IDS = [f"{c[0]}-{c[1]!r}" for c in CASES]


def _form(code, raw):
    ret = Return(year=ReportingYear(start_year=2024), quarter=1)
    form = ReturnForm(
        {value_field(code): "" if raw is None else str(raw)},
        ret=ret,
        indicators=[BY_CODE[code]],
        history={},
        population=POPULATION,
    )
    form.is_valid()
    return form


def _xlsx(code, raw):
    wb = Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(HEADERS)
    ws.append([code, "", "", raw, ""])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("r.xlsx", out.getvalue())


@pytest.mark.parametrize("code,raw,error,kept", CASES, ids=IDS)
def test_the_form_applies_the_rule(code, raw, error, kept):
    form = _form(code, raw)
    if error:
        assert form.errors[value_field(code)] == [error]
    else:
        assert form.errors == {}
        assert form.values()[code]["value"] == kept


@pytest.mark.parametrize("code,raw,error,kept", CASES, ids=IDS)
def test_the_workbook_applies_the_same_rule(code, raw, error, kept):
    if error:
        with pytest.raises(UploadErrors) as exc:
            parse_return_upload(_xlsx(code, raw), INDICATORS, POPULATION)
        assert exc.value.errors == [f"Row 2 ({code}): {error}"]
    else:
        parsed = parse_return_upload(_xlsx(code, raw), INDICATORS, POPULATION)
        assert parsed[code]["value"] == kept


def test_an_implausible_figure_is_refused_by_the_service_too(db):
    from datasets import rules

    assert rules.figure_problem(BY_CODE["CP"], Decimal(95310), POPULATION) == (
        "Children on a plan (95,310) is more than the 95,309 children aged under 18 in the area"
    )
    assert rules.figure_problem(BY_CODE["CP"], Decimal(95309), POPULATION) is None
    # Without a population for the year the cap cannot apply; the other rules still do.
    assert rules.figure_problem(BY_CODE["CP"], Decimal(200000), None) is None
    assert rules.figure_problem(BY_CODE["RATE"], Decimal(10000), None) is None
