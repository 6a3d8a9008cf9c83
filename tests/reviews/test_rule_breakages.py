"""Rules that single-line breakages once got past every test: the 6-month expectation of a
practice review, and that only a thematic review is named while it is under way."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

from reviews.models import PracticeReview
from reviews.report import contribution, practice_review_figures

from .factories import PracticeReviewFactory

D = dt.date


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (D(2021, 5, 10), D(2021, 11, 10)),
        (D(2021, 8, 31), D(2022, 2, 28)),  # no 31 February: the month's last day
        (D(2021, 12, 1), D(2022, 6, 1)),
    ],
)
def test_a_practice_review_is_expected_to_conclude_six_months_after_the_decision(
    decision, expected
):
    review = PracticeReview(kind=PracticeReview.Kind.LOCAL, decision_on=decision)
    assert review.expected_completion_on == expected


def test_a_revised_completion_date_replaces_the_six_months():
    review = PracticeReview(decision_on=D(2021, 5, 10), revised_completion_on=D(2022, 3, 1))
    assert review.expected_completion_on == D(2022, 3, 1)


@pytest.mark.django_db
def test_a_running_local_review_is_never_named_a_thematic_one_is(year):
    PracticeReviewFactory(
        kind=PracticeReview.Kind.LOCAL, title="Child Q family", decision_on=D(2021, 9, 1)
    )
    PracticeReviewFactory(
        kind=PracticeReview.Kind.THEMATIC, title="Adolescent neglect", decision_on=D(2021, 10, 1)
    )
    running = practice_review_figures(year)["in_progress"]
    assert [(r["kind"], r["title"]) for r in running] == [
        ("Local CSPR", None),
        ("Thematic review", "Adolescent neglect"),
    ]
    data = contribution(year)
    for public in (False, True):
        html = render_to_string(
            "reviews/report/practice_reviews.html",
            {"data": data, "public": public, "year_label": year.label},
        )
        assert "Child Q family" not in html
        assert "“Adolescent neglect”" in html
