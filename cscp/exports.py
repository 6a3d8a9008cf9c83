"""Every download the site makes, and every CSV/XLSX export (decision 0014).

- `download(content, filename=..., content_type=...)`: an in-memory file as an attachment. The
  Content-Disposition header is Django's `content_disposition_header` (quotes and backslashes
  escaped, anything outside printable ASCII sent as RFC 5987 `filename*=`), after
  `safe_filename` has dropped path separators and control characters. Stored files go through
  `FileResponse(as_attachment=True, filename=safe_filename(...))`. No view writes the header.
- `csv_bytes` / `xlsx_bytes`: a table (headers + rows) as a file. Every text cell a spreadsheet
  would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is neutralised
  (`cscp.formatting.neutralise_formula`); numbers and dates stay numbers and dates.
- `ExportMixin`: the admin actions "Export selected to CSV/XLSX" over `export_columns`, a list
  of (header, getter), the getter a callable or an attribute path with `__` between related
  names (a choice field gives its label).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from .formatting import neutralise_formula

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"

# Characters no file name needs: path separators, quotes, and what shells and Windows refuse.
_UNSAFE = re.compile(r'[\\/:*?"<>|;\x00-\x1f\x7f]+')
_MAX_NAME = 150

Getter = Callable[[Any], Any] | str
Columns = Sequence[tuple[str, Getter]]


def safe_filename(name: str, *, default: str = "download") -> str:
    """A file name a browser saves as it is: one path segment, no control characters, no
    quotes, whitespace as single hyphens, no leading dots; at most 150 characters (the
    extension kept). Letters of any script stay (sent as `filename*=`)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")  # controls, format
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", "-", name)
    name = re.sub(r"-{2,}", "-", name).strip("-. ")
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: _MAX_NAME - len(ext) - 1].rstrip("-. ") + "." + ext
        else:
            name = name[:_MAX_NAME].rstrip("-. ")
    return name or default


def attachment_header(filename: str) -> str:
    """The Content-Disposition value of a download (Django's, never written by hand)."""
    header = content_disposition_header(True, safe_filename(filename))
    assert header is not None  # always set for an attachment
    return header


def download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """An in-memory file as a download named `filename` (made safe)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(filename)
    return response


# --- Tables ----------------------------------------------------------------------------------


def cell(value: Any) -> Any:
    """One exported cell: numbers and dates as they are, booleans as Yes/No, None empty, any
    other value as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return neutralise_formula(str(value))


def _csv_value(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return csv_text(headers, rows).encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    if value == "":
        return None
    return value


def sheet_title(title: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    title = re.sub(r"[\[\]:*?/\\]", "-", str(title or "")).strip("'")
    return title[:31] or "Sheet1"


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str,
    widths: dict[str, float] | None = None,
) -> bytes:
    """One sheet: the headers, then the rows; `widths` by column letter."""
    book = Workbook()
    ws = book.active
    ws.title = sheet_title(sheet)
    ws.append([_xlsx_value(h) for h in headers])
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    for column, width in (widths or {}).items():
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_download(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    """`filename` without its extension."""
    return download(csv_bytes(headers, rows), filename=f"{filename}.csv", content_type=CSV_TYPE)


def xlsx_download(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = ""
):
    """`filename` without its extension; the sheet is named after it unless `sheet` is given."""
    content = xlsx_bytes(headers, rows, sheet=sheet or filename)
    return download(content, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


# --- Admin actions ---------------------------------------------------------------------------


def value_at(obj: Any, getter: Getter) -> Any:
    """A column's value: a callable's result, or the attribute path `a__b` (a choice field
    gives its label; a missing link gives None)."""
    if callable(getter):
        return getter(obj)
    for part in getter.split("__"):
        if obj is None:
            return None
        display = getattr(obj, f"get_{part}_display", None)
        obj = display() if display else getattr(obj, part)
    return obj


def table(columns: Columns, objects: Iterable[Any]) -> tuple[list[str], Iterable[list[Any]]]:
    headers = [header for header, _ in columns]
    rows = ([value_at(obj, getter) for _, getter in columns] for obj in objects)
    return headers, rows


class ExportMixin:
    """Admin actions "Export selected to CSV" and "... to XLSX" over `export_columns`
    (header, getter). Read-only: the scrutineer may run them (`allowed_permissions`)."""

    export_columns: Columns = []
    export_filename = "export"

    def get_export_queryset(self, queryset):
        return queryset

    def export_csv(self, request, queryset):
        headers, rows = table(self.export_columns, self.get_export_queryset(queryset))
        return csv_download(self.export_filename, headers, rows)

    export_csv.short_description = "Export selected to CSV"  # type: ignore[attr-defined]
    export_csv.allowed_permissions = ("view",)  # type: ignore[attr-defined]

    def export_xlsx(self, request, queryset):
        headers, rows = table(self.export_columns, self.get_export_queryset(queryset))
        return xlsx_download(self.export_filename, headers, rows)

    export_xlsx.short_description = "Export selected to XLSX"  # type: ignore[attr-defined]
    export_xlsx.allowed_permissions = ("view",)  # type: ignore[attr-defined]
