"""A rule a single-line breakage once got past every test: survey answer counts of 1 to 5 are
shown as "c" on the public report (only there)."""

import re

from django.template.loader import render_to_string


def _surveys(public):
    data = {
        "surveys": [
            {
                "title": "Multi-agency practitioners",
                "audience": "Partner agencies",
                "month": "January 2022",
                "questions": [
                    {
                        "text": "How confident are you?",
                        "answers": [
                            {"label": "Confident", "count": 3, "percentage": 30},
                            {"label": "Mostly", "count": 7, "percentage": 70},
                        ],
                        "respondents": 10,
                        "comments": [],
                    }
                ],
            }
        ]
    }
    return render_to_string(
        "feedback/report/surveys.html", {"data": data, "public": public, "year_label": "2021-22"}
    )


def _count_cell(html, label):
    match = re.search(rf">{label}</th>\s*<td[^>]*>([^<]*)</td>", html)
    assert match, label
    return match.group(1).strip()


def test_small_answer_counts_are_suppressed_on_the_public_report():
    public = _surveys(public=True)
    assert _count_cell(public, "Confident") == "c"
    assert _count_cell(public, "Mostly") == "7"
    assert _count_cell(public, "All respondents") == "10"
    assert "30%" in public  # percentages are not counts: shown as they are


def test_answer_counts_are_shown_in_full_inside_the_partnership():
    internal = _surveys(public=False)
    assert _count_cell(internal, "Confident") == "3"
