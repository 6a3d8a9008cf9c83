import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from datasets.models import Indicator, Return, ReturnValue
from datasets.spreadsheets import HEADERS, UploadErrors, parse_return_upload
from tests.datasets.factories import ReturnFactory, ReturnValueFactory

pytestmark = pytest.mark.django_db

CODES = [
    Indicator(code="OPEN_REFERRALS", name="Open referrals", unit="count"),
    Indicator(code="CP_PLANS", name="Children on a plan", unit="count"),
]


def workbook_bytes(rows, sheet="Return", headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name="return.xlsx"):
    return SimpleUploadedFile(name, content)


def test_parse_good_file():
    content = workbook_bytes(
        [
            ["OPEN_REFERRALS", "n", "count", 3451, None, None],
            ["CP_PLANS", "n", "count", "440", "ok"],
        ]
    )
    assert parse_return_upload(upload(content), CODES) == {
        "OPEN_REFERRALS": {"value": Decimal("3451"), "commentary": "", "explanation": ""},
        "CP_PLANS": {"value": Decimal("440"), "commentary": "ok", "explanation": ""},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
        (b"code,value\nOPEN_REFERRALS,1\n", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "not an Excel workbook"),
        (workbook_bytes([], sheet="Sheet1"), 'no sheet called "Return"'),
        (workbook_bytes([], headers=["a", "b"]), "Row 1: the headings"),
        (workbook_bytes([["NOPE", "", "", 1, ""]]), "Row 2: unknown indicator code 'NOPE'"),
        (
            workbook_bytes([["CP_PLANS", "", "", "lots", ""]]),
            "Row 2 (CP_PLANS): Children on a plan must be a number, not “lots”",
        ),
        (
            workbook_bytes([["CP_PLANS", "", "", -4, ""]]),
            "Row 2 (CP_PLANS): Children on a plan must be 0 or more",
        ),
        (
            workbook_bytes([["CP_PLANS", "", "", 1, ""], ["CP_PLANS", "", "", 2, ""]]),
            "Row 3: CP_PLANS appears more than once",
        ),
    ],
    ids=["big", "csv", "bad-zip", "wrong-sheet", "headings", "unknown", "text", "negative", "dup"],
)
def test_bad_files_are_refused_with_row_numbers(content, message):
    with pytest.raises(UploadErrors) as exc:
        parse_return_upload(upload(content), CODES)
    assert any(message in e for e in exc.value.errors), exc.value.errors


def test_every_bad_row_is_listed():
    content = workbook_bytes(
        [["NOPE", "", "", 1, ""], ["OPEN_REFERRALS", "", "", 5, ""], ["CP_PLANS", "", "", "x", ""]]
    )
    with pytest.raises(UploadErrors) as exc:
        parse_return_upload(upload(content), CODES)
    assert [e[:5] for e in exc.value.errors] == ["Row 2", "Row 4"]


def _url(name, ret):
    return reverse(name, kwargs=ret.url_kwargs())


def test_round_trip_download_fill_upload(agency_lead_client, lead_agency, year, indicators):
    q1 = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="accepted")
    ReturnValueFactory(ret=q1, indicator=indicators["OPEN_REFERRALS"], value=3400)
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    response = agency_lead_client.get(_url("return_xlsx", ret))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Return"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == ["OPEN_REFERRALS", "CP_PLANS"]  # derived rate left out
    assert rows[1][-1] == (  # the like-for-like figures, for reference
        "Compared with last quarter (Q1 2021-22): 3,400; "
        "the same quarter last year (Q2 2020-21): –."
    )
    ws["D2"] = 3451
    ws["D3"] = 440
    ws["E3"] = "=HYPERLINK('x')"
    out = io.BytesIO()
    wb.save(out)
    response = agency_lead_client.post(_url("return_upload", ret), {"file": upload(out.getvalue())})
    assert response.status_code == 302
    values = {v.indicator.code: v for v in ReturnValue.objects.filter(ret=ret)}
    assert values["OPEN_REFERRALS"].value == 3451
    assert values["CP_PLANS"].value == 440
    assert values["CP_PLANS"].commentary == "=HYPERLINK('x')"
    # Downloading again neutralises the formula-like commentary.
    again = load_workbook(io.BytesIO(agency_lead_client.get(_url("return_xlsx", ret)).content))
    assert again["Return"]["E3"].value == "'=HYPERLINK('x')"


def test_bad_upload_saves_nothing_and_lists_errors(
    agency_lead_client, lead_agency, year, indicators
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    ReturnValueFactory(ret=ret, indicator=indicators["OPEN_REFERRALS"], value=7)
    version = ret.version
    content = workbook_bytes(
        [["OPEN_REFERRALS", "", "", 99, ""], ["CP_PLANS", "", "", -1, ""], ["ZZZ", "", "", 1, ""]]
    )
    response = agency_lead_client.post(_url("return_upload", ret), {"file": upload(content)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Row 3 (CP_PLANS): Children subject to a Child Protection Plan must be 0 or more" in html
    assert "Row 4: unknown indicator code" in html
    assert ReturnValue.objects.get(ret=ret).value == 7
    assert Return.objects.get(pk=ret.pk).version == version


def test_upload_to_a_submitted_return_is_refused(agency_lead_client, lead_agency, year, indicators):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="submitted")
    content = workbook_bytes([["OPEN_REFERRALS", "", "", 99, ""]])
    response = agency_lead_client.post(_url("return_upload", ret), {"file": upload(content)})
    assert response.status_code == 200
    assert "locked" in response.content.decode()
    assert not ReturnValue.objects.exists()


def test_download_name_of_a_hostile_agency_name_is_safe(
    agency_lead_client, lead_agency, year, indicators
):
    lead_agency.short_name = 'CSC"; filename="x.exe\r\n/../Ünit'
    lead_agency.save()
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    response = agency_lead_client.get(_url("return_xlsx", ret))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    # Quotes, CR/LF and slashes gone; the non-ASCII name percent-encoded (RFC 5987).
    assert header == (
        "attachment; filename*=utf-8''return-CSC-filename%3D-x.exe-..-%C3%9Cnit-2021-22-Q2.xlsx"
    )
