"""Excel round trip of a return, and the dataset pack's XLSX/CSV exports."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cscp import exports, uploads
from cscp.formatting import neutralise_formula

from . import contract, rules
from .forms import ETHNICITY_LABELS, MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS

SHEET = "Return"
# Generated from the return's contract: the form's parts, then the like-for-like figures.
HEADERS = ["code", "name", "unit", *(p.heading for p in contract.PARTS), contract.COMPARED_WITH]
VALUE_COLUMN = HEADERS.index("value")


def return_workbook(ret, indicators, history: dict) -> bytes:
    """Every part of the form for every indicator (contract.PARTS), filled with what is
    stored; cells of parts an indicator does not have are left empty."""
    from .forms import comparison_hint

    current = {v.indicator_id: v for v in ret.values.all()} if ret.pk else {}
    rows = []
    for ind in indicators:
        row = current.get(ind.pk)
        own = contract.parts_for(ind)
        cells = [ind.code, ind.name, ind.unit_label]
        for part in contract.PARTS:
            cells.append(_cell(part, row) if part in own else None)
        cells.append(comparison_hint(ind, ret, history))
        rows.append(cells)
    return exports.xlsx_bytes(HEADERS, rows, sheet=SHEET, widths={"B": 60, "E": 50, "F": 50})


def _cell(part, row):
    if row is None:
        return None
    if part.kind == "figure":
        value = row.value
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if part.kind == "breakdown":
        return (row.ethnicity or {}).get(part.category)
    return neutralise_formula(getattr(row, part.key) or "")


class UploadErrors(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def _text(cell) -> str:
    text = str(cell).strip() if cell is not None else ""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def parse_return_upload(upload, indicators, population: int | None = None) -> dict:
    """{code: entry} from an uploaded return, in the form's shape (contract.empty_entry), or
    UploadErrors listing every problem with its row number (nothing is saved unless the whole
    file is good). Figures are parsed and checked by the form's own rules."""
    by_code = {i.code: i for i in indicators}
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadErrors(["The file is larger than 2 MB"])
    data = io.BytesIO(upload.read())
    try:
        uploads.check_xlsx(data, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_UPLOAD_ROWS)
    except ValidationError as exc:
        raise UploadErrors(exc.messages) from None
    try:
        wb = load_workbook(data, read_only=True)  # formulas stay text
    except Exception as exc:
        if uploads.xml_refused(exc):
            raise UploadErrors([uploads.DTD]) from None
        if isinstance(
            exc, (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError)
        ):
            raise UploadErrors(["The file is not an Excel workbook (.xlsx)"]) from None
        raise
    try:
        if SHEET not in wb.sheetnames:
            raise UploadErrors([f'The workbook has no sheet called "{SHEET}"'])
        sheet = wb[SHEET]
        sheet.reset_dimensions()  # a missing or lying <dimension> is not trusted
        stream = sheet.iter_rows(max_col=len(HEADERS), values_only=True)
        rows = list(uploads.limit_rows(stream, max_rows=MAX_UPLOAD_ROWS))
    except ValidationError as exc:
        raise UploadErrors(exc.messages) from None
    except Exception as exc:
        if uploads.xml_refused(exc):
            raise UploadErrors([uploads.DTD]) from None
        raise
    finally:
        wb.close()
    headings = [str(c or "").strip().lower() for c in rows[0][: len(HEADERS)]] if rows else []
    if headings != [h.lower() for h in HEADERS]:
        raise UploadErrors([f"Row 1: the headings must be {', '.join(HEADERS)}"])
    errors: list[str] = []
    values: dict[str, dict] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(HEADERS) - len(row))
        code = str(cells[0] or "").strip()
        if not code and all(c in (None, "") for c in cells):
            continue
        if code not in by_code:
            errors.append(f"Row {number}: unknown indicator code {code!r}")
            continue
        if code in values:
            errors.append(f"Row {number}: {code} appears more than once")
            continue
        problems = _parse_row(by_code[code], dict(zip(HEADERS, cells, strict=True)), population)
        if isinstance(problems, list):
            errors.extend(f"Row {number} ({code}): {p}" for p in problems)
            continue
        values[code] = problems
    if errors:
        raise UploadErrors(errors)
    return values


def _parse_row(indicator, cells: dict, population):
    """The entry of one row, or the list of its problems."""
    own = contract.parts_for(indicator)
    entry = contract.empty_entry(indicator)
    problems = []
    for part in contract.PARTS:
        cell = cells.get(part.heading)
        if part not in own:
            if cell not in (None, ""):
                problems.append(f"{indicator.name} has no “{part.heading}”: leave it empty")
            continue
        if part.kind == "text":
            entry[part.key] = _text(cell)
            continue
        label = indicator.name
        if part.kind == "breakdown":
            label = f"{ETHNICITY_LABELS[part.category]} in {indicator.name}"
        try:
            number = rules.parse_figure(cell, label)
        except rules.FigureError as exc:
            problems.append(str(exc))
            continue
        if part.kind == "figure":
            # The form's rules: a third decimal place is refused, never rounded away.
            problem = rules.figure_problem(indicator, number, population)
            entry["value"] = number
        else:
            problem = rules.breakdown_problem(indicator, ETHNICITY_LABELS[part.category], number)
            if number is not None:
                entry["ethnicity"][part.category] = int(number)
        if problem:
            problems.append(problem)
    return problems or entry


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
    return exports.xlsx_bytes(PACK_HEADERS, pack_rows(figures), sheet=f"Dataset {year_label}")


def pack_csv(figures: list[dict]) -> str:
    return exports.csv_text(PACK_HEADERS, pack_rows(figures))
