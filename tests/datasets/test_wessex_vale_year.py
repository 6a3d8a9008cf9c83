"""A whole year of a second, fictional partnership ("Wessex Vale", 2024-25, small counts, its
own indicators) through the form and the workbook: like-for-like warnings fire only where
they should, and nothing entered on one route is lost on the other."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cscp.models import ReportingYear
from datasets import services
from datasets.models import Indicator, Return
from datasets.spreadsheets import HEADERS
from tests.datasets.factories import (
    IndicatorFactory,
    PopulationFactory,
    ReturnFactory,
    ReturnValueFactory,
)

pytestmark = pytest.mark.django_db

# Last year (2023-24), quarter by quarter: contacts year to date, children on a plan as at
# the quarter's end, strategy discussions in the quarter.
LAST_YEAR = {
    "WV_CONTACTS": [580, 1150, 1790, 2400],
    "WV_CP": [29, 31, 30, 28],
    "WV_STRATEGY": [10, 12, 11, 9],
}
ETHNICITY = ["asian", "black", "mixed", "white", "other", "not_recorded"]


@pytest.fixture
def wessex(lead_agency):
    ReportingYear.objects.get_or_create(start_year=2023)
    year, _ = ReportingYear.objects.get_or_create(start_year=2024)
    PopulationFactory(year=year, under_18=21480)
    inds = {
        "WV_CONTACTS": IndicatorFactory(
            code="WV_CONTACTS", name="Contacts received", owner=lead_agency, order=1,
            counts=Indicator.Counts.EVENTS, basis=Indicator.Basis.YEAR_TO_DATE,
        ),
        "WV_CP": IndicatorFactory(
            code="WV_CP", name="Children on a protection plan", owner=lead_agency, order=2,
            basis=Indicator.Basis.PERIOD_END, ethnicity_breakdown=True,
        ),
        "WV_STRATEGY": IndicatorFactory(
            code="WV_STRATEGY", name="Strategy discussions", owner=lead_agency, order=3,
            counts=Indicator.Counts.EVENTS, basis=Indicator.Basis.IN_QUARTER,
        ),
    }  # fmt: skip
    last = ReportingYear.objects.get(start_year=2023)
    for q in range(1, 5):
        ret = ReturnFactory(agency=lead_agency, year=last, quarter=q, status="accepted")
        for code, values in LAST_YEAR.items():
            ReturnValueFactory(ret=ret, indicator=inds[code], value=values[q - 1])
    return year


def _ethnicity(total):
    split = dict.fromkeys(ETHNICITY, 0)
    split["white"], split["asian"], split["not_recorded"] = total - 3, 2, 1
    return split


def _form_data(contacts, cp, strategy, **extra):
    data = {"value_WV_CONTACTS": f"{contacts:,}", "value_WV_CP": str(cp)}
    data["value_WV_STRATEGY"] = str(strategy)
    data.update({f"ethnicity_WV_CP_{c}": str(n) for c, n in _ethnicity(cp).items()})
    data.update(action="submit", **extra)
    return data


def _url(lead_agency, quarter, name="return_form"):
    kwargs = {"agency_id": lead_agency.pk, "start_year": 2024, "quarter": quarter}
    return reverse(name, kwargs=kwargs)


def _accept(quarter, support_user):
    ret = Return.objects.get(year__start_year=2024, quarter=quarter)
    assert ret.status == "submitted"
    services.return_accept(ret=ret, by=support_user)


def _by_workbook(client, lead_agency, quarter, rows: dict):
    wb = load_workbook(io.BytesIO(client.get(_url(lead_agency, quarter, "return_xlsx")).content))
    ws = wb["Return"]
    column = {h: i + 1 for i, h in enumerate(HEADERS)}
    for r in range(2, ws.max_row + 1):
        code = ws.cell(r, 1).value
        for heading, value in rows.get(code, {}).items():
            ws.cell(r, column[heading], value)
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("r.xlsx", out.getvalue())
    return client.post(_url(lead_agency, quarter, "return_upload"), {"file": upload})


def _cp_cells(total, **extra):
    cells = {f"ethnicity: {label}": n for label, n in zip(
        ["Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean "
         "or African", "Mixed or Multiple ethnic groups", "White", "Other ethnic group",
         "Not recorded"], _ethnicity(total).values(), strict=True)}  # fmt: skip
    return {"value": total, **cells, **extra}


def test_a_whole_year_through_the_form_and_the_workbook(
    wessex, agency_lead_client, agency_lead_user, support_user, lead_agency
):
    client = agency_lead_client
    # Q1 by the form. Contacts 600 year to date: compared with last Q1 (580), not with last
    # year's total (2,400), so no warning although it is 75 % below it.
    response = client.post(_url(lead_agency, 1), _form_data(600, 30, 10))
    assert response.status_code == 302, response.content.decode()[-3000:]
    _accept(1, support_user)

    # Q2 by the workbook. Contacts 1,190 (vs last Q2 1,150: fine, though double Q1); children
    # on a plan 41 (vs 30 last quarter, 31 last Q2: +37 %) needs an explanation.
    response = _by_workbook(
        client, lead_agency, 2,
        {"WV_CONTACTS": {"value": "1,190"}, "WV_CP": _cp_cells(41), "WV_STRATEGY": {"value": 11}},
    )  # fmt: skip
    assert response.status_code == 302
    ret = Return.objects.get(year__start_year=2024, quarter=2)
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.return_submit(ret=ret, by=agency_lead_user)
    assert list(exc.value.problems) == [("WV_CP", "explanation")]
    message = exc.value.problems[("WV_CP", "explanation")]
    assert "37% higher than last quarter (Q1 2024-25): 30 to 41" in message
    assert "32% higher than the same quarter last year (Q2 2023-24): 31 to 41" in message
    response = _by_workbook(
        client, lead_agency, 2,
        {"WV_CP": _cp_cells(41, **{"explanation of a change": "A sibling group of six."})},
    )  # fmt: skip
    assert response.status_code == 302
    ret.refresh_from_db()
    services.return_submit(ret=ret, by=agency_lead_user)
    stored = ret.values.get(indicator__code="WV_CP")
    assert stored.explanation == "A sibling group of six."
    assert stored.ethnicity == _ethnicity(41)  # the breakdown came through the workbook
    assert ret.values.get(indicator__code="WV_CONTACTS").value == 1190
    _accept(2, support_user)

    # Q3 by the form: strategy discussions in the quarter, 16 against 11 last quarter (+45 %).
    # Children on a plan 37: -10 % on last quarter, +23 % on last Q3 — within range.
    html = client.post(_url(lead_agency, 3), _form_data(1800, 37, 16)).content.decode()
    assert "Strategy discussions is 45% higher than last quarter (Q2 2024-25): 11 to 16" in html
    assert "Children on a protection plan is" not in html
    assert "Contacts received is" not in html
    response = client.post(
        _url(lead_agency, 3),
        _form_data(1800, 37, 16, explanation_WV_STRATEGY="Two new exploitation cases."),
    )
    assert response.status_code == 302
    _accept(3, support_user)

    # Q4 by the workbook: year-end contacts 2,390 against last year-end 2,400: no warning.
    # Children on a plan 38 against last year-end 28 (+36 %): explained in the workbook.
    response = _by_workbook(
        client,
        lead_agency,
        4,
        {
            "WV_CONTACTS": {"value": 2390},
            "WV_CP": _cp_cells(38, **{"explanation of a change": "Two large families."}),
            # 9 after 16 last quarter (-44 %), though the same as last Q4.
            "WV_STRATEGY": {"value": 9, "explanation of a change": "The operation ended."},
        },
    )
    assert response.status_code == 302
    ret = Return.objects.get(year__start_year=2024, quarter=4)
    services.return_submit(ret=ret, by=agency_lead_user)
    _accept(4, support_user)

    from datasets.selectors import quality_flags

    flags = quality_flags(ReportingYear.objects.get(start_year=2024))
    changes = [(f["code"], f["quarter"]) for f in flags if f["kind"] in ("change", "jump")]
    assert changes == [
        ("WV_CP", 2),  # against last quarter and against last Q2
        ("WV_CP", 2),
        ("WV_CP", 4),  # year-end against last year-end
        ("WV_STRATEGY", 3),  # against last quarter and against last Q3
        ("WV_STRATEGY", 3),
        ("WV_STRATEGY", 4),  # against last quarter only
    ]
    assert not [f for f in flags if f["kind"] == "jump"]  # every change explained
