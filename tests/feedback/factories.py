import datetime as dt

import factory

from feedback.models import (
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


class FeedbackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackItem
        skip_postgeneration_save = True

    received_on = dt.date(2021, 9, 15)
    source = FeedbackItem.Source.PARENT_CARER
    service = "keyworker"
    channel = FeedbackItem.Channel.KEYWORKER
    text = factory.Sequence(lambda n: f"Our keyworker listened to us ({n}).")
    consent = Consent.YES
    sentiment = FeedbackItem.Sentiment.POSITIVE
    status = Status.RECEIVED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)


class ApprovedFeedbackFactory(FeedbackItemFactory):
    status = Status.APPROVED


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Working together {n}")
    recorded_on = dt.date(2021, 11, 1)
    what_happened = "A family was referred and services worked together."
    outcome = "The family felt supported."
    consent = Consent.YES
    status = Status.RECEIVED


class YouSaidWeDidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouSaidWeDid

    acted_on = dt.date(2021, 12, 1)
    by = "YOS"
    you_said = "Data showed disproportionality."
    we_did = "We introduced a dashboard."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Survey {n}")
    conducted_on = dt.date(2022, 1, 31)
    audience = "Partner agencies"


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "How confident are you?"


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    question = factory.SubFactory(SurveyQuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Answer {n}")
    count = 1


class SurveyCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyComment

    question = factory.SubFactory(SurveyQuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "Our quarterly report now has a section on ethnicity."
