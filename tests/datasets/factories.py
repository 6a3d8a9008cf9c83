import factory

from datasets.models import Comparator, Indicator, Population, Return, ReturnValue
from tests.factories import AgencyFactory, ReportingYearFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND_{n}")
    name = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    unit = Indicator.Unit.COUNT
    basis = Indicator.Basis.PERIOD_END
    owner = factory.SubFactory(AgencyFactory)


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population
        django_get_or_create = ("year",)

    year = factory.SubFactory(ReportingYearFactory)
    under_18 = 95309


class ComparatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparator

    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.SubFactory(ReportingYearFactory)


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Return
        django_get_or_create = ("agency", "year", "quarter")

    agency = factory.SubFactory(AgencyFactory)
    year = factory.SubFactory(ReportingYearFactory)
    quarter = 1
    status = Return.Status.DRAFT


class ReturnValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnValue

    ret = factory.SubFactory(ReturnFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 10
