"""Demo feedback: writes the records of `feedback/demo_data/<year>.yaml` (Part 5 of the seed
report: parents' words, the CAMHS/CSC case study, "you said, we did", and the partnership
surveys whose answers give the seed's percentages).

The content is data (decision 0001, "Demo content as data"); this module only writes it,
each record validated (the consent rules) and found by a natural key, so loading twice changes
nothing.
"""

from __future__ import annotations

from cscp import demodata
from cscp.demo import agency
from cscp.models import Theme

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

APP = "feedback"


def _themes(names: list[str]) -> list[Theme]:
    return list(Theme.objects.filter(name__in=names))


def _upsert(model, lookup: dict, values: dict):
    """update_or_create that validates (the consent rules) before saving."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _load_quotes(items: list[dict]) -> None:
    for quote in items:
        item = _upsert(
            FeedbackItem,
            {
                "received_on": quote["received_on"],
                "source": quote["from"],
                "service": quote["service"],
                "channel": quote.get("channel", FeedbackItem.Channel.KEYWORKER),
            },
            {
                "agency": agency(quote["agency"]) if quote.get("agency") else None,
                "text": quote["text"],
                "anonymised_text": quote.get("anonymised_text", ""),
                "consent": quote["consent"],
                "sentiment": quote.get("sentiment", ""),
                "status": quote.get("status", Status.APPROVED),
            },
        )
        item.themes.set(_themes(quote.get("themes", [])))


def _load_case_studies(items: list[dict]) -> None:
    for data in items:
        study = _upsert(
            CaseStudy,
            {"title": data["title"], "recorded_on": data["recorded_on"]},
            {
                "agency": agency(data["agency"]),
                "service": data["service"],
                "what_happened": data["what_happened"],
                "outcome": data["outcome"],
                "consent": data.get("consent", "yes"),
                "status": data.get("status", Status.APPROVED),
            },
        )
        study.themes.set(_themes(data.get("themes", [])))


def _load_actions(items: list[dict]) -> None:
    for data in items:
        action, _ = YouSaidWeDid.objects.update_or_create(
            by=data["by"],
            acted_on=data["acted_on"],
            defaults={
                "agency": agency(data["agency"]) if data.get("agency") else None,
                "you_said": data["you_said"],
                "we_did": data["we_did"],
            },
        )
        action.themes.set(_themes(data.get("themes", [])))


def _load_surveys(items: list[dict]) -> None:
    for data in items:
        survey, _ = Survey.objects.update_or_create(
            title=data["title"],
            conducted_on=data["conducted_on"],
            defaults={
                "audience": data["audience"],
                "purpose": data["purpose"],
                # The seed's surveys were answered by partner agencies, not people.
                "respondents_are_people": data.get("respondents_are_people", False),
            },
        )
        for number, item in enumerate(data["questions"], start=1):
            question, _ = SurveyQuestion.objects.update_or_create(
                survey=survey, number=number, defaults={"text": item["text"]}
            )
            for order, answer in enumerate(item.get("answers", []), start=1):
                SurveyAnswer.objects.update_or_create(
                    question=question,
                    label=answer["answer"],
                    defaults={"order": order, "count": answer["count"]},
                )
            for order, comment in enumerate(item.get("comments", []), start=1):
                SurveyComment.objects.update_or_create(
                    question=question, order=order, defaults={"text": comment}
                )


def load(stdout=None) -> None:
    for name in demodata.names(APP):
        data = demodata.read(APP, name)
        _load_quotes(data.get("quotes", []))
        _load_case_studies(data.get("case_studies", []))
        _load_actions(data.get("you_said_we_did", []))
        _load_surveys(data.get("surveys", []))
    if stdout is not None:
        stdout.write("Feedback: Part 5 quotes, case study, you said/we did and surveys loaded.")
