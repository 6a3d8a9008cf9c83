"""Survey results in public: no suppressed answer can be recovered from its percentage or
from the total of respondents ("c | 11 %" of 18 would say 2)."""

from cscp.disclosure import SUPPRESSED as C
from cscp.formatting import percentage
from feedback.report import public


def _data(counts):
    total = sum(counts)
    answers = [
        {"label": f"A{i}", "count": n, "percentage": percentage(n, total)}
        for i, n in enumerate(counts)
    ]
    question = {"text": "Q", "answers": answers, "respondents": total}
    return {"surveys": [{"questions": [question]}]}


def test_a_small_answer_and_the_answer_that_would_give_it_away():
    q = public(_data([2, 16]))["surveys"][0]["questions"][0]
    assert [(a["count"], a["percentage"]) for a in q["answers"]] == [(C, C), (C, C)]
    assert q["respondents"] == 18  # the total alone says nothing about either


def test_large_answers_are_shown_with_their_percentages():
    q = public(_data([10, 8]))["surveys"][0]["questions"][0]
    assert [(a["count"], a["percentage"]) for a in q["answers"]] == [(10, 56), (8, 44)]


def test_a_small_total_suppresses_every_percentage():
    q = public(_data([3, 0]))["surveys"][0]["questions"][0]
    assert q["respondents"] == C
    assert all(a["percentage"] == C for a in q["answers"])


def test_a_survey_of_organisations_is_shown_whole():
    data = _data([10, 6, 2])  # the seed's ethnicity survey of partner agencies
    data["surveys"][0]["respondents_are_people"] = False
    q = public(data)["surveys"][0]["questions"][0]
    assert [(a["count"], a["percentage"]) for a in q["answers"]] == [(10, 56), (6, 33), (2, 11)]
