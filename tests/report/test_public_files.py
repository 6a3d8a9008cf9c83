"""The public page, its PDF and its Word file are one public rendering: the same suppression
everywhere, and the public page offers the PDF."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document

from cscp.models import ReportingYear
from cscp.reporting import services
from cscp.reporting.models import AnnualReport, ReportSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(support_user, monkeypatch):
    cache.clear()
    year, _ = ReportingYear.objects.get_or_create(start_year=2021)
    report, _ = AnnualReport.objects.get_or_create(year=year)
    services.report_sections_ensure(report=report)
    frozen = services.report_freeze(report=report, by=support_user)
    # A published version (never changed once saved) whose public body has a suppressed cell
    # where the internal one has the count.
    snapshot = ReportSnapshot.objects.create(
        report=report,
        version=frozen.version + 1,
        content=frozen.content,
        content_hash=frozen.content_hash,
        published_by=support_user,
        html="<p>Respondents: 3</p>",
        public_html="<p>Respondents: c</p><p>c suppressed</p>",
    )
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.PUBLISHED)
    return snapshot


def test_the_public_page_offers_the_pdf_and_the_word_file(client, published):
    html = client.get(reverse("report_public")).content.decode()
    assert reverse("report_public_pdf") in html
    assert reverse("report_public_docx") in html
    assert "Respondents: c" in html and "Respondents: 3" not in html


def test_the_word_file_is_the_public_rendering(client, published):
    response = client.get(reverse("report_public_docx"))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Respondents: c" in text and "Respondents: 3" not in text


def test_the_pdf_is_the_public_rendering(client, published, monkeypatch):
    seen = []

    def fake_pdf(body, *, title, draft):
        seen.append((body, draft))
        return b"%PDF-1.7 public"

    monkeypatch.setattr("cscp.reporting.pdf.render_pdf", fake_pdf)
    first = client.get(reverse("report_public_pdf"))
    again = client.get(reverse("report_public_pdf"))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == again.content == b"%PDF-1.7 public"
    assert seen == [("<p>Respondents: c</p><p>c suppressed</p>", False)]  # made once


def test_no_published_report_no_file(client):
    cache.clear()
    assert client.get(reverse("report_public_pdf")).status_code == 404
