"""Evidence files: only PDF, Word, Excel, PNG/JPEG images and plain text, told apart by their
content (not their name or the browser's content type), at most EVIDENCE_MAX_UPLOAD_MB, and
always served as an attachment with a content type of our choosing and nosniff."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cscp import uploads
from priority_groups.models import Outcome
from tests.priority_groups.factories import OutcomeFactory, PriorityGroupFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
DOC = uploads.OLE_MAGIC + b"\x00" * 504


def office_zip(main_part: str, content_type: str = "wordprocessingml.document.main") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/{main_part}" ContentType="application/'
            f'vnd.openxmlformats-officedocument.{content_type}+xml"/></Types>',
        )
        archive.writestr(main_part, "<document/>")
    return out.getvalue()


def xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


GOOD = [
    ("findings.pdf", PDF, "application/pdf"),
    ("Findings.PDF", PDF, "application/pdf"),
    ("photo.png", PNG, "image/png"),
    ("photo.jpg", JPEG, "image/jpeg"),
    ("photo.jpeg", JPEG, "image/jpeg"),
    ("minutes.docx", office_zip("word/document.xml"), "application/vnd.openxmlformats-"),
    ("old-minutes.doc", DOC, "application/msword"),
    ("figures.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml"),
    ("notes.txt", "Notes – the partnership’s “own” words\n".encode(), "text/plain"),
]
BAD = [
    ("script.js", b"alert(document.domain)", "not one of the accepted types"),
    ("page.html", b"<html><script>alert(1)</script></html>", "not one of the accepted types"),
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not one of"),
    ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "not one of the accepted types"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "not one of the accepted types"),
    ("script.pdf", b"alert(document.domain)", "is a plain-text file"),
    ("photo.pdf", PNG, "is a PNG image"),
    ("notes.txt", b"text with a \x00 NUL", "not one of the accepted types"),
    ("notes.txt", b"\xff\xfe not utf-8 \x80", "not one of the accepted types"),
    ("macros.docm", office_zip("word/document.xml", "wordprocessingml.document.macroEnabled.main"),
     "not one of the accepted types"),
    ("findings.pdf.js", PDF, "not one of the accepted types"),
    ("findings.docx", PDF, "is a PDF, but its name does not end .pdf"),
]  # fmt: skip


@pytest.mark.parametrize("name, content, content_type", GOOD, ids=[g[0] for g in GOOD])
def test_accepted_types_pass(name, content, content_type):
    kind = uploads.check_evidence_file(SimpleUploadedFile(name, content, "text/html"))
    assert kind.content_type.startswith(content_type)


@pytest.mark.parametrize("name, content, message", BAD, ids=[b[0] for b in BAD])
def test_other_files_are_refused_by_their_content(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_evidence_file(SimpleUploadedFile(name, content, "application/pdf"))
    assert message in " ".join(error.value.messages)


def test_the_size_cap_defaults_to_10_mb_and_is_a_setting(settings):
    big = SimpleUploadedFile("big.pdf", PDF + b" " * (10 * MB))
    with pytest.raises(ValidationError) as error:
        uploads.check_evidence_file(big)
    assert "larger than 10 MB" in error.value.messages[0]
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    two = SimpleUploadedFile("two.pdf", PDF + b" " * (2 * MB))
    with pytest.raises(ValidationError) as error:
        uploads.check_evidence_file(two)
    assert "larger than 1 MB" in error.value.messages[0]
    settings.EVIDENCE_MAX_UPLOAD_MB = 20
    assert uploads.check_evidence_file(big).extension == "pdf"


def _add_outcome(client, upload):
    group = PriorityGroupFactory()
    return client.post(
        "/admin/priority_groups/outcome/add/",
        {
            "group": group.pk,
            "text": "Audit completed",
            "date": group.start_date.isoformat(),
            "status": "achieved",
            "evidence_file": upload,
            "_save": "Save",
        },
    )


def test_the_admin_refuses_a_script_as_evidence_and_saves_nothing(support_client):
    response = _add_outcome(support_client, SimpleUploadedFile("x.js", b"alert(1)", "text/plain"))
    assert response.status_code == 200
    assert "not one of the accepted types" in response.content.decode()
    assert not Outcome.objects.exists()


def test_the_admin_refuses_an_oversized_evidence_file(support_client, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    response = _add_outcome(support_client, SimpleUploadedFile("a.pdf", PDF + b" " * (2 * MB)))
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert not Outcome.objects.exists()


def test_the_admin_accepts_a_pdf(support_client):
    response = _add_outcome(support_client, SimpleUploadedFile("audit.pdf", PDF, "text/html"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Outcome.objects.get().evidence_file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("audit.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("notes.txt", b"Findings", "text/plain; charset=utf-8"),
        # Stored before the allow-list (or put there by other means): never served as script.
        ("legacy.js", b"alert(document.domain)", "application/octet-stream"),
        ("legacy.html", b"<script>alert(1)</script>", "application/octet-stream"),
        ("lying.pdf", b"alert(document.domain)", "application/octet-stream"),
    ],
)
def test_evidence_is_served_as_an_attachment_with_a_safe_type(
    executive_client, name, content, content_type
):
    outcome = OutcomeFactory()
    outcome.evidence_file.save(name, ContentFile(content))
    response = executive_client.get(f"/priority-groups/outcomes/{outcome.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
