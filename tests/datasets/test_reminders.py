import datetime as dt

import pytest

from cscp.roles import Role
from datasets import services
from datasets.models import ReminderSent, Return
from datasets.services import reminder_kind
from tests.datasets.factories import ReturnFactory
from tests.factories import ReportingYearFactory, UserFactory

pytestmark = pytest.mark.django_db

# 2021-22 Q1 ends Wed 30 June 2021; 20 working days later is Wed 28 July 2021.
DUE = dt.date(2021, 7, 28)


def test_due_date_is_working_days_after_the_quarter(year):
    assert Return(year=year, quarter=1).due_date == DUE


def test_due_date_is_configurable(year, settings):
    settings.DATASETS_RETURN_DUE_WORKING_DAYS = 5
    assert Return(year=year, quarter=1).due_date == dt.date(2021, 7, 7)


def test_reminder_kind():
    assert reminder_kind(DUE, dt.date(2021, 7, 20)) is None  # 6 working days before
    assert reminder_kind(DUE, dt.date(2021, 7, 21)) == "due_soon"  # 5 working days before
    assert reminder_kind(DUE, DUE) == "due_soon"
    assert reminder_kind(DUE, dt.date(2021, 7, 29)) == "overdue"


@pytest.fixture
def people(role_groups, lead_agency, other_agency, indicators):
    lead = UserFactory(username="rem-lead", roles=[Role.AGENCY_LEAD], lead_for=[lead_agency])
    police = UserFactory(username="rem-police", roles=[Role.AGENCY_LEAD], lead_for=[other_agency])
    support = UserFactory(username="rem-support", roles=[Role.BUSINESS_SUPPORT])
    return lead, police, support


def test_reminders_go_once_a_day_to_the_agencys_leads(
    people, year, django_capture_on_commit_callbacks, mailoutbox
):
    lead, police, support = people
    with django_capture_on_commit_callbacks(execute=True):
        assert services.return_reminders_send(today=dt.date(2021, 7, 22)) == 1
    assert [m.to for m in mailoutbox] == [[lead.email]]
    assert "Due soon" in mailoutbox[0].subject and "28 July 2021" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.return_reminders_send(today=dt.date(2021, 7, 22)) == 0
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reminders_send(today=dt.date(2021, 7, 29))
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject.startswith("Overdue")
    assert ReminderSent.objects.count() == 2


def test_last_years_outstanding_returns_are_overdue(
    people, year, django_capture_on_commit_callbacks, mailoutbox
):
    ReportingYearFactory(start_year=2020)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.return_reminders_send(today=dt.date(2021, 7, 1)) == 4
    assert all(m.subject.startswith("Overdue") for m in mailoutbox)


def test_no_reminder_for_submitted_or_accepted_returns(
    people, year, lead_agency, django_capture_on_commit_callbacks, mailoutbox
):
    ReturnFactory(agency=lead_agency, year=year, quarter=1, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reminders_send(today=dt.date(2021, 7, 29))
    assert mailoutbox == []


def test_queried_returns_are_chased(
    people, year, lead_agency, django_capture_on_commit_callbacks, mailoutbox
):
    ReturnFactory(agency=lead_agency, year=year, quarter=1, status="queried")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reminders_send(today=dt.date(2021, 7, 29))
    assert len(mailoutbox) == 1


def test_beat_task_runs_the_service(people, year, mailoutbox):
    from datasets.tasks import send_return_reminders

    assert send_return_reminders.delay().get() >= 0


def test_beat_schedule_has_the_reminder_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "datasets.tasks.send_return_reminders" in tasks
