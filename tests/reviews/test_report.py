"""The reviews' part of the annual report, checked against the seed report's numbers."""

import json

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cscp.models import ReportingYear
from reviews.report import contribution

from .factories import (
    ActionFactory,
    AuditFactory,
    InspectionFactory,
    PracticeReviewFactory,
    RapidReviewFactory,
    ReviewThemeFactory,
)

pytestmark = pytest.mark.django_db

REPORT_TEMPLATES = [
    "reviews/report/practice_reviews.html",
    "reviews/report/inspections.html",
    "reviews/report/audits.html",
    "reviews/report/learning.html",
]


@pytest.fixture
def data_2021(demo):
    return contribution(ReportingYear.objects.get(start_year=2021))


def test_the_seed_reports_practice_review_numbers(data_2021):
    rr = data_2021["rapid_reviews"]
    assert rr["count"] == 7
    assert rr["previous_count"] == 3
    assert rr["to_thematic"] == 3
    assert rr["taken_forward"] == 3
    spr = data_2021["practice_reviews"]
    assert spr["completed"] == 5
    assert [(p["title"], p["published_on"][:7]) for p in spr["published"]] == [
        ("Ben", "2022-03"),
        ("Carl & Max", "2022-03"),
    ]
    assert len(spr["not_published"]) == 1
    assert "anonymity" in spr["not_published"][0]["reason"]
    assert sorted(p["reason"] for p in spr["pending"]) == [
        "Coroner's inquest",
        "Criminal proceedings",
    ]
    (thematic,) = spr["in_progress"]
    assert thematic["kind"] == "Thematic review"
    assert thematic["rapid_reviews"] == 3
    assert thematic["expected_completion_on"].startswith("2022-11")


def test_the_seed_reports_key_themes_audits_and_inspections(data_2021):
    assert data_2021["key_themes"] == [
        "Importance of fathers/male carers",
        "Professional curiosity",
        "Information sharing",
        "Safeguarding supervision",
        "Extra-familial harm",
    ]
    audits = data_2021["audits"]
    assert (audits["target"], audits["done"], audits["met"]) == (3, 2, False)
    assert [a["topic"] for a in audits["items"]] == ["Domestic Violence", "Neglect"]
    neglect = audits["items"][1]
    assert "Schools were particularly identified" in neglect["strengths"]
    assert "focus too much on\nthe adult" not in neglect["areas_for_improvement"]
    assert "Interventions tend to focus too much on the adult" in neglect["areas_for_improvement"]
    inspections = data_2021["inspections"]
    assert [(i["title"], i["inspected_on"][:7]) for i in inspections] == [
        ("Ofsted focused visit – the front door", "2021-07"),
        ("Local Area SEND inspection", "2021-10"),
    ]
    assert "single point of contact (SPOC)" in inspections[0]["findings"][0]
    assert "coherent and ambitious SEND strategy" in inspections[1]["findings"][0]


def test_the_previous_year_has_three_rapid_reviews_and_one_published_review(demo):
    data = contribution(ReportingYear.objects.get(start_year=2020))
    assert data["rapid_reviews"]["count"] == 3
    assert data["practice_reviews"]["completed"] == 1
    assert len(data["practice_reviews"]["published"]) == 1


def test_recurring_themes_are_flagged(data_2021):
    rows = {r["theme"]: r for r in data_2021["theme_tracker"]["rows"]}
    assert rows["Professional curiosity"]["recurring"]
    assert not rows["Extra-familial harm"]["recurring"]  # new in 2021-22
    assert rows["Extra-familial harm"]["counts"] == [0, 0, 5]  # all adolescents
    assert "Professional curiosity" in data_2021["recurring_themes"]


def test_contribution_is_plain_json_with_checks(data_2021):
    assert json.loads(json.dumps(data_2021)) == data_2021
    assert data_2021["has_records"] is True
    labels = {c["label"]: c["ok"] for c in data_2021["checks"]}
    assert labels["Review actions are recorded for the year"] is True
    assert labels["Rapid reviews are recorded for the year"] is True
    assert all({"label", "ok", "fix_url"} <= set(c) for c in data_2021["checks"])


def test_an_empty_year_says_so_honestly(db):
    year = ReportingYear.objects.create(start_year=2030)
    data = contribution(year)
    assert data["has_records"] is False
    labels = {c["label"]: c["ok"] for c in data["checks"]}
    assert labels["Review actions are recorded for the year"] is False
    for name in REPORT_TEMPLATES:
        html = render_to_string(name, {"data": data, "public": True, "year_label": "2030-31"})
        assert "No records for this year." in html, name


def test_report_templates_render_and_suppress_small_counts_in_public(data_2021):
    for public in (False, True):
        html = "".join(
            render_to_string(name, {"data": data_2021, "public": public, "year_label": "2021-22"})
            for name in REPORT_TEMPLATES
        )
        assert "<h3" in html and "<h2" not in html
        assert "Ben was published in March 2022 following the conclusion of the criminal" in html
        assert "Carl &amp; Max was also published in March 2022." in html
        # The year's briefings (with what came of them) and what rapid-review learning fed.
        assert "“Myth of Invisible Men” report on children under one injured" in html
        assert "to empower potential victims of domestic abuse to make one." in html
        assert "influencing the Suicide &amp; Self harm Strategy refresh" in html
        assert "The CSCP has been routinely engaged with MASH meetings" in html
        assert "pending the outcome of criminal proceedings or coroner" in html
        assert "Professionals are contributing to decision making" in html
        assert "Contacts and referrals for children in need" in html
        assert "Professional curiosity" in html
    private = render_to_string(
        REPORT_TEMPLATES[0], {"data": data_2021, "public": False, "year_label": "2021-22"}
    )
    public = render_to_string(
        REPORT_TEMPLATES[0], {"data": data_2021, "public": True, "year_label": "2021-22"}
    )
    assert "we completed 7 Rapid Reviews" in private and "we completed 7 Rapid Reviews" in public
    previous = "In 2020-21 we had 3 Rapid Reviews and published/completed 1 case."
    assert previous in private
    # Counts of reviews are not counts of children or people: printed, as the real report did.
    assert previous in public


def _grow(year, n, offset=0):
    for i in range(offset, offset + n):
        review = RapidReviewFactory(
            decision="none", meeting_on="2021-06-10", decision_rationale="x"
        )
        ReviewThemeFactory(rapid_review=review)
        spr = PracticeReviewFactory(completed_on="2021-12-01")
        spr.rapid_reviews.add(review)
        ReviewThemeFactory(practice_review=spr)
        ActionFactory(due_on="2021-12-01")
        AuditFactory(year=year)
        InspectionFactory(title=f"Grown inspection {i}")


def test_contribution_takes_a_constant_number_of_queries(year):
    _grow(year, 2)
    with CaptureQueriesContext(connection) as small:
        contribution(year)
    _grow(year, 6, offset=2)
    with CaptureQueriesContext(connection) as large:
        data = contribution(year)
    assert data["rapid_reviews"]["count"] == 8
    assert len(large) == len(small) == 1  # one query for the whole contribution
