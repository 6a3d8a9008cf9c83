"""Malformed uploads to both upload paths (an agency's return; the e-learning completions import):
not a zip, password-protected, a zip bomb, macros, a million rows, the wrong extension. Each is
refused through the real view with a clear message, quickly, in bounded memory, saving nothing."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cscp import uploads
from datasets.models import Return, ReturnValue
from datasets.spreadsheets import HEADERS
from tests.datasets.conftest import indicators  # noqa: F401  (fixture)
from tests.datasets.factories import ReturnFactory
from training import importer
from training.models import Completion, ImportBatch

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
QUICK = 2.0  # seconds: a generous sanity bound, a real rejection takes milliseconds
SHEET = "xl/worksheets/sheet1.xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
IMPORT_HEADER = ["Learner", "Email", "Agency", "Course", "Completion date"]


# --- building bad files in memory -------------------------------------------------------------


def workbook_bytes(rows, headers=HEADERS, title="Return") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(template: bytes, replace: dict | None = None, add: dict | None = None) -> bytes:
    """A copy of the `template` workbook with some parts replaced or added. A value may be bytes,
    a function of the old bytes, or an iterable of byte chunks (streamed, never all in memory)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if callable(content):
                content = content(source.read(info.filename))
            _write(target, info.filename, content)
        for name, content in add.items():
            _write(target, name, content)
    return out.getvalue()


def _write(archive: zipfile.ZipFile, name: str, content) -> None:
    if isinstance(content, bytes):
        archive.writestr(name, content)
        return
    with archive.open(name, "w") as part:
        for chunk in content:
            part.write(chunk)


def zeros(total: int, chunk: int = MB):
    for _ in range(total // chunk):
        yield b"\0" * chunk


def million_row_sheet(rows: int = 1_000_001, per_chunk: int = 10_000):
    """Sheet XML declaring and holding a heading and a million rows, generated a chunk at a time."""
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:F%d"/><sheetData>' % rows
    )
    for start in range(1, rows + 1, per_chunk):
        yield b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n)
            for n in range(start, min(start + per_chunk, rows + 1))
        )
    yield b"</sheetData></worksheet>"


def with_dimension(ref: str):
    return lambda xml: re.sub(
        rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml
    )


def macro_types(xml: bytes) -> bytes:
    return xml.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        MACRO_TYPE.encode(),
    )


@pytest.fixture(scope="module")
def template() -> bytes:
    return workbook_bytes([["OPEN_REFERRALS", "Open referrals", "count", 1, ""]])


@pytest.fixture(scope="module")
def zip_bomb(template) -> bytes:
    """256 MB of zeros as the sheet, deflated to about 250 KB."""
    return rezip(template, replace={SHEET: zeros(256 * MB)})


@pytest.fixture(scope="module")
def million_rows(template) -> bytes:
    return rezip(template, replace={SHEET: million_row_sheet()})


def word_document() -> bytes:
    """A zip, but a Word document's parts: no xl/workbook.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
    return out.getvalue()


ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096  # OLE compound file header


def bad_files(template, zip_bomb, million_rows) -> dict[str, tuple[str, bytes, str]]:
    """name: (file name, content, expected message) – the same for both upload paths."""
    return {
        "not-a-zip": ("upload.xlsx", b"code,value\nOPEN_REFERRALS,1\n", "not an Excel workbook"),
        "broken-zip": ("upload.xlsx", b"PK\x03\x04 broken", "not an Excel workbook"),
        "not-a-workbook": ("upload.xlsx", word_document(), "not an Excel workbook"),
        "password-protected": ("upload.xlsx", ENCRYPTED, "This file is password-protected"),
        "zip-bomb": ("upload.xlsx", zip_bomb, "would expand to 256 MB"),
        "xlsm-vba-part": (
            "upload.xlsx",
            rezip(template, add={"xl/vbaProject.bin": b"\0" * 512}),
            "Macro-enabled workbooks (.xlsm) are not accepted",
        ),
        "xlsm-content-type": (
            "upload.xlsx",
            rezip(template, replace={"[Content_Types].xml": macro_types}),
            "Macro-enabled workbooks (.xlsm) are not accepted",
        ),
        "lying-dimension": (
            "upload.xlsx",
            rezip(template, replace={SHEET: with_dimension("A1:F1000001")}),
            "The spreadsheet has 1,000,001 rows",
        ),
        "wrong-extension": ("upload.pdf", template, "The file must be a"),
        "xlsm-extension": ("upload.xlsm", template, "The file must be a"),
    }


# --- the inspection itself --------------------------------------------------------------------


def check(content: bytes, **limits):
    limits = {"max_bytes": 20 * MB, "max_rows": 1000} | limits
    uploads.check_xlsx(io.BytesIO(content), **limits)


def test_a_plain_workbook_passes_and_the_file_is_rewound(template):
    stream = io.BytesIO(template)
    uploads.check_xlsx(stream, max_bytes=MB, max_rows=10)
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("content", "limits", "message"),
    [
        (b"x" * 2049, {"max_bytes": 2048}, "larger than 2,048 bytes"),
        (b"hello", {}, "not an Excel workbook"),
        (ENCRYPTED, {}, "password-protected"),
    ],
    ids=["too-big", "not-a-zip", "ole"],
)
def test_simple_refusals(content, limits, message):
    with pytest.raises(ValidationError, match=message):
        check(content, **limits)


def test_a_highly_compressed_part_is_a_zip_bomb_even_under_the_size_bound(template):
    content = rezip(template, add={"xl/media/image1.png": zeros(10 * MB)})
    with pytest.raises(ValidationError, match="zip bomb"):
        check(content, max_uncompressed=50 * MB)


def test_too_many_entries_are_refused_before_zipfile_lists_them(template):
    content = rezip(template, add={f"xl/media/{n}.bin": b"" for n in range(1001)})
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        check(content)


def test_an_encrypted_zip_entry_is_password_protected(template):
    content = bytearray(template)
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit on every entry
        for match in re.finditer(re.escape(header), bytes(content)):
            offset = match.start() + (6 if header == b"PK\x03\x04" else 8)
            content[offset] |= 0x1
    with pytest.raises(ValidationError, match="password-protected"):
        check(bytes(content))


def test_rows_are_counted_while_streaming_when_the_dimension_lies():
    """The sheet says A1:F2 but holds 1,100 rows: openpyxl is told not to trust the dimension and
    the streamed rows are counted."""
    content = rezip(
        workbook_bytes([["X", "", "", n, ""] for n in range(1100)]),
        replace={SHEET: with_dimension("A1:F2")},
    )
    check(content)  # the header alone cannot tell
    from datasets.models import Indicator
    from datasets.spreadsheets import UploadErrors, parse_return_upload

    with pytest.raises(UploadErrors) as exc:
        parse_return_upload(SimpleUploadedFile("r.xlsx", content), [Indicator(code="X")])
    assert exc.value.errors == [
        "The spreadsheet has more than 1,000 rows; at most 1,000 are accepted"
    ]


def test_a_sheet_without_a_dimension_is_limited_while_streaming_in_the_import(monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    rows = [[f"L{n}", f"l{n}@example.org", "", "Course", "2021-05-04"] for n in range(60)]
    content = rezip(
        workbook_bytes(rows, headers=IMPORT_HEADER, title="Sheet"),
        replace={SHEET: lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)},
    )
    with pytest.raises(importer.ImportFileError, match="more than 51 rows"):
        importer.parse("export.xlsx", io.BytesIO(content))
    csv = "\n".join([",".join(IMPORT_HEADER)] + [",".join(r) for r in rows]).encode()
    with pytest.raises(importer.ImportFileError, match="more than 51 rows"):
        importer.parse("export.csv", io.BytesIO(csv))


def test_a_real_million_row_sheet_is_refused_from_its_header(million_rows):
    assert len(million_rows) < importer.MAX_UPLOAD_BYTES
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="1,000,001 rows; at most 100,001"):
        check(million_rows, max_rows=100_001, max_uncompressed=200 * MB)
    assert time.perf_counter() - started < QUICK


# --- through the real views -------------------------------------------------------------------


def _post(client, url, name, content):
    started = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile(name, content, "application/pdf")})
    return response, time.perf_counter() - started


CASES = [
    "not-a-zip",
    "broken-zip",
    "not-a-workbook",
    "password-protected",
    "zip-bomb",
    "xlsm-vba-part",
    "xlsm-content-type",
    "lying-dimension",
    "wrong-extension",
    "xlsm-extension",
]


@pytest.mark.parametrize("case", CASES)
def test_return_upload_refuses(
    case, agency_lead_client, lead_agency, year, template, zip_bomb, million_rows
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    version = ret.version
    name, content, message = bad_files(template, zip_bomb, million_rows)[case]
    url = reverse("return_upload", kwargs=ret.url_kwargs())
    response, elapsed = _post(agency_lead_client, url, name.replace("upload", "return"), content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html, html
    assert not ReturnValue.objects.exists()
    assert Return.objects.get(pk=ret.pk).version == version
    assert elapsed < QUICK, f"{case} took {elapsed:.2f} s"


def test_return_upload_refuses_a_million_rows_by_size(
    agency_lead_client, lead_agency, year, million_rows
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    url = reverse("return_upload", kwargs=ret.url_kwargs())
    response, elapsed = _post(agency_lead_client, url, "return.xlsx", million_rows)
    assert "The file is larger than 2 MB" in response.content.decode()
    assert not ReturnValue.objects.exists()
    assert elapsed < QUICK


@pytest.mark.usefixtures("indicators")
def test_return_upload_trusts_content_not_the_browser_content_type(
    agency_lead_client, lead_agency, year
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    url = reverse("return_upload", kwargs=ret.url_kwargs())
    content = workbook_bytes([["OPEN_REFERRALS", "", "", 12, ""], ["CP_PLANS", "", "", 3, "ok"]])
    response, _ = _post(agency_lead_client, url, "Return.XLSX", content)  # sent as a PDF
    assert response.status_code == 302
    assert ReturnValue.objects.filter(ret=ret).count() == 2


@pytest.mark.parametrize("case", [*CASES, "million-rows"])
def test_completions_import_refuses(case, support_client, template, zip_bomb, million_rows):
    files = bad_files(template, zip_bomb, million_rows)
    files["million-rows"] = ("upload.xlsx", million_rows, "The spreadsheet has 1,000,001 rows")
    name, content, message = files[case]
    response, elapsed = _post(
        support_client, "/training/imports/", name.replace("upload", "export"), content
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html
    assert ImportBatch.objects.count() == 0 and Completion.objects.count() == 0
    assert elapsed < QUICK, f"{case} took {elapsed:.2f} s"


def test_completions_import_refuses_an_oversized_file(support_client):
    content = b"x" * (importer.MAX_UPLOAD_BYTES + 1)
    response, elapsed = _post(support_client, "/training/imports/", "export.csv", content)
    assert "The file is larger than 20 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert elapsed < QUICK


def _peak_memory(client, url, zip_bomb):
    tracemalloc.start()
    try:
        response, _ = _post(client, url, "bomb.xlsx", zip_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "would expand to 256 MB" in response.content.decode()
    return peak


def test_a_zip_bomb_return_is_refused_in_bounded_memory(
    agency_lead_client, lead_agency, year, zip_bomb
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    url = reverse("return_upload", kwargs=ret.url_kwargs())
    peak = _peak_memory(agency_lead_client, url, zip_bomb)
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB"


def test_a_zip_bomb_import_is_refused_in_bounded_memory(support_client, zip_bomb):
    peak = _peak_memory(support_client, "/training/imports/", zip_bomb)
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB"
