"""Reads that pages and the report share. Every function runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch

from cscp.models import label_for_start_year

from .models import FeedbackItem, Survey, SurveyAnswer, SurveyComment, SurveyQuestion

SENTIMENT_COLUMNS = [
    *FeedbackItem.Sentiment.choices,
    ("", "Not assessed"),
]


def approved_feedback():
    """Feedback that may be shown beyond business support: approved AND consented."""
    return FeedbackItem.objects.publishable()


def _sentiment_table(rows: dict[str, dict[str, int]], order: list[str]) -> list[dict]:
    table = []
    for key in order:
        counts = rows[key]
        cells = [counts.get(value, 0) for value, _ in SENTIMENT_COLUMNS]
        table.append({"label": key, "counts": cells, "total": sum(cells)})
    return table


def counts_by_year(queryset) -> list[dict]:
    """Approved feedback counted by reporting year and sentiment (one query)."""
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    data = (
        queryset.with_start_year()
        .order_by()
        .values("start_year", "sentiment")
        .annotate(n=Count("pk"))
    )
    for row in data:
        rows[label_for_start_year(row["start_year"])][row["sentiment"]] = row["n"]
    return _sentiment_table(rows, sorted(rows, reverse=True))


def counts_by_service(queryset) -> list[dict]:
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    data = (
        queryset.order_by()
        .values("agency__short_name", "agency__name", "service", "sentiment")
        .annotate(n=Count("pk"))
    )
    for row in data:
        agency = row["agency__short_name"] or row["agency__name"] or ""
        service = row["service"] or ""
        label = " – ".join(p for p in (agency, service) if p) or "Not stated"
        rows[label][row["sentiment"]] = rows[label].get(row["sentiment"], 0) + row["n"]
    return _sentiment_table(rows, sorted(rows))


def counts_by_theme(queryset) -> list[dict]:
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    data = queryset.order_by().values("themes__name", "sentiment").annotate(n=Count("pk"))
    for row in data:
        label = row["themes__name"] or "No theme"
        rows[label][row["sentiment"]] = row["n"]
    return _sentiment_table(rows, sorted(rows))


def surveys_with_results(queryset=None) -> list[dict]:
    """Surveys, their questions, answers with percentages and comments (four queries)."""
    queryset = Survey.objects.all() if queryset is None else queryset
    surveys = queryset.order_by("conducted_on", "title").prefetch_related(
        Prefetch(
            "questions",
            queryset=SurveyQuestion.objects.order_by("number", "pk").prefetch_related(
                Prefetch("answers", queryset=SurveyAnswer.objects.order_by("order", "pk")),
                Prefetch("comments", queryset=SurveyComment.objects.order_by("order", "pk")),
            ),
        )
    )
    return [
        {
            "title": s.title,
            "conducted_on": s.conducted_on.isoformat(),
            "month": f"{s.conducted_on:%B %Y}",
            "audience": s.audience,
            "respondents_are_people": s.respondents_are_people,
            "purpose": s.purpose,
            "questions": [
                {
                    "number": q.number,
                    "text": q.text,
                    "respondents": q.total(),
                    "answers": q.results(),
                    "comments": [c.text for c in q.comments.all()],
                }
                for q in s.questions.all()
            ],
        }
        for s in surveys
    ]
