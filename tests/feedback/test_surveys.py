import pytest

from feedback.selectors import surveys_with_results
from tests.feedback.factories import (
    SurveyAnswerFactory,
    SurveyCommentFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_percentages_of_the_answers_total():
    question = SurveyQuestionFactory()
    for label, count in [("Confident", 10), ("Mostly", 6), ("Unable to comment", 2)]:
        SurveyAnswerFactory(question=question, label=label, count=count)
    assert question.total() == 18
    assert [(r["label"], r["percentage"]) for r in question.results()] == [
        ("Confident", 56),
        ("Mostly", 33),
        ("Unable to comment", 11),
    ]


def test_stated_respondents_are_the_base_when_several_answers_could_be_chosen():
    question = SurveyQuestionFactory(respondents=20)
    SurveyAnswerFactory(question=question, label="Yes", count=11)
    SurveyAnswerFactory(question=question, label="Also yes", count=15)
    assert [r["percentage"] for r in question.results()] == [55, 75]


def test_a_question_without_answers_has_no_percentage():
    question = SurveyQuestionFactory()
    SurveyAnswerFactory(question=question, label="Yes", count=0)
    assert question.results() == [{"label": "Yes", "count": 0, "percentage": None}]


def test_results_take_a_constant_number_of_queries(django_assert_max_num_queries):
    for _ in range(4):
        question = SurveyQuestionFactory()
        for _ in range(3):
            SurveyAnswerFactory(question=question, count=2)
            SurveyCommentFactory(question=question)
    with django_assert_max_num_queries(4):
        surveys = surveys_with_results()
    assert len(surveys) == 4
    assert surveys[0]["questions"][0]["answers"][0]["percentage"] == 33
    assert len(surveys[0]["questions"][0]["comments"]) == 3
