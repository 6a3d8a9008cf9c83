"""Reading a learning platform's export of e-learning completions (CSV or XLSX).

Rows are streamed (csv reader / openpyxl read-only), checked one by one and reduced to compact
lists; nothing is written here. Course and agency names that match nothing are collected for
the user to map: they are never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from cscp import uploads

# Accepted header spellings (compared lower-case, spaces/underscores/hyphens removed).
COLUMNS = {
    "learner": ("learner", "learnername", "name", "fullname"),
    "email": ("email", "emailaddress", "workemail"),
    "agency": ("agency", "organisation", "organization", "employer"),
    "course": ("course", "coursetitle", "coursename", "module"),
    "completed_on": ("completiondate", "completedon", "completed", "datecompleted", "date"),
}
REQUIRED = tuple(COLUMNS)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")
MAX_STORED_ERRORS = 1000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000  # completions, after the heading row
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # 100,000 rows of sheet XML are about 35 MB


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, missing columns)."""


@dataclass
class ParsedFile:
    rows: list[list] = field(
        default_factory=list
    )  # [row number, learner, email, agency, course, iso date]
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    course_names: set[str] = field(default_factory=set)
    agency_names: set[str] = field(default_factory=set)
    row_count: int = 0


def _key(header) -> str:
    return re.sub(r"[\s_\-]", "", str(header or "")).lower()


def normalise_name(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def column_positions(header: Iterable) -> dict[str, int]:
    keys = [_key(h) for h in header]
    positions = {}
    for column, spellings in COLUMNS.items():
        for i, key in enumerate(keys):
            if key in spellings:
                positions[column] = i
                break
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        labels = {
            "learner": "learner",
            "email": "e-mail",
            "agency": "agency",
            "course": "course",
            "completed_on": "completion date",
        }
        raise ImportFileError(
            "The file has no column for: " + ", ".join(labels[c] for c in missing) + "."
        )
    return positions


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _date_of_text(str(value or "").strip())


@functools.lru_cache(maxsize=4096)
def _date_of_text(text: str) -> dt.date | None:
    # An export's dates repeat (a year has 366 of them), and strptime was half the upload's
    # time at 100,000 rows (decision 0020): the strict ISO form is read directly, and each
    # distinct text once.
    if ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # not a real day: the formats below refuse it too
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_rows(filename: str, stream) -> Iterator[tuple]:
    """Yield the header and then each row of a CSV or XLSX file, as tuples, refusing a file that
    is too big, is not what its name says, or has more than MAX_ROWS rows after the header."""
    try:
        uploads.check_filename(filename, [".csv", ".xlsx"])
        uploads.check_size(stream, max_bytes=MAX_UPLOAD_BYTES)
        yield from uploads.limit_rows(_read_rows(filename, stream), max_rows=MAX_ROWS + 1)
    except ValidationError as exc:
        raise ImportFileError(" ".join(exc.messages)) from None


def _read_rows(filename: str, stream) -> Iterator[tuple]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        uploads.check_xlsx(
            stream,
            max_bytes=MAX_UPLOAD_BYTES,
            max_rows=MAX_ROWS + 1,
            max_uncompressed=MAX_UNCOMPRESSED_BYTES,
        )
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            if uploads.xml_refused(exc):
                raise ImportFileError(uploads.DTD + ".") from exc
            raise ImportFileError("The file could not be read as an Excel workbook.") from exc
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # a missing or lying <dimension> is not trusted
            yield from sheet.iter_rows(values_only=True)
        except Exception as exc:
            if uploads.xml_refused(exc):
                raise ImportFileError(uploads.DTD + ".") from exc
            raise
        finally:
            workbook.close()
    else:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            for row in reader:
                # PostgreSQL's text type cannot hold NUL, and no spreadsheet export writes one.
                if any("\x00" in cell for cell in row):
                    raise ImportFileError(
                        f"Row {reader.line_num}: the file contains a NUL character, which a "
                        "text export never has. Export the file again as CSV."
                    )
                yield tuple(row)
        except UnicodeDecodeError as exc:
            raise ImportFileError("The CSV file is not UTF-8 text.") from exc
        except csv.Error as exc:
            # The csv module refuses a field over 128 KB (and a few malformed quotings).
            raise ImportFileError(
                f"Row {reader.line_num}: the row cannot be read as CSV ({exc}). No field of "
                "a completions export is that long: export the file again as CSV."
            ) from exc


def parse(filename: str, stream) -> ParsedFile:
    rows = read_rows(filename, stream)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise ImportFileError("The file is empty.") from exc
    pos = column_positions(header)
    parsed = ParsedFile()
    width = max(pos.values()) + 1
    for number, row in enumerate(rows, start=2):
        if row is None or all(cell in (None, "") for cell in row):
            continue
        row = tuple(row) + (None,) * (width - len(row))
        learner = _text(row[pos["learner"]])
        email = _text(row[pos["email"]]).lower()
        agency = _text(row[pos["agency"]])
        course = _text(row[pos["course"]])
        date = parse_date(row[pos["completed_on"]])
        problems = []
        if not learner:
            problems.append("learner is missing")
        if not EMAIL_RE.match(email):
            problems.append("e-mail is not a valid address")
        if not course:
            problems.append("course is missing")
        if date is None:
            problems.append("completion date is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
        parsed.row_count += 1
        if problems:
            parsed.error_count += 1
            if len(parsed.errors) < MAX_STORED_ERRORS:
                parsed.errors.append({"row": number, "message": "; ".join(problems)})
            continue
        parsed.course_names.add(course)
        if agency:
            parsed.agency_names.add(agency)
        parsed.rows.append([number, learner, email, agency, course, date.isoformat()])
    return parsed
