#!/usr/bin/env python
"""Data for bench/load.py, and the check of its invariants afterwards.

seed_load.py LEADS PLACES PASSWORD        create agencies, leads, indicators, a session
seed_load.py --check LEADS PLACES QUARTERS  every return submitted exactly once, no overbooking
"""

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402

from cscp.models import Agency, ReportingYear, User  # noqa: E402
from cscp.roles import Role, sync_role_groups  # noqa: E402
from datasets.models import Indicator, Return, ReturnTransition  # noqa: E402
from training.models import Booking, Course, Session  # noqa: E402

YEAR = 2025


def seed(leads: int, places: int, password: str) -> None:
    sync_role_groups()
    group = Group.objects.get(name=Role.AGENCY_LEAD.label)
    year, _ = ReportingYear.objects.get_or_create(start_year=YEAR)
    agency_ids = []
    for i in range(leads):
        agency = Agency.objects.create(
            name=f"Bench agency {i}", short_name=f"B{i}", kind=Agency.Kind.OTHER
        )
        for n in range(3):
            Indicator.objects.create(
                code=f"B{i}_{n}", name=f"Bench indicator {i}.{n}", owner=agency, order=n
            )
        user = User.objects.create_user(f"lead{i}", f"lead{i}@example.org", password)
        user.groups.add(group)
        user.agencies.add(agency)
        agency_ids.append(agency.pk)
    course = Course.objects.create(title="Bench course", delivery="face_to_face")
    start = timezone.now() + dt.timedelta(days=60)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=places
    )
    (ROOT / "bench/.load_ids").write_text(" ".join(str(x) for x in [YEAR, session.pk, *agency_ids]))


def check(leads: int, places: int, quarters: int) -> int:
    problems = []
    submitted = Return.objects.filter(status=Return.Status.SUBMITTED).count()
    if submitted != leads * quarters:
        problems.append(f"{submitted} returns submitted, expected {leads * quarters}")
    doubled = [
        r.pk
        for r in Return.objects.all()
        if ReturnTransition.objects.filter(ret=r, to_status=Return.Status.SUBMITTED).count() > 1
    ]
    if doubled:
        problems.append(f"returns submitted more than once: {doubled}")
    booked = Booking.objects.filter(status=Booking.Status.BOOKED).count()
    waiting = Booking.objects.filter(status=Booking.Status.WAITING).count()
    if booked != places:
        problems.append(f"{booked} booked for {places} places")
    print(f"Check: {submitted} returns submitted once each; {booked} booked, {waiting} waiting")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        sys.exit(check(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
    seed(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
