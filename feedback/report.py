"""Part 5 of the annual report ("What children & families say") and the survey results quoted in
Part 2 ("Impact from data examination").

Only feedback that is approved for publication AND consented reaches the report, whatever its
status says: the queryset filters on both and every item is checked again in Python before its
words are used; where consent was "yes if anonymised" only the anonymised text is used.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from cscp.models import ReportingYear

from . import selectors
from .models import CaseStudy, FeedbackItem, Status, Survey, YouSaidWeDid


def _themes(obj) -> list[str]:
    return [t.name for t in obj.themes.all()]


def quotes(year: ReportingYear) -> list[dict]:
    items = (
        FeedbackItem.objects.publishable()
        .in_year(year)
        .select_related("agency")
        .prefetch_related("themes")
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
        CaseStudy.objects.publishable()
        .in_year(year)
        .select_related("agency")
        .prefetch_related("themes")
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


def actions(year: ReportingYear) -> list[dict]:
    rows = (
        YouSaidWeDid.objects.in_year(year)
        .select_related("agency")
        .prefetch_related("themes")
        .annotate(feedback_count=Count("feedback_items", distinct=True))
        .order_by("acted_on", "pk")
    )
    return [
        {
            "by": row.who,
            "acted_on": row.acted_on.isoformat(),
            "you_said": row.you_said,
            "we_did": row.we_did,
            "themes": _themes(row),
            "feedback_count": row.feedback_count,
        }
        for row in rows
    ]


def feedback_counts(year: ReportingYear) -> dict:
    """Counts of all feedback received in the year (numbers only, no words), one query."""
    return FeedbackItem.objects.in_year(year).aggregate(
        received=Count("pk"),
        published=Count(
            "pk", filter=Q(pk__in=FeedbackItem.objects.publishable().in_year(year).values("pk"))
        ),
        awaiting_moderation=Count("pk", filter=Q(status__in=[Status.RECEIVED, Status.REVIEWED])),
        positive=Count("pk", filter=Q(sentiment=FeedbackItem.Sentiment.POSITIVE)),
        mixed=Count("pk", filter=Q(sentiment=FeedbackItem.Sentiment.MIXED)),
        negative=Count("pk", filter=Q(sentiment=FeedbackItem.Sentiment.NEGATIVE)),
    )


def contribution(year: ReportingYear) -> dict:
    data: dict = {
        "year": year.label,
        "quotes": quotes(year),
        "case_studies": case_studies(year),
        "you_said_we_did": actions(year),
        "surveys": selectors.surveys_with_results(Survey.objects.in_year(year)),
        "feedback_counts": feedback_counts(year),
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
