"""Form and workbook are one contract: both are generated from datasets.contract, and nothing
entered on one is lost on the other."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cscp.models import ReportingYear
from datasets import contract
from datasets.forms import ReturnForm
from datasets.models import ETHNICITY_CATEGORIES, Indicator, Return
from datasets.spreadsheets import HEADERS, SHEET, parse_return_upload, return_workbook

YEAR = ReportingYear(start_year=2024)


def _indicators():
    count = Indicator(code="CP", name="Children on a plan", unit="count", ethnicity_breakdown=True)
    plain = Indicator(code="CONTACTS", name="Contacts", unit="count", counts="events")
    rate = Indicator(
        code="CP_RATE",
        name="Rate on a plan",
        unit=Indicator.Unit.RATE,
        rate_source=Indicator.RateSource.DERIVED,
        collect_reported_rate=True,
    )
    return [count, plain, rate]


def _form(data=None):
    return ReturnForm(data, ret=Return(year=YEAR, quarter=2), indicators=_indicators(), history={})


def test_every_form_field_is_a_workbook_column_and_back():
    form_fields = set(_form().fields) - {"opened_version"}
    from_contract = {
        contract.field_name(part, ind.code)
        for ind in _indicators()
        for part in contract.parts_for(ind)
    }
    assert form_fields == from_contract
    # Every part of the contract is a column of the workbook, and every editable column a part.
    editable = HEADERS[3:-1]
    assert editable == [p.heading for p in contract.PARTS]
    used = {p.heading for ind in _indicators() for p in contract.parts_for(ind)}
    assert used <= set(editable)
    assert {"commentary", "explanation of a change", "value"} <= used
    assert {f"ethnicity: {label}" for _, label in ETHNICITY_CATEGORIES} <= used


def _filled():
    data = {
        "value_CP": "1,240",
        "commentary_CP": "Up after the audit.",
        "explanation_CP": "Two large sibling groups.",
        "value_CONTACTS": "18947",
        "commentary_CONTACTS": "",
        "explanation_CONTACTS": "",
        "value_CP_RATE": "46.25",
        "commentary_CP_RATE": "Our own count of the population.",
    }
    numbers = {"asian": 100, "black": 300, "mixed": 140, "white": 600, "other": 40}
    numbers["not_recorded"] = 60
    for category, _ in ETHNICITY_CATEGORIES:
        data[f"ethnicity_CP_{category}"] = f"{numbers[category]:,}"
    return data


@pytest.mark.django_db
def test_what_the_form_takes_survives_the_workbook(lead_agency, year, support_user):
    from datasets import services
    from tests.datasets.factories import IndicatorFactory, PopulationFactory

    PopulationFactory(year=year, under_18=95309)
    indicators = []
    for ind in _indicators():
        fields = {f.attname: getattr(ind, f.attname) for f in Indicator._meta.concrete_fields}
        for key in ("id", "owner_id", "numerator_id"):
            fields.pop(key)
        fields["owner"] = lead_agency
        indicators.append(IndicatorFactory(**fields))
    ret = Return(agency=lead_agency, year=year, quarter=2)
    form = ReturnForm(_filled(), ret=ret, indicators=indicators, history={}, population=95309)
    assert form.is_valid(), form.errors
    values = form.values()
    services.return_save_draft(ret=ret, by=support_user, values=values)
    content = return_workbook(ret, indicators, {})
    wb = load_workbook(io.BytesIO(content))
    assert [c.value for c in wb[SHEET][1]] == HEADERS
    parsed = parse_return_upload(SimpleUploadedFile("r.xlsx", content), indicators, 95309)
    assert parsed == values
    assert parsed["CP"]["ethnicity"]["white"] == 600
    assert parsed["CP"]["value"] == Decimal(1240)
    assert parsed["CP"]["explanation"] == "Two large sibling groups."
    assert parsed["CP_RATE"] == {
        "value": Decimal("46.25"),
        "commentary": "Our own count of the population.",
    }


def test_a_breakdown_cell_of_an_indicator_without_one_is_refused():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    row = ["CONTACTS", "", "", 10, "", ""] + [None] * 6 + [""]
    row[HEADERS.index("ethnicity: White")] = 7
    ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    from datasets.spreadsheets import UploadErrors

    with pytest.raises(UploadErrors) as exc:
        parse_return_upload(SimpleUploadedFile("r.xlsx", out.getvalue()), _indicators())
    assert exc.value.errors == [
        "Row 2 (CONTACTS): Contacts has no “ethnicity: White”: leave it empty"
    ]
