"""One export module and one way to name a download (cscp/exports.py, decision 0014)."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from cscp import exports

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["cscp", "reviews", "priority_groups", "training", "datasets", "feedback"]

HOSTILE = [
    'evil"; filename="run.exe',
    "line\r\nSet-Cookie: a=b",
    "../../etc/passwd",
    "..\\..\\boot.ini",
    "tab\there\x00nul\x7fdel",
    "  ..hidden  ",
    "a:b*c?d<e>f|g;h",
    "Bürgermeister – ünïcode ✓.xlsx",
    "\u202egnp.exe",  # right-to-left override
    "",
    "x" * 400 + ".csv",
]


def _code_files():
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_content_disposition_is_built_by_hand():
    """Only cscp/exports.py names the header, and there only from Django's
    content_disposition_header; no code writes `attachment; filename=` itself."""
    offenders = []
    for path in _code_files():
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"attachment;\s*filename", line, re.I):
                offenders.append(f"{rel}:{number}: {line.strip()}")
            if re.search(r"content-disposition", line, re.I) and rel != "cscp/exports.py":
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []
    text = (ROOT / "cscp/exports.py").read_text()
    assignments = re.findall(r'\["Content-Disposition"\]\s*=\s*(.+)', text)
    assert assignments == ["attachment_header(filename)"]
    assert "content_disposition_header(True, safe_filename(filename))" in text


def test_one_export_module_writes_csv_and_xlsx():
    writers = []
    for path in _code_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        if rel != "cscp/exports.py" and re.search(r"csv\.(Dict)?[Ww]riter\(|Workbook\(\)", text):
            writers.append(rel)
    assert writers == []


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_names_are_made_safe(name):
    safe = exports.safe_filename(name)
    assert safe and len(safe) <= 150
    assert not re.search(r'[\\/"\x00-\x1f\x7f;:*?<>|]', safe)
    assert not safe.startswith((".", "-")) and " " not in safe
    assert "\u202e" not in safe
    header = exports.attachment_header(name)
    assert "\r" not in header and "\n" not in header
    assert header.startswith("attachment; filename")
    # One parameter only, quoted or percent-encoded: nothing in the name can add another.
    assert re.fullmatch(
        r"""attachment; (filename="[^"\\]*"|filename\*=utf-8''[\w%.~!'()*-]+)""", header
    )
    assert safe.endswith(".csv") or not name.endswith(".csv")


def test_safe_names_keep_what_is_harmless():
    assert exports.safe_filename("return-CSC-2021-22-Q1.xlsx") == "return-CSC-2021-22-Q1.xlsx"
    assert exports.safe_filename("Children's Social Care 2021-22.pdf") == (
        "Children's-Social-Care-2021-22.pdf"
    )
    header = exports.attachment_header("Bürgermeister.xlsx")
    assert header == "attachment; filename*=utf-8''B%C3%BCrgermeister.xlsx"
    assert exports.safe_filename("") == "download"


FORMULAS = ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\t=x", "\r=y"]


def test_csv_neutralises_formula_cells_and_keeps_numbers_and_dates():
    rows = [[f, -5, Decimal("2.5"), dt.date(2021, 4, 1), None, True] for f in FORMULAS]
    text = exports.csv_text(["=head", "n", "d", "date", "none", "flag"], rows)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][0] == "'=head"
    for formula, row in zip(FORMULAS, parsed[1:], strict=True):
        assert row == ["'" + formula, "-5", "2.5", "2021-04-01", "", "Yes"]


def test_xlsx_neutralises_formula_cells_and_keeps_numbers_and_dates():
    rows = [[f, -5, Decimal("2.5"), dt.date(2021, 4, 1), None] for f in FORMULAS]
    data = exports.xlsx_bytes(["=head", "n", "d", "date", "none"], rows, sheet="a/b:c[d]*?")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "a-b-c-d---"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "'=head"
    for formula, row in zip(FORMULAS, values[1:], strict=True):
        assert row[0] == "'" + formula
        assert row[1] == -5 and row[2] == 2.5 and row[4] is None
        assert row[3].date() == dt.date(2021, 4, 1)
    # No cell is stored as a formula.
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_value_at_follows_paths_and_choice_labels():
    class Link:
        name = "=linked"

    class Obj:
        link = Link()
        empty = None
        status = "p"

        def get_status_display(self):
            return "Present"

    assert exports.value_at(Obj(), "link__name") == "=linked"
    assert exports.value_at(Obj(), "empty__name") is None
    assert exports.value_at(Obj(), "status") == "Present"
    assert exports.value_at(Obj(), lambda o: 3) == 3


def test_every_admin_export_action_comes_from_the_export_module():
    exporting = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if any(name.startswith("export") for _f, name, _d in model_admin._get_base_actions())
    }
    assert exporting, "some admin should export"
    for label, model_admin in exporting.items():
        assert isinstance(model_admin, exports.ExportMixin), label
        assert model_admin.export_columns, label
        names = {name for _f, name, _d in model_admin._get_base_actions()}
        assert {"export_csv", "export_xlsx"} <= names, label


@pytest.mark.django_db
def test_admin_xlsx_export_of_priority_group_attendance(support_client):
    from priority_groups.models import Attendance
    from tests.factories import AgencyFactory
    from tests.priority_groups.factories import AttendanceFactory

    AttendanceFactory(agency=AgencyFactory(name="=cmd|evil"))
    response = support_client.post(
        reverse("admin:priority_groups_attendance_changelist"),
        {
            "action": "export_xlsx",
            "_selected_action": [str(pk) for pk in Attendance.objects.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="priority-group-attendance.xlsx"'
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Group", "Meeting", "Agency", "Attendance")
    assert rows[1][2] == "'=cmd|evil" and rows[1][3] == "Present"
