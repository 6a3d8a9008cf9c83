import datetime as dt

import factory

from cscp.models import Theme
from reviews.models import (
    Action,
    Audit,
    Cohort,
    Inspection,
    PracticeReview,
    RapidReview,
    Recommendation,
    ReviewTheme,
)
from tests.factories import AgencyFactory, ReportingYearFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-").replace("/", ""))


class RapidReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RapidReview

    reference = factory.Sequence(lambda n: f"RR-T-{n:03d}")
    la_aware_on = dt.date(2021, 6, 1)
    year = factory.LazyAttribute(
        lambda o: ReportingYearFactory(start_year=o.la_aware_on.year - (o.la_aware_on.month < 4))
    )
    incident_type = RapidReview.IncidentType.SERIOUS_HARM
    harm_categories = factory.LazyFunction(lambda: ["neglect"])


class PracticeReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeReview

    title = factory.Sequence(lambda n: f"Child {n}")
    kind = PracticeReview.Kind.LOCAL
    decision_on = dt.date(2021, 5, 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    practice_review = factory.SubFactory(PracticeReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Agencies should share information promptly."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    due_on = dt.date(2030, 1, 31)


class ReviewThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewTheme

    theme = factory.SubFactory(ThemeFactory)
    cohort = Cohort.CHILDREN


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    year = factory.SubFactory(ReportingYearFactory)
    topic = factory.Sequence(lambda n: f"Audit {n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    title = factory.Sequence(lambda n: f"Inspection {n}")
    inspectorate = "Ofsted"
    inspected_on = dt.date(2021, 7, 1)
