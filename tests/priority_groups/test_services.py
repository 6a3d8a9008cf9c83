import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cscp.concurrency import StaleEdit
from cscp.roles import Role
from priority_groups import services
from priority_groups.models import Action, Attendance, Escalation
from tests.factories import AgencyFactory, UserFactory
from tests.priority_groups.factories import (
    ActionFactory,
    AttendanceFactory,
    MeetingFactory,
    OutcomeFactory,
    PriorityGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_action_update_stamps_completion_and_clears_it_when_reopened(support_user):
    action = ActionFactory()
    services.action_update(
        action=action, by=support_user, status="done", update="Done", today=dt.date(2022, 3, 1)
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Action.Status.DONE, dt.date(2022, 3, 1))
    services.action_update(action=action, by=support_user, status="open", update="Reopened")
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Action.Status.OPEN, None)


def test_action_update_refuses_a_stale_version(support_user):
    action = ActionFactory()
    opened = action.version
    action.save()
    with pytest.raises(StaleEdit):
        services.action_update(
            action=action, by=support_user, status="done", update="", opened_version=opened
        )


def test_action_update_refuses_an_unknown_status(support_user):
    action = ActionFactory()
    with pytest.raises(ValidationError):
        services.action_update(action=action, by=support_user, status="finished", update="")


def test_record_attendance_sets_and_updates_each_agency():
    meeting = MeetingFactory()
    police, college = AgencyFactory(name="Police"), AgencyFactory(name="College")
    AttendanceFactory(meeting=meeting, agency=police, status="absent")
    services.attendance_record(meeting=meeting, statuses={police: "present", college: "apologies"})
    assert dict(
        Attendance.objects.filter(meeting=meeting).values_list("agency__name", "status")
    ) == {"Police": "present", "College": "apologies"}


@pytest.fixture
def executives(role_groups):
    return [
        UserFactory(username="exec-a", roles=[Role.EXECUTIVE]),
        UserFactory(username="exec-b", roles=[Role.EXECUTIVE]),
    ]


def test_raising_an_escalation_emails_the_executive(
    executives, support_user, django_capture_on_commit_callbacks
):
    group = PriorityGroupFactory(name="Mental Health Priority Group", slug="mhpg")
    outcome = OutcomeFactory(group=group, status="in_progress", evidence="")
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalation_raise(
            group=group,
            date=dt.date(2022, 8, 9),
            issue="Staff wellbeing/service delivery pressures",
            outcome_of=outcome,
            by=support_user,
        )
    assert escalation.history.latest().history_user == support_user
    (message,) = mail.outbox
    assert sorted(message.to) == ["exec-a@example.org", "exec-b@example.org"]
    assert "Staff wellbeing" in message.body and "/priority-groups/mhpg/2022-23/" in message.body


def test_nothing_is_sent_for_an_invalid_or_rolled_back_escalation(
    executives, django_capture_on_commit_callbacks
):
    group = PriorityGroupFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.escalation_raise(group=group, date=dt.date(2022, 8, 9), issue="")
    assert mail.outbox == [] and not Escalation.objects.exists()


def test_an_escalation_added_in_the_admin_is_sent(
    executives, support_client, django_capture_on_commit_callbacks
):
    group = PriorityGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(
            reverse("admin:priority_groups_escalation_add"),
            {"group": group.pk, "date": "2022-08-09", "issue": "Pressures", "raised_to": "Exec"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
