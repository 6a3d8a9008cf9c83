"""Excel round trip of a return, and the dataset pack's XLSX/CSV exports."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cscp import uploads
from cscp.formatting import neutralise_formula

from . import rules
from .forms import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS

SHEET = "Return"
HEADERS = ["code", "name", "unit", "value", "commentary", "last quarter"]


def return_workbook(ret, indicators, previous: dict) -> bytes:
    current = {v.indicator_id: v for v in ret.values.all()} if ret.pk else {}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for ind in indicators:
        row = current.get(ind.pk)
        last = previous.get(ind.code)
        ws.append(
            [
                ind.code,
                neutralise_formula(ind.name),
                ind.unit_label,
                float(row.value) if row and row.value is not None else None,
                neutralise_formula(row.commentary) if row else "",
                float(last) if last is not None else None,
            ]
        )
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["E"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class UploadErrors(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def parse_return_upload(upload, indicators, population: int | None = None) -> dict:
    """{code: {"value", "commentary"}} from an uploaded return, or UploadErrors listing every
    problem with its row number (nothing is saved unless the whole file is good). Figures are
    parsed and checked by the form's own rules (rules.parse_figure, rules.figure_problem)."""
    by_code = {i.code: i for i in indicators}
    codes = set(by_code)
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadErrors(["The file is larger than 2 MB"])
    data = io.BytesIO(upload.read())
    try:
        uploads.check_xlsx(data, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_UPLOAD_ROWS)
    except ValidationError as exc:
        raise UploadErrors(exc.messages) from None
    try:
        wb = load_workbook(data, read_only=True)  # formulas stay text
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UploadErrors(["The file is not an Excel workbook (.xlsx)"]) from None
    try:
        if SHEET not in wb.sheetnames:
            raise UploadErrors([f'The workbook has no sheet called "{SHEET}"'])
        sheet = wb[SHEET]
        sheet.reset_dimensions()  # a missing or lying <dimension> is not trusted
        stream = sheet.iter_rows(max_col=len(HEADERS), values_only=True)
        rows = list(uploads.limit_rows(stream, max_rows=MAX_UPLOAD_ROWS))
    except ValidationError as exc:
        raise UploadErrors(exc.messages) from None
    finally:
        wb.close()
    if not rows or [str(c or "").strip().lower() for c in rows[0][: len(HEADERS)]] != HEADERS:
        raise UploadErrors([f"Row 1: the headings must be {', '.join(HEADERS)}"])
    errors: list[str] = []
    values: dict[str, dict] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(HEADERS) - len(row))
        code = str(cells[0] or "").strip()
        if not code and all(c in (None, "") for c in cells):
            continue
        if code not in codes:
            errors.append(f"Row {number}: unknown indicator code {code!r}")
            continue
        if code in values:
            errors.append(f"Row {number}: {code} appears more than once")
            continue
        indicator = by_code[code]
        try:
            value = rules.parse_figure(cells[3], indicator.name)
        except rules.FigureError as exc:
            errors.append(f"Row {number} ({code}): {exc}")
            continue
        # The form's rules: a third decimal place is refused, never rounded away.
        problem = rules.figure_problem(indicator, value, population)
        if problem:
            errors.append(f"Row {number} ({code}): {problem}")
            continue
        commentary = str(cells[4]).strip() if cells[4] is not None else ""
        if commentary.startswith("'") and commentary[1:2] in ("=", "+", "-", "@"):
            commentary = commentary[1:]
        values[code] = {"value": value, "commentary": commentary}
    if errors:
        raise UploadErrors(errors)
    return values


PACK_HEADERS = [
    "code",
    "indicator",
    "unit",
    "owner",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "year",
    "last year",
    "London",
    "statistical neighbours",
    "England",
    "direction",
    "commentary",
]


def pack_rows(figures: list[dict]) -> list[list]:
    rows = []
    for f in figures:
        rows.append(
            [
                f["code"],
                f["name"],
                f["unit_label"],
                f["owner"],
                *[_num(v) for v in f["quarters"]],
                _num(f["value"]),
                _num(f["last_value"]),
                _num(f["london"]),
                _num(f["statistical_neighbours"]),
                _num(f["england"]),
                f["direction"] or "",
                " | ".join(f"Q{c['quarter']}: {c['text']}" for c in f["commentary"]),
            ]
        )
    return [[neutralise_formula(c) for c in row] for row in rows]


def _num(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def pack_xlsx(figures: list[dict], year_label: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Dataset {year_label}"
    ws.append(PACK_HEADERS)
    for row in pack_rows(figures):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pack_csv(figures: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PACK_HEADERS)
    for row in pack_rows(figures):
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()
