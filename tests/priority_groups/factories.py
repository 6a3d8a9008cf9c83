import datetime as dt

import factory

from priority_groups.models import (
    Action,
    Aim,
    AimAssessment,
    Attendance,
    Cadence,
    Escalation,
    Meeting,
    MemberResponse,
    Outcome,
    PriorityGroup,
    Workstream,
)
from tests.factories import AgencyFactory, ReportingYearFactory


class PriorityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Priority group {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    chair_name = "Pat Chair"
    chair_role = "Director"
    start_date = dt.date(2021, 4, 1)
    cadence = Cadence.MONTHLY


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aim

    group = factory.SubFactory(PriorityGroupFactory)
    text = factory.Sequence(lambda n: f"Aim {n}")
    order = factory.Sequence(lambda n: n)


class AimAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AimAssessment

    aim = factory.SubFactory(AimFactory)
    year = factory.SubFactory(ReportingYearFactory)
    result = AimAssessment.Result.ACHIEVED


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    group = factory.SubFactory(PriorityGroupFactory)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    order = factory.Sequence(lambda n: n)
    intended_outcomes = "Professionals know where to go\nFamilies can escalate"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    group = factory.SubFactory(PriorityGroupFactory)
    workstream = None
    text = factory.Sequence(lambda n: f"Outcome {n}")
    date = dt.date(2021, 10, 1)
    status = Outcome.Status.ACHIEVED
    evidence = "Minutes of the October meeting"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(PriorityGroupFactory)
    date = factory.Sequence(lambda n: dt.date(2021, 4, 1) + dt.timedelta(days=n))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory)
    status = Attendance.Status.PRESENT


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    group = factory.SubFactory(PriorityGroupFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    due_date = dt.date(2022, 1, 31)


class MemberResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberResponse

    group = factory.SubFactory(PriorityGroupFactory)
    year = factory.SubFactory(ReportingYearFactory)
    question = "What are you doing differently?"
    answer = factory.Sequence(lambda n: f"Answer {n}")


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    group = factory.SubFactory(PriorityGroupFactory)
    date = dt.date(2021, 11, 1)
    issue = "Staff wellbeing"
