"""Part 5 of the seed report (Croydon 2021-22): three parent quotes, the CAMHS/CSC case study, the
YOS Disproportionality Dashboard and the Mental Health Priority Group's school surveys as
"you said, we did", and the two partnership surveys whose counts give the seed's percentages
(56 % / 33 % confident in ethnicity data; 55 % include unconscious bias training as mandatory).

Idempotent: records are found by natural keys and updated.
"""

from __future__ import annotations

import datetime as dt

from cscp.demo import agency
from cscp.models import Theme

from .models import (
    CaseStudy,
    Consent,
    FeedbackItem,
    Status,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    YouSaidWeDid,
)

QUOTES = [
    {
        "received_on": dt.date(2021, 9, 15),
        "service": "keyworker",
        "agency": "Early Help",
        "text": (
            "As a parent you only ever want the best for your children, and it was so comforting "
            "to know that Early Help had exactly the same view. Micela and Early Help made sure "
            "that my daughter and myself were fully supported on this journey, by displaying "
            "patience empathy and understanding"
        ),
        "anonymised_text": "",
        "consent": Consent.YES,
        "themes": ["Voice of the child"],
    },
    {
        "received_on": dt.date(2021, 8, 20),
        "service": "EH Social Worker",
        "agency": "Early Help",
        "text": (
            "When my son and I first met Vivian the risk was extremely high. However, with the "
            "help of Vivian’s plans that were acted upon, this risk was massively reduced. "
            "Everything that Vivian has promised us, she has not failed to follow through. My son "
            "is now living a happy and stable life, he is due to start his mentoring at Palace "
            "for Life next week, this again is Vivian’s doing."
        ),
        "anonymised_text": "",
        "consent": Consent.YES,
        "themes": ["Extra-familial harm"],
    },
    {
        "received_on": dt.date(2021, 6, 10),
        "service": "keyworker",
        "agency": "Early Help",
        "text": (
            "She has helped my daughter to become more confident by getting her the support she "
            "needs and in return has also given her a voice about the things that have happened "
            "to her which will eventually come in useful as she grows older so she will be able "
            "to stand up for what is right for herself making her a more confident young lady."
        ),
        "anonymised_text": "",
        "consent": Consent.YES,
        "themes": ["Voice of the child"],
    },
]

CASE_STUDY = {
    "title": "CAMHS and Children's Social Care working together",
    "recorded_on": dt.date(2021, 11, 1),
    "agency": "CAMHS",
    "service": "CAMHS / Children's Social Care",
    "what_happened": (
        "A clinician working with a family needed to refer them to SPOC. The family was very "
        "anxious about this, however the way CAMHS/CSC worked together was very supportive and "
        "continued alongside the assessment."
    ),
    "outcome": (
        "The family said they felt very supported and their fears about being blamed were "
        "unfounded. The outcome for the family was positive."
    ),
    "themes": ["Mental health", "Information sharing"],
}

ACTIONS = [
    {
        "by": "Mental Health Priority Group",
        "agency": None,
        "acted_on": dt.date(2021, 10, 1),
        "you_said": (
            "We need to know what young people think about their mental health and whether they "
            "know where to go for support."
        ),
        "we_did": (
            "We influenced some of the questions to be included in the school surveys which will "
            "be sent out in the next two years and used to gather feedback about what young "
            "people think about their mental health and whether they know where to go for "
            "support, as well as being used to inform commissioning decisions."
        ),
        "themes": ["Mental health", "Voice of the child"],
    },
    {
        "by": "YOS",
        "agency": "YOS",
        "acted_on": dt.date(2021, 12, 1),
        "you_said": (
            "Improved data capture showed the disproportionality of young black males and those "
            "with a learning disability or SEND in the youth justice system."
        ),
        "we_did": (
            "YOS introduced a Disproportionality Dashboard, which has been recognised and "
            "circulated as a good example of how to make service improvements, and embedded it "
            "into their work culture."
        ),
        "themes": ["Disproportionality"],
    },
]

# (title, conducted on, audience, purpose, [(question, [(answer, count), ...], [comment, ...])])
SURVEYS = [
    (
        "Ethnicity data capture survey",
        dt.date(2022, 1, 31),
        "Partner agencies",
        "To test the impact of the partnership's drive for correct capture of ethnicity data.",
        [
            (
                "How confident are you that your agency's data accurately reflects the ethnicity "
                "of the people using your service?",
                [
                    ("Confident in most cases that it accurately reflects it", 10),
                    ("It mostly reflects it, but could do better", 6),
                    ("Unable to comment", 2),
                ],
                [],
            ),
            (
                "What improvements have been made as a result of the CSCP drive?",
                [],
                [
                    "Our quarterly report now has a section on ethnicity. We’ve had discussions "
                    "with staff about disproportionality and how it impacts on work & what can we "
                    "do differently. Staff team are researching information on contextual "
                    "safeguarding and ethnicity",
                    "We now split out the quarterly data so that it is more meaningful in terms "
                    "of ways to change to impact on young people. It led to us doing an initial "
                    "SALT screening assessment for all young people as a matter of course.",
                ],
            ),
        ],
    ),
    (
        "Unconscious bias training survey",
        dt.date(2022, 2, 28),
        "Partner agencies",
        "To find out how widely Unconscious Bias Training is part of agencies' training.",
        [
            (
                "Does your agency include Unconscious Bias Training as mandatory training?",
                [("Yes, it is mandatory", 11), ("No", 9)],
                [],
            ),
        ],
    ),
]


# Not in the seed: one item from the public form still awaiting moderation (2022-23), so the
# moderation queue and its home panel have something to show. It never reaches a report.
WAITING = {
    "received_on": dt.date(2022, 5, 3),
    "source": FeedbackItem.Source.YOUNG_PERSON,
    "channel": FeedbackItem.Channel.PUBLIC_FORM,
    "service": "school nurse",
    "text": (
        "The school nurse listened to me and helped me talk to my mum about how I was feeling. "
        "I did not know who to ask before."
    ),
    "consent": Consent.YES_ANONYMISED,
}


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


def _load_quotes() -> None:
    for quote in QUOTES:
        item = _upsert(
            FeedbackItem,
            {
                "received_on": quote["received_on"],
                "source": FeedbackItem.Source.PARENT_CARER,
                "service": quote["service"],
                "channel": FeedbackItem.Channel.KEYWORKER,
            },
            {
                "agency": agency(quote["agency"]),
                "text": quote["text"],
                "anonymised_text": quote["anonymised_text"],
                "consent": quote["consent"],
                "sentiment": FeedbackItem.Sentiment.POSITIVE,
                "status": Status.APPROVED,
            },
        )
        item.themes.set(_themes(quote["themes"]))
    _upsert(
        FeedbackItem,
        {k: WAITING[k] for k in ("received_on", "source", "channel", "service")},
        {"text": WAITING["text"], "consent": WAITING["consent"], "status": Status.RECEIVED},
    )


def _load_case_study() -> None:
    data = CASE_STUDY
    study = _upsert(
        CaseStudy,
        {"title": data["title"], "recorded_on": data["recorded_on"]},
        {
            "agency": agency(data["agency"]),
            "service": data["service"],
            "what_happened": data["what_happened"],
            "outcome": data["outcome"],
            "consent": Consent.YES,
            "status": Status.APPROVED,
        },
    )
    study.themes.set(_themes(data["themes"]))


def _load_actions() -> None:
    for data in ACTIONS:
        action, _ = YouSaidWeDid.objects.update_or_create(
            by=data["by"],
            acted_on=data["acted_on"],
            defaults={
                "agency": agency(data["agency"]) if data["agency"] else None,
                "you_said": data["you_said"],
                "we_did": data["we_did"],
            },
        )
        action.themes.set(_themes(data["themes"]))


def _load_surveys() -> None:
    for title, conducted_on, audience, purpose, questions in SURVEYS:
        survey, _ = Survey.objects.update_or_create(
            title=title,
            conducted_on=conducted_on,
            # The seed's surveys were answered by partner agencies, not people.
            defaults={"audience": audience, "purpose": purpose, "respondents_are_people": False},
        )
        for number, (text, answers, comments) in enumerate(questions, start=1):
            question, _ = SurveyQuestion.objects.update_or_create(
                survey=survey, number=number, defaults={"text": text}
            )
            for order, (label, count) in enumerate(answers, start=1):
                SurveyAnswer.objects.update_or_create(
                    question=question, label=label, defaults={"order": order, "count": count}
                )
            for order, comment in enumerate(comments, start=1):
                SurveyComment.objects.update_or_create(
                    question=question, order=order, defaults={"text": comment}
                )


def load(stdout=None) -> None:
    _load_quotes()
    _load_case_study()
    _load_actions()
    _load_surveys()
    if stdout is not None:
        stdout.write("Feedback: Part 5 quotes, case study, you said/we did and surveys loaded.")
