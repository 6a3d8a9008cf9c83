"""Inspection of uploaded spreadsheets before openpyxl ever opens them.

An .xlsx file is a zip of XML parts. `check_xlsx` looks only at the file's first bytes, the zip's
central directory (sizes as declared, nothing decompressed), ``[Content_Types].xml`` and the first
few KB of each worksheet, so a hostile file (a zip bomb, a million rows, macros, a password) is
refused in milliseconds and in bounded memory. Python's zipfile never inflates an entry beyond its
declared size (it stops there and fails the CRC check), so the declared sizes are a safe bound.
`limit_rows` enforces the row limit again while the rows are streamed, for a sheet whose
``<dimension>`` is missing or lies.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls files
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 1000  # a workbook has a dozen or so parts
MAX_RATIO = 100  # ordinary sheet XML deflates about 5-20 times
RATIO_FROM_BYTES = MB  # small parts may deflate well without harm
HEADER_BYTES = 16 * 1024  # <dimension> comes right after <worksheet> and <sheetPr>
MACRO_PARTS = ("xl/vbaproject.bin", "xl/vbaprojectsignature.bin")
MACRO_TYPES = (b"macroenabled", b"vbaproject")
SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?[A-Z]*\$?(\d*)(?::\$?[A-Z]*\$?(\d+))?"')

NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx)"
ENCRYPTED = "This file is password-protected; save it without a password and upload it again"
MACROS = "Macro-enabled workbooks (.xlsm) are not accepted; save as .xlsx"
DTD = (
    "The file contains a document type declaration (DTD), which Excel never writes: it is not a "
    "normal Excel workbook. Save it again from Excel as .xlsx and upload that"
)
XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)


def _size_label(size: int) -> str:
    return f"{size // MB} MB" if size % MB == 0 else f"{size:,} bytes"


def file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, 2)
        file.seek(position)
    return size


def check_filename(name: str, allowed: Iterable[str]) -> None:
    """Refuse a file by its name's ending (the browser's content type is not trusted either way:
    the content is inspected too)."""
    allowed = tuple(allowed)
    if not str(name or "").lower().endswith(allowed):
        kinds = " or ".join(allowed)
        raise ValidationError(
            f"The file must be a {kinds} file; “{name}” is not. "
            "Macro-enabled (.xlsm) and old-style (.xls) workbooks are not accepted.",
            code="extension",
        )


def check_size(file, *, max_bytes: int) -> None:
    if file_size(file) > max_bytes:
        raise ValidationError(f"The file is larger than {_size_label(max_bytes)}", code="size")


def check_xlsx(file, *, max_bytes: int, max_rows: int, max_uncompressed: int = 50 * MB) -> None:
    """Raise ValidationError with a specific message unless `file` (a seekable binary file,
    rewound afterwards) looks like a plain .xlsx workbook of at most `max_rows` rows (heading
    included) that unzips to at most `max_uncompressed` bytes."""
    check_size(file, max_bytes=max_bytes)
    file.seek(0)
    magic = file.read(8)
    file.seek(0)
    if magic.startswith(OLE_MAGIC):
        raise ValidationError(ENCRYPTED, code="password")
    if not magic.startswith(ZIP_MAGIC):
        raise ValidationError(NOT_A_WORKBOOK, code="not_zip")
    if _declared_entries(file) > MAX_ENTRIES:
        raise ValidationError(NOT_A_WORKBOOK, code="entries")
    try:
        with zipfile.ZipFile(file) as archive:
            _check_archive(archive, max_rows=max_rows, max_uncompressed=max_uncompressed)
    # zipfile raises NotImplementedError for compression methods it cannot read.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise ValidationError(NOT_A_WORKBOOK, code="bad_zip") from None
    finally:
        file.seek(0)


def _declared_entries(file) -> int:
    """The entry count from the zip's end record, read before zipfile builds one object per
    entry (a small file can declare hundreds of thousands)."""
    size = file_size(file)
    tail_size = min(size, 22 + 65535)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    file.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise ValidationError(NOT_A_WORKBOOK, code="bad_zip")
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return MAX_ENTRIES + 1 if entries == 0xFFFF else entries  # 0xFFFF: zip64, never an xlsx


def _check_archive(archive: zipfile.ZipFile, *, max_rows: int, max_uncompressed: int) -> None:
    infos = archive.infolist()
    names = {info.filename.lower(): info for info in infos}
    if any(info.flag_bits & 0x1 for info in infos):
        raise ValidationError(ENCRYPTED, code="password")
    if any(name in names for name in MACRO_PARTS):
        raise ValidationError(MACROS, code="macros")
    types = names.get("[content_types].xml")
    if types is None or "xl/workbook.xml" not in names or types.file_size > MB:
        raise ValidationError(NOT_A_WORKBOOK, code="parts")
    if any(marker in archive.read(types).lower() for marker in MACRO_TYPES):
        raise ValidationError(MACROS, code="macros")
    for info in infos:
        if XML_PART.search(info.filename) and _has_dtd(archive, info):
            raise ValidationError(DTD, code="dtd")
        if SHEET_PART.match(info.filename):
            rows = _declared_rows(archive, info)
            if rows > max_rows:
                raise ValidationError(
                    f"The spreadsheet has {rows:,} rows; at most {max_rows:,} are accepted",
                    code="rows",
                )
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed:
        raise ValidationError(
            f"The file would expand to {total / MB:,.0f} MB when opened (at most "
            f"{_size_label(max_uncompressed)}): it is not a normal Excel workbook. "
            "Save it again from Excel as .xlsx and upload that",
            code="zip_bomb",
        )
    if any(
        info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size
        for info in infos
    ):
        raise ValidationError(
            "The file is compressed far more than a spreadsheet can be (a “zip bomb”): it is "
            "not a normal Excel workbook. Save it again from Excel as .xlsx and upload that",
            code="zip_bomb",
        )


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DTD must come before the root element, so the part's first few KB show it (openpyxl
    also parses with defusedxml, which refuses entity declarations wherever they are)."""
    with archive.open(info) as part:
        head = part.read(HEADER_BYTES)
    return b"<!doctype" in head.lower() or b"<!entity" in head.lower()


def xml_refused(error: BaseException) -> bool:
    """True for defusedxml's refusal of a DTD, entity or external reference while openpyxl
    parses a part (the `check_xlsx` scan sees only each part's first few KB)."""
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return False
    seen = set()
    while error is not None and id(error) not in seen:  # openpyxl re-raises as ValueError
        if isinstance(error, DefusedXmlException):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _declared_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The last row of the sheet's <dimension ref="A1:F1000">, from its first few KB only
    (0 when there is none: `limit_rows` then guards the streamed rows)."""
    with archive.open(info) as part:
        head = part.read(HEADER_BYTES)
    match = DIMENSION.search(head)
    if not match:
        return 0
    last = match.group(2) or match.group(1)
    return int(last) if last else 0


def limit_rows(rows: Iterable, *, max_rows: int) -> Iterator:
    """Yield the rows, raising ValidationError as soon as there are more than `max_rows`."""
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            raise ValidationError(
                f"The spreadsheet has more than {max_rows:,} rows; at most {max_rows:,} "
                "are accepted",
                code="rows",
            )
        yield row
