"""The demo report reads like the seed (Croydon 2021-22), with its figures computed from the
apps' records: none of these numbers is typed into the report's narrative."""

import html
import re

import pytest

from cscp import report_demo
from cscp.models import User
from cscp.reporting.models import AnnualReport, Contribution

# The shared demo (tests/conftest.py demo_for_module): the module on one worker, in file order.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(f"demo:{__name__}")]


@pytest.fixture
def demo_page(demo, client):
    client.force_login(User.objects.get(username="executive"))
    response = client.get("/reports/2021-22/")
    assert response.status_code == 200
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def test_no_seed_figure_is_typed_into_the_narrative():
    narrative = report_demo.data()["narrative"]
    text = " ".join(block["body"] for blocks in narrative.values() for block in blocks)
    for figure in ("95,309", "95309", "362.1", "398.3", "46.2", "28.6", "9455", "1980"):
        assert figure not in text


def test_demo_report_has_the_seed_narrative_and_reflections(demo_page):
    # Published as the real report was: version 1, three reflections "(awaits)".
    assert "version 1" in demo_page and "DRAFT" not in demo_page
    assert "Eleanor Brazil – Independent Scrutineer" in demo_page
    assert "Every Child Every Time" in demo_page  # Fiona Martin's reflection, received
    assert demo_page.count("(awaits)") == 3
    report = AnnualReport.objects.get(year__start_year=2021)
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.snapshots.count() == 1
    contributions = list(Contribution.objects.filter(report=report))
    assert [c.status for c in contributions] == [
        "received",
        "not_received",
        "not_received",
        "not_received",
    ]
    # Each one a recorded decision of business support, with its reason.
    for c in contributions[1:]:
        assert c.not_received_by.username == "support" and c.not_received_reason
    assert list(report.transitions.values_list("to_status", flat=True)) == [
        "contributions_requested",
        "in_review",
        "approved",
        "published",
    ]


def test_the_public_page_shows_the_demo_report_from_the_start(demo_page, client):
    client.logout()
    page = client.get("/reports/public/").content.decode()
    assert "version 1" in page and page.count("(awaits)") == 3
    assert "Symbols used in the figures" in page
    assert "/reports/public/pdf/" in page


def test_demo_report_has_the_partnership_records(demo_page):
    assert "safeguarding supervision" in demo_page
    assert "whole college approach" in demo_page
    assert "was not brought" in demo_page
    assert "Claire’s Law" in demo_page
    assert "Reflective supervision valued" in demo_page
    assert "Police safeguarding standards" in demo_page
    assert "Health safeguarding standards" in demo_page
    assert "Education safeguarding standards" in demo_page
    for title in ("Safeguarding Asylum Seekers", "Early Help Transformation", "Domestic Abuse",
                  "Sexual Abuse", "Independent Review"):  # fmt: skip
        assert title in demo_page


def test_the_seed_year_shows_only_the_seed_content(demo_page):
    # The seed has no funding figures, no RAG ratings of the agencies' standards and names no
    # lead for next year's priorities: the demo invents none of them for 2021-22.
    assert "Partner funding" not in demo_page and "£" not in demo_page
    assert "Amber" not in demo_page and "RAG" not in demo_page
    assert "Lead: " not in demo_page
    # Record metadata reads as the partnership would write it, not as field labels.
    assert "Prompted by:" not in demo_page
    assert "This was prompted by the key themes of our safeguarding practice reviews" in demo_page


def test_demo_glossary_prints_all_of_its_terms(demo_page):
    glossary = demo_page[demo_page.rindex("Glossary") :]
    assert "CAMHS Child & Adolescent Mental Health Service" in glossary
    assert "LeDeR Learning Disabilities Mortality Review" in glossary  # not used in the text
    assert len(report_demo.data()["glossary"]) == 51


def test_demo_report_shows_the_seed_figures_from_the_apps(demo_page):
    # Safeguarding statistics (datasets app)
    assert "95,309" in demo_page or "95309" in demo_page
    for figure in ("362.1", "398.3", "46.2", "28.6", "338.9", "352.8", "36.3", "38.1"):
        assert figure in demo_page, figure
    # Safeguarding practice reviews (reviews app)
    assert re.search(r"\b7 Rapid Reviews\b", demo_page, re.I)
    assert "Ben was published in March 2022" in demo_page
