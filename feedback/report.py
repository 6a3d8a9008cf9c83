"""Part 5 of the annual report ("What children & families say") and the survey results quoted in
Part 2 ("Impact from data examination").

Only feedback that is approved for publication AND consented reaches the report, whatever its
status says: the queryset filters on both and every item is checked again in Python before its
words are used; where consent was "yes if anonymised" only the anonymised text is used.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef
from django.urls import reverse

from cscp.formatting import percentage
from cscp.models import ReportingYear
from cscp.queries import count, json_rows, one_query

from .models import (
    CaseStudy,
    FeedbackItem,
    Status,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    YouSaidWeDid,
)


def _with_themes(queryset):
    """Each row with its themes' names as a JSON column (`theme_rows`), not a prefetch."""
    through = queryset.model.themes.through
    link = {queryset.model._meta.model_name: OuterRef("pk")}
    return queryset.annotate(
        theme_rows=json_rows(through.objects.filter(**link), name="theme__name")
    )


def _themes(obj) -> list[str]:
    return sorted(row["name"] for row in obj.theme_rows or [])


def quotes(year: ReportingYear) -> list[dict]:
    items = (
        _with_themes(FeedbackItem.objects.publishable().in_year(year))
        .select_related("agency")
        .order_by("-received_on", "pk")
    )
    result = []
    for item in items:
        texts = item.publishable_texts()
        if texts is None:  # belt and braces: the queryset already excludes these
            continue
        result.append(
            {
                "text": texts["text"],
                "attribution": item.attribution(),
                "source": item.get_source_display(),
                "service": item.service,
                "agency": item.agency.short_name if item.agency else "",
                "channel": item.get_channel_display(),
                "received_on": item.received_on.isoformat(),
                "sentiment": item.sentiment,
                "themes": _themes(item),
            }
        )
    return result


def case_studies(year: ReportingYear) -> list[dict]:
    studies = (
        _with_themes(CaseStudy.objects.publishable().in_year(year))
        .select_related("agency")
        .order_by("recorded_on", "pk")
    )
    result = []
    for study in studies:
        texts = study.publishable_texts()
        if texts is None:
            continue
        result.append(
            {
                "title": study.title,
                "agency": study.agency.short_name if study.agency else "",
                "service": study.service,
                "recorded_on": study.recorded_on.isoformat(),
                "what_happened": texts["what_happened"],
                "outcome": texts["outcome"],
                "themes": _themes(study),
            }
        )
    return result


def reads(year: ReportingYear) -> dict:
    """What the contribution reads besides the quotes and case studies (model instances, each
    checked again before its words are used), as expressions of one query (cscp.queries):
    you said / we did, the year's surveys with their questions, answers and comments, and the
    counts of feedback."""
    actions = YouSaidWeDid.objects.in_year(year)
    surveys = Survey.objects.in_year(year)
    questions = SurveyQuestion.objects.filter(survey__in=surveys)
    items = FeedbackItem.objects.in_year(year)
    return {
        "actions": json_rows(
            actions,
            id="pk",
            acted_on="acted_on",
            by="by",
            agency_short_name="agency__short_name",
            agency_name="agency__name",
            you_said="you_said",
            we_did="we_did",
            feedback_count=count(
                YouSaidWeDid.feedback_items.through.objects.filter(yousaidwedid=OuterRef("pk"))
            ),
        ),
        "action_themes": json_rows(
            YouSaidWeDid.themes.through.objects.filter(yousaidwedid__in=actions),
            action="yousaidwedid_id",
            name="theme__name",
        ),
        "surveys": json_rows(
            surveys,
            id="pk",
            title="title",
            conducted_on="conducted_on",
            audience="audience",
            respondents_are_people="respondents_are_people",
            purpose="purpose",
        ),
        "questions": json_rows(
            questions,
            id="pk",
            survey="survey_id",
            number="number",
            text="text",
            respondents="respondents",
        ),
        "answers": json_rows(
            SurveyAnswer.objects.filter(question__in=questions),
            id="pk",
            question="question_id",
            order="order",
            label="label",
            count="count",
        ),
        "comments": json_rows(
            SurveyComment.objects.filter(question__in=questions),
            id="pk",
            question="question_id",
            order="order",
            text="text",
        ),
        "received": count(items),
        "published": count(FeedbackItem.objects.publishable().in_year(year)),
        "awaiting_moderation": count(items.filter(status__in=[Status.RECEIVED, Status.REVIEWED])),
        **{
            sentiment: count(items.filter(sentiment=sentiment))
            for sentiment in ("positive", "mixed", "negative")
        },
    }


def actions(read: dict) -> list[dict]:
    themes: dict[int, list[str]] = {}
    for row in read["action_themes"]:
        themes.setdefault(row["action"], []).append(row["name"])
    return [
        {
            # As YouSaidWeDid.who: who acted, else the agency, else the partnership.
            "by": row["by"] or row["agency_short_name"] or row["agency_name"] or "The partnership",
            "acted_on": row["acted_on"],
            "you_said": row["you_said"],
            "we_did": row["we_did"],
            "themes": sorted(themes.get(row["id"], [])),
            "feedback_count": row["feedback_count"],
        }
        for row in sorted(read["actions"], key=lambda r: (r["acted_on"], r["id"]))
    ]


def surveys(read: dict) -> list[dict]:
    """As selectors.surveys_with_results, from the rows of the one query."""

    def by(rows, key):
        grouped: dict[int, list[dict]] = {}
        for row in sorted(rows, key=lambda r: (r.get("order", r.get("number")), r["id"])):
            grouped.setdefault(row[key], []).append(row)
        return grouped

    questions, answers, comments = (
        by(read["questions"], "survey"),
        by(read["answers"], "question"),
        by(read["comments"], "question"),
    )
    result = []
    for s in sorted(read["surveys"], key=lambda s: (s["conducted_on"], s["title"])):
        conducted_on = dt.date.fromisoformat(s["conducted_on"])
        rows = []
        for q in questions.get(s["id"], []):
            given = answers.get(q["id"], [])
            question = SurveyQuestion(respondents=q["respondents"])
            total = question.total(SurveyAnswer(count=a["count"]) for a in given)
            rows.append(
                {
                    "number": q["number"],
                    "text": q["text"],
                    "respondents": total,
                    "answers": [
                        {
                            "label": a["label"],
                            "count": a["count"],
                            "percentage": percentage(a["count"], total),
                        }
                        for a in given
                    ],
                    "comments": [c["text"] for c in comments.get(q["id"], [])],
                }
            )
        result.append(
            {
                "title": s["title"],
                "conducted_on": s["conducted_on"],
                "month": f"{conducted_on:%B %Y}",
                "audience": s["audience"],
                "respondents_are_people": bool(s["respondents_are_people"]),
                "purpose": s["purpose"],
                "questions": rows,
            }
        )
    return result


COUNTS = ("received", "published", "awaiting_moderation", "positive", "mixed", "negative")


def contribution(year: ReportingYear) -> dict:
    read = one_query(year, **reads(year))
    data: dict = {
        "year": year.label,
        "quotes": quotes(year),
        "case_studies": case_studies(year),
        "you_said_we_did": actions(read),
        "surveys": surveys(read),
        "feedback_counts": {name: read[name] for name in COUNTS},
    }
    voice_present = bool(data["quotes"] or data["case_studies"])
    data["has_records"] = bool(voice_present or data["you_said_we_did"] or data["surveys"])
    data["checks"] = [
        {
            "label": f"Feedback from children and families is present for {year.label}",
            "ok": voice_present,
            "fix_url": reverse("admin:feedback_feedbackitem_changelist"),
        }
    ]
    return data


def public(data: dict) -> dict:
    """Survey results as the public sees them (cscp.disclosure): an answer given by 1 to 5
    respondents is "c", with a second answer suppressed where the total would give it away,
    and the percentage beside every suppressed count suppressed too ("c | 11 %" of 18 would
    say 2)."""
    from cscp import disclosure

    for survey in data.get("surveys", []):
        if not survey.get("respondents_are_people", True):
            continue  # each respondent answered for an organisation: nobody to identify
        for question in survey.get("questions", []):
            answers = question.get("answers", [])
            counts = disclosure.group([a["count"] for a in answers])
            respondents = disclosure.total(question.get("respondents"), counts)
            for answer, shown in zip(answers, counts, strict=True):
                answer["count"] = shown
                if disclosure.is_suppressed(shown) or disclosure.is_suppressed(respondents):
                    answer["percentage"] = disclosure.SUPPRESSED
            question["respondents"] = respondents
    return data
