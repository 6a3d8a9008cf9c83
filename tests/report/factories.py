import datetime as dt
from dataclasses import dataclass

import factory

from cscp.reporting import structure
from cscp.reporting.models import (
    AgencyAssurance,
    AnnualReport,
    AssuranceStandard,
    Contribution,
    GlossaryTerm,
    ImpactEvidence,
    NarrativeBlock,
    NextYearPriority,
    PartnerFunding,
    ReportSection,
    ScrutinyActivity,
)
from cscp.reporting.services import report_sections_ensure
from tests.factories import AgencyFactory, ReportingYearFactory


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = factory.SubFactory(ReportingYearFactory)
    title = factory.LazyAttribute(lambda o: f"Annual report {o.year.label}")

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if create and extracted is not False:
            report_sections_ensure(report=self)


def section(report, key) -> ReportSection:
    return ReportSection.objects.get(report=report, key=key)


class NarrativeBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NarrativeBlock

    body = "Some narrative."
    position = 1


@dataclass(frozen=True)
class SectionView:
    """A section of the Working Together 2018 structure (cscp.reporting.structure's plain
    data), with attribute access for tests."""

    key: str
    title: str
    part: str
    narrative_required: bool
    app_templates: tuple[tuple[str, str], ...]


SECTIONS = [
    SectionView(
        key=s["key"],
        title=s["title"],
        part=part["key"],
        narrative_required=s["needs_narrative"],
        app_templates=tuple((i["app"], i["template"]) for i in s["includes"]),
    )
    for part in structure.PARTS
    for s in part["sections"]
]


def write_required_narrative(report) -> None:
    for s in SECTIONS:
        if s.narrative_required:
            NarrativeBlockFactory(section=section(report, s.key), body=f"Narrative of {s.title}.")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    report = factory.SubFactory(AnnualReportFactory)
    name = factory.Sequence(lambda n: f"Executive {n}")
    role_title = "Executive member"
    email = factory.LazyAttribute(lambda o: f"{o.name.lower().replace(' ', '.')}@example.org")
    requested_on = dt.date(2022, 6, 1)
    due_on = dt.date(2022, 7, 15)


class ImpactEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactEvidence

    year = factory.SubFactory(ReportingYearFactory)
    agency = factory.SubFactory(AgencyFactory)
    date = dt.date(2022, 1, 10)
    title = factory.Sequence(lambda n: f"Impact {n}")
    change = "Practice changed."
    prompted_by = ImpactEvidence.Prompt.BRIEFING


class ScrutinyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrutinyActivity

    year = factory.SubFactory(ReportingYearFactory)
    date = dt.date(2022, 3, 9)
    kind = ScrutinyActivity.Kind.CONVERSATION
    with_whom = "Front-line practitioners"
    key_points = "Reflective supervision valued\nContinuity is really important"


class AgencyAssuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyAssurance

    year = factory.SubFactory(ReportingYearFactory)
    agency = factory.SubFactory(AgencyFactory)
    framework = AgencyAssurance.Framework.POLICE
    date = dt.date(2021, 11, 16)


class AssuranceStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssuranceStandard

    assurance = factory.SubFactory(AgencyAssuranceFactory)
    standard = factory.Sequence(lambda n: f"Standard {n}")
    rag = "green"


class PartnerFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerFunding

    year = factory.SubFactory(ReportingYearFactory)
    agency = factory.SubFactory(AgencyFactory)
    amount = 1000


class NextYearPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextYearPriority

    year = factory.SubFactory(ReportingYearFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    rationale = "Because."


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"TERM{n}")
    meaning = "A meaning"
