"""Hostile values inside otherwise well-formed uploads and URLs: a return figure of 13 digits or
1e308, a workbook whose XML carries a DTD, a completions CSV with a 128 KB field or a NUL byte,
a public token URL with %00, and an import with thousands of unknown names. Each gets a specific
error naming what is wrong (or a 404 for a URL), never a 500, and nothing is written. Run on
PostgreSQL too (NUL bytes are refused by PostgreSQL's text type, not by SQLite's)."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datasets.models import Return, ReturnValue
from tests.datasets.conftest import indicators  # noqa: F401  (fixture)
from tests.datasets.factories import ReturnFactory
from tests.factories import AgencyFactory
from tests.hardening.test_malformed_uploads import IMPORT_HEADER, rezip, workbook_bytes
from tests.training.factories import BookingFactory, CourseFactory, SessionFactory
from training.models import Completion, Delivery, ImportBatch

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
DTD = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY planted "planted">]>\n'


def _return_upload(client, ret, content, name="return.xlsx"):
    url = reverse("return_upload", kwargs=ret.url_kwargs())
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _with_dtd(xml: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return DTD + body.lstrip()


TOO_LARGE = "Row 2 (OPEN_REFERRALS): Open referrals is too large: "
NOT_A_NUMBER = "Row 2 (OPEN_REFERRALS): Open referrals must be a number, not "


@pytest.mark.usefixtures("indicators")
@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1234567890123", TOO_LARGE + "1,234,567,890,123 has more than 10 digits"),
        (1234567890123, TOO_LARGE + "1,234,567,890,123 has more than 10 digits"),
        (
            1e308,
            TOO_LARGE + "it has 309 digits before the decimal point, more than the 10 that can "
            "be stored",
        ),
        # The form's contract: no scientific notation, typed or uploaded.
        ("1e308", NOT_A_NUMBER + "“1e308”"),
        (
            "9" * 40,
            TOO_LARGE + "it has 40 digits before the decimal point, more than the 10 that can "
            "be stored",
        ),
        ("-1e308", NOT_A_NUMBER + "“-1e308”"),
    ],
    ids=["13-digit-text", "13-digit-number", "1e308-number", "1e308-text", "40-digits", "-1e308"],
)
def test_a_return_figure_too_big_to_store_is_a_row_error(
    agency_lead_client, lead_agency, year, value, error
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    version = ret.version
    content = workbook_bytes([["OPEN_REFERRALS", "", "", value, ""], ["CP_PLANS", "", "", 3, "ok"]])
    response = _return_upload(agency_lead_client, ret, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    # The upload speaks the one contract of issue 14: "Row N (CODE): <the form's message>".
    assert error in html, html
    assert not ReturnValue.objects.exists()
    assert Return.objects.get(pk=ret.pk).version == version


@pytest.mark.usefixtures("indicators")
@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "xl/styles.xml"])
def test_a_workbook_with_a_dtd_is_refused_by_the_return_upload(
    agency_lead_client, lead_agency, year, part
):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    plain = workbook_bytes([["OPEN_REFERRALS", "", "", "text", ""]])
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        assert part in archive.namelist()
    content = rezip(plain, replace={part: _with_dtd})
    response = _return_upload(agency_lead_client, ret, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "document type declaration" in html, html
    assert not ReturnValue.objects.exists()


@pytest.mark.usefixtures("indicators")
def test_a_dtd_hidden_past_the_scanned_head_is_refused_by_defusedxml(
    agency_lead_client, lead_agency, year
):
    """The scan reads each part's first 16 KB; a DTD behind a long comment is left to
    defusedxml, which openpyxl uses when it is installed."""
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=2, status="draft")
    plain = workbook_bytes([["OPEN_REFERRALS", "", "", 5, ""]])

    def hidden(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        entity = b'<!DOCTYPE x [<!ENTITY planted "planted">]>'
        return b"<?xml version='1.0'?><!--" + b" " * (32 * 1024) + b"-->" + entity + body

    response = _return_upload(agency_lead_client, ret, rezip(plain, replace={SHEET: hidden}))
    assert response.status_code == 200
    assert "document type declaration" in response.content.decode()
    assert not ReturnValue.objects.exists()


def test_a_workbook_with_a_dtd_is_refused_by_the_completions_import(support_client):
    plain = workbook_bytes(
        [["Ann Lee", "ann@example.org", "CSC", "Course", "2021-05-04"]], headers=IMPORT_HEADER
    )
    content = rezip(plain, replace={SHEET: _with_dtd})
    response = support_client.post(
        "/training/imports/", {"file": SimpleUploadedFile("export.xlsx", content)}
    )
    assert response.status_code == 200
    assert "document type declaration" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def _import_csv(client, body: bytes):
    header = ",".join(IMPORT_HEADER).encode() + b"\n"
    return client.post(
        "/training/imports/", {"file": SimpleUploadedFile("export.csv", header + body)}
    )


@pytest.mark.parametrize(
    "row, message",
    [
        (b"Ann Lee,ann@example.org,CSC," + b"x" * (200 * 1024) + b",2021-05-04\n", "Row 2"),
        (b'Ann Lee,ann@example.org,CSC,"' + b"x" * (200 * 1024) + b'",2021-05-04\n', "Row 2"),
        (b"Ann \x00Lee,ann@example.org,CSC,Course,2021-05-04\n", "NUL"),
    ],
    ids=["long-field", "long-quoted-field", "nul-byte"],
)
def test_a_hostile_completions_csv_is_a_form_error(support_client, row, message):
    response = _import_csv(support_client, row)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html, html
    assert ImportBatch.objects.count() == 0 and Completion.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["training_booking", "training_evaluate", "training_follow_up", "training_certificate"]
)
def test_a_token_url_with_a_nul_byte_is_not_found(client, name):
    BookingFactory()
    response = client.get(reverse(name, kwargs={"token": "abc"}).replace("abc", "abc%00def"))
    assert response.status_code == 404


def test_the_trainer_register_url_with_a_nul_byte_is_not_found(client):
    SessionFactory()
    url = reverse("training_trainer_register", kwargs={"token": "abc"}).replace("abc", "%00")
    assert client.get(url).status_code == 404


def test_a_report_url_with_a_nul_byte_is_not_found(executive_client):
    response = executive_client.get(reverse("report_detail", kwargs={"label": "2021-22"}) + "%00")
    assert response.status_code == 404


# --- the mapping page with thousands of unknown names ------------------------------------------


@pytest.fixture
def many_unknowns(support_client):
    CourseFactory(title="Safeguarding Level 1", delivery=Delivery.E_LEARNING)
    AgencyFactory(name="Children's Social Care")
    lines = b"".join(
        f"Learner {i},l{i}@example.org,Agency {i},Course {i},2021-05-04\n".encode()
        for i in range(3000)
    )
    response = _import_csv(support_client, lines)
    assert response.status_code == 302
    return ImportBatch.objects.get()


def test_the_mapping_page_is_bounded_however_many_names_are_unknown(support_client, many_unknowns):
    started = time.perf_counter()
    response = support_client.get(reverse("training_import", kwargs={"pk": many_unknowns.pk}))
    elapsed = time.perf_counter() - started
    html = response.content.decode()
    assert response.status_code == 200
    assert "3,000 course names" in html and "3,000 agency names" in html
    assert html.count('name="course_') <= 60 and html.count('name="agency_') <= 60
    assert len(response.content) < 1_000_000, len(response.content)
    assert elapsed < 3, f"{elapsed:.1f} s"


def test_unknown_names_can_be_mapped_in_bulk(support_client, many_unknowns):
    from training.models import Course

    course = Course.objects.get(title="Safeguarding Level 1")
    url = reverse("training_import", kwargs={"pk": many_unknowns.pk})
    response = support_client.post(
        url,
        {"action": "map", "course_rest": str(course.pk), "agency_rest": "none"},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.unmapped_courses() == [] and batch.unmapped_agencies() == []
    assert set(batch.course_mapping.values()) == {course.pk}
    assert set(batch.agency_mapping.values()) == {None}
    assert batch.ready_to_confirm()


def test_mapping_the_shown_names_keeps_earlier_choices(support_client, many_unknowns):
    from training.models import Course

    course = Course.objects.get(title="Safeguarding Level 1")
    url = reverse("training_import", kwargs={"pk": many_unknowns.pk})
    first = support_client.get(url).content.decode()
    assert "Course “Course 0”" in first
    support_client.post(url, {"action": "map", "course_0": str(course.pk)})
    batch = ImportBatch.objects.get()
    assert batch.course_mapping == {"Course 0": course.pk}
    second = support_client.get(url).content.decode()
    assert "Course “Course 0”" not in second and "2,999 course names" in second
    support_client.post(url, {"action": "map", "course_1": str(course.pk)})
    batch.refresh_from_db()
    assert batch.course_mapping == {"Course 0": course.pk, "Course 1": course.pk}
