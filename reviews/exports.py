"""CSV and XLSX exports of admin list selections. Cells a spreadsheet would run as formulas are
neutralised."""

from __future__ import annotations

import csv
import datetime as dt
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook

from cscp.formatting import neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date | int | float):
        return value
    return neutralise_formula(str(value))


def rows_for(columns, objects):
    yield [header for header, _ in columns]
    for obj in objects:
        yield [_cell(getter(obj)) for _, getter in columns]


def csv_response(filename: str, columns, objects) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    for row in rows_for(columns, objects):
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return response


def xlsx_response(filename: str, columns, objects) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = filename[:31]
    for row in rows_for(columns, objects):
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class ExportMixin:
    """Admin actions "Export selected to CSV/XLSX" over `export_columns`: (header, getter)."""

    export_columns: list = []
    export_filename = "export"

    def get_export_queryset(self, queryset):
        return queryset

    def _export(self, queryset, response_for):
        return response_for(
            self.export_filename, self.export_columns, self.get_export_queryset(queryset)
        )

    def export_csv(self, request, queryset):
        return self._export(queryset, csv_response)

    export_csv.short_description = "Export selected to CSV"
    export_csv.allowed_permissions = ("view",)

    def export_xlsx(self, request, queryset):
        return self._export(queryset, xlsx_response)

    export_xlsx.short_description = "Export selected to XLSX"
    export_xlsx.allowed_permissions = ("view",)
