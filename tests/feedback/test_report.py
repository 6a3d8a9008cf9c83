"""The report contribution on the seed's demo data, its query count, and its templates."""

import json

import pytest
from django.template.loader import render_to_string

from cscp.models import ReportingYear
from feedback.report import contribution
from tests.feedback.factories import (
    ApprovedFeedbackFactory,
    CaseStudyFactory,
    SurveyAnswerFactory,
    YouSaidWeDidFactory,
)

# The shared demo (tests/conftest.py demo_for_module): the module on one worker, in file order.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(f"demo:{__name__}")]


@pytest.fixture
def demo(demo):
    return ReportingYear.objects.get(start_year=2021)


def test_contribution_takes_a_constant_number_of_queries(year, django_assert_max_num_queries):
    def grow():
        ApprovedFeedbackFactory()
        CaseStudyFactory(status="approved")
        YouSaidWeDidFactory()
        SurveyAnswerFactory(count=3)

    grow()
    with django_assert_max_num_queries(12) as small:
        contribution(year)
    for _ in range(5):
        grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = contribution(year)
    assert len(data["quotes"]) == 6


def test_demo_contribution_reproduces_part_5(demo):
    data = contribution(demo)
    json.dumps(data)  # plain JSON-serialisable data
    assert data["has_records"] is True
    assert [q["attribution"] for q in data["quotes"]] == [
        "Parent feedback re. keyworker, September 2021",
        "Parent feedback re. EH Social Worker, August 2021",
        "Parent feedback re. keyworker, June 2021",
    ]
    assert data["quotes"][0]["text"].startswith("As a parent you only ever want the best")
    [study] = data["case_studies"]
    assert "CAMHS/CSC worked together" in study["what_happened"]
    assert [a["by"] for a in data["you_said_we_did"]] == ["Mental Health Priority Group", "YOS"]
    assert "Disproportionality Dashboard" in data["you_said_we_did"][1]["we_did"]
    assert data["checks"] == [
        {
            "label": "Feedback from children and families is present for 2021-22",
            "ok": True,
            "fix_url": "/admin/feedback/feedbackitem/",
        }
    ]


def test_demo_surveys_give_the_seed_percentages(demo):
    surveys = {s["title"]: s for s in contribution(demo)["surveys"]}
    ethnicity = surveys["Ethnicity data capture survey"]["questions"][0]["answers"]
    assert [a["percentage"] for a in ethnicity][:2] == [56, 33]
    bias = surveys["Unconscious bias training survey"]["questions"][0]["answers"]
    assert bias[0]["percentage"] == 55


def test_demo_report_templates_render(demo):
    data = contribution(demo)
    voice = render_to_string(
        "feedback/report/voice.html", {"data": data, "public": True, "year_label": "2021-22"}
    )
    assert "(Parent feedback re. keyworker, September 2021)" in voice
    assert "Disproportionality Dashboard" in voice
    assert "CAMHS/CSC worked together" in voice
    assert "<h2" not in voice and "<h3" in voice
    # 3 items of feedback: not a count of children or people, printed as the real report did.
    assert "recorded 3 items of feedback" in voice
    internal = render_to_string(
        "feedback/report/voice.html", {"data": data, "public": False, "year_label": "2021-22"}
    )
    assert "recorded 3 items of feedback" in internal

    surveys = render_to_string(
        "feedback/report/surveys.html", {"data": data, "public": True, "year_label": "2021-22"}
    )
    assert "56%" in surveys and "33%" in surveys and "55%" in surveys
    assert "Our quarterly report now has a section on ethnicity." in surveys
    assert "respondents said:" in surveys
    assert "<h2" not in surveys


def test_a_year_without_records_says_so(demo):
    empty = ReportingYear.objects.get(start_year=2020)
    data = contribution(empty)
    assert data["has_records"] is False
    assert data["checks"][0]["ok"] is False
    for name in ("voice", "surveys"):
        html = render_to_string(
            f"feedback/report/{name}.html", {"data": data, "public": True, "year_label": "2020-21"}
        )
        assert "No records for this year." in html
