"""Fenmoor: a fictional partnership (not the demo) for the role journeys of issue 16. Built from
the factories on today's date: last year and this year, three agencies returning figures, a
queried return waiting for the police lead, late returns to chase, accepted figures that moved,
an overdue review action and rapid review clock, a course with places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cscp.models import ReportingYear
from cscp.partnership.models import Partnership
from cscp.roles import Role, sync_role_groups
from datasets.models import Indicator, Return
from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory

PASSWORD = "fenmoor-journeys-2026"


def build() -> dict:
    from tests.datasets.factories import (
        ComparatorFactory,
        IndicatorFactory,
        PopulationFactory,
        ReturnFactory,
        ReturnValueFactory,
    )
    from tests.reviews.factories import ActionFactory, RapidReviewFactory
    from tests.training.factories import CourseFactory, SessionFactory

    sync_role_groups()
    Partnership.objects.create(
        name="Fenmoor Safeguarding Children Partnership",
        short_name="FSCP",
        contact_phone="01632 960 123",
        children_services_phone="01632 960 456",
        out_of_hours_phone="01632 960 789",
    )
    today = timezone.localdate()
    current = ReportingYear.current()
    last = ReportingYearFactory(start_year=current.start_year - 1)
    before = ReportingYearFactory(start_year=current.start_year - 2)
    for year in (before, last, current):
        PopulationFactory(year=year, under_18=48210)
    police = AgencyFactory(name="Fenmoor Constabulary", short_name="Police", kind="police")
    health = AgencyFactory(name="Fenmoor Health Board", short_name="Health", kind="health")
    social = AgencyFactory(name="Fenmoor Children's Services", short_name="Children's Services")
    referrals = IndicatorFactory(
        code="FM_REFERRALS",
        name="Referrals to children's social care",
        owner=social,
        basis=Indicator.Basis.IN_QUARTER,
        note="Every referral received in the quarter, whoever made it",
    )
    IndicatorFactory(
        code="FM_REFERRAL_RATE",
        name="Rate of referrals per 10,000 under-18s",
        owner=social,
        unit=Indicator.Unit.RATE,
        basis=Indicator.Basis.IN_QUARTER,
        rate_source=Indicator.RateSource.DERIVED,
        numerator=referrals,
        polarity=Indicator.Polarity.NEITHER,
    )
    missing = IndicatorFactory(
        code="FM_MISSING",
        name="Children reported missing",
        owner=police,
        basis=Indicator.Basis.IN_QUARTER,
        polarity=Indicator.Polarity.LOWER_BETTER,
        note="Each child once a quarter, however often they went missing",
    )
    IndicatorFactory(code="FM_VISITS", name="Health visits to children on a plan", owner=health)
    # Accepted figures of both years: the executive's movers.
    for quarter, (was, now) in enumerate(((1210, 1480), (1302, 1650)), start=1):
        for year, value in ((last, was), (current, now)):
            ret = ReturnFactory(
                agency=social, year=year, quarter=quarter, status=Return.Status.ACCEPTED
            )
            ReturnValueFactory(ret=ret, indicator=referrals, value=Decimal(value))
        for year, value in ((last, 96), (current, 71)):
            ret = ReturnFactory(
                agency=police, year=year, quarter=quarter, status=Return.Status.ACCEPTED
            )
            ReturnValueFactory(ret=ret, indicator=missing, value=Decimal(value))
    rate = Indicator.objects.get(code="FM_REFERRAL_RATE")
    ComparatorFactory(
        indicator=rate,
        year=last,
        statistical_neighbours=Decimal("120.4"),
        london=Decimal("131.0"),
        england=Decimal("125.2"),
    )
    # The police lead's queried return (last year's Q3), to answer on the form.
    queried = ReturnFactory(
        agency=police,
        year=last,
        quarter=3,
        status=Return.Status.QUERIED,
        query_comment="Q3 missing children looks low against Q2: please check and resubmit.",
    )
    ActionFactory(
        owner_agency=police,
        description="Fenmoor: train custody staff on the missing-children protocol",
        due_on=today - dt.timedelta(days=40),
    )
    ActionFactory(
        owner_agency=social,
        description="Fenmoor: audit strategy discussions held out of hours",
        due_on=today + dt.timedelta(days=60),
    )
    RapidReviewFactory(reference="RR-FEN-001", la_aware_on=today - dt.timedelta(days=30))
    course = CourseFactory(title="Fenmoor: recognising exploitation")
    SessionFactory(course=course, capacity=12)
    users = {
        "support": UserFactory(username="fen-support", roles=[Role.BUSINESS_SUPPORT]),
        "lead": UserFactory(
            username="fen-lead",
            email="fen-lead@example.org",
            roles=[Role.AGENCY_LEAD],
            lead_for=[police],
        ),
        "social-lead": UserFactory(
            username="fen-social-lead",
            roles=[Role.AGENCY_LEAD],
            lead_for=[social],
        ),
        "health-lead": UserFactory(
            username="fen-health-lead",
            roles=[Role.AGENCY_LEAD],
            lead_for=[health],
        ),
        "executive": UserFactory(username="fen-executive", roles=[Role.EXECUTIVE]),
        "scrutineer": UserFactory(username="fen-scrutineer", roles=[Role.SCRUTINEER]),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return {
        "today": today,
        "current": current,
        "last": last,
        "police": police,
        "health": health,
        "social": social,
        "queried": queried,
        "course": course,
        "users": users,
    }
