"""The partnership is data: its name, numbers and sign-off come from its record everywhere."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.mail import send_mail
from cscp.models import Partnership
from cscp.partnership.selectors import current_partnership
from tests.partnership.partnerships import WESSEX, make_wessex

ROOT = Path(settings.BASE_DIR)
SOURCE_DIRS = ["cscp", "reviews", "priority_groups", "training", "datasets", "feedback"]
SOURCE_DIRS += ["templates", "static/scss", "static/js"]
# Demo data may name the demo's partnership; nothing else may.
EXCLUDED_PARTS = {"migrations", "fixtures", "tests", "bench", "__pycache__"}


def _is_demo_module(path: Path) -> bool:
    return path.stem == "demo" or path.stem.endswith("_demo") or "demo" in path.parts


def source_files():
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or path.suffix not in {".py", ".html", ".txt", ".scss", ".js"}:
                continue
            if EXCLUDED_PARTS & set(path.relative_to(ROOT).parts) or _is_demo_module(path):
                continue
            yield path


def test_no_partnership_name_in_code_or_templates():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in source_files()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        if re.search("croydon", line, re.IGNORECASE)
    ]
    assert list(source_files()), "the scan found no files"
    assert offenders == []


def test_the_scan_would_catch_a_name(tmp_path, monkeypatch):
    """The scan above can fail: a template naming a partnership is caught."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text("<p>Croydon</p>")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.SOURCE_DIRS", ["templates"])
    with pytest.raises(AssertionError):
        test_no_partnership_name_in_code_or_templates()


@pytest.mark.django_db
def test_only_one_partnership():
    make_wessex()
    second = Partnership(**{**WESSEX, "name": "Another"})
    with pytest.raises(ValidationError):
        second.full_clean()


@pytest.mark.django_db
def test_before_set_up_a_placeholder_is_used_and_cached_per_request(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        first = current_partnership(request)
        assert current_partnership(request) is first
    assert not first.is_set_up


@pytest.mark.django_db
def test_pages_show_the_partnership_and_its_emergency_numbers(client, support_client):
    make_wessex()
    for url in ["/feedback/tell-us/", "/training/courses/", "/reports/public/"]:
        page = client.get(url).content.decode()
        assert WESSEX["name"] in page, url
        assert WESSEX["children_services_phone"] in page, url
        assert WESSEX["out_of_hours_phone"] in page, url
        assert "Croydon" not in page, url
    home = support_client.get("/").content.decode()
    assert f"– {WESSEX['name']}</title>" in home
    assert "Downshire and Wessex Vale" in home
    assert "/partnership/brand.css" in home
    css = client.get("/partnership/brand.css").content.decode()
    assert "#00594f" in css


@pytest.mark.django_db
def test_admin_header_names_the_partnership(support_user, client):
    make_wessex()
    support_user.is_staff = True
    support_user.save()
    client.force_login(support_user)
    assert WESSEX["name"] in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_emails_end_with_the_partnerships_sign_off():
    make_wessex()
    send_mail("Hello", "Body text.", None, ["someone@example.org"])
    assert mail.outbox[-1].body.endswith("The Wessex Vale partnership team\n")


@pytest.mark.django_db
def test_two_factor_issuer_is_the_partnership(support_user):
    make_wessex()
    device = TOTPDevice.objects.create(user=support_user, name="phone")
    assert f"issuer={quote(WESSEX['name'])}" in device.config_url


@pytest.mark.django_db
def test_pdf_and_word_name_the_partnership():
    from cscp.reporting import docx, pdf

    make_wessex()
    html = pdf.document_html("<p>x</p>", title="Yearly report 2025-26", draft=False)
    assert WESSEX["name"] in html
    data = docx.build_docx("<p>x</p>", title="Yearly report", draft=False)
    import io

    from docx import Document

    text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert WESSEX["name"] in text


@pytest.mark.django_db
def test_demo_creates_the_demo_partnership():
    from cscp.demo import load_partnership

    load_partnership()
    load_partnership()
    assert Partnership.objects.count() == 1
    assert current_partnership().local_authorities.get().new_la_code == "E09000008"
