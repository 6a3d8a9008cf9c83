"""Business rules of groups, outcomes (evidence), actions and escalations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from priority_groups.models import Action, Outcome, PriorityGroup, has_evidence, is_overdue
from tests.priority_groups.factories import (
    ActionFactory,
    EscalationFactory,
    MeetingFactory,
    OutcomeFactory,
    PriorityGroupFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def test_evidence_is_text_a_link_or_a_file():
    assert not has_evidence("  ", "", None)
    assert has_evidence("Minutes", "", None)
    assert has_evidence("", "https://example.org/report", None)
    assert has_evidence("", "", "evidence/file.pdf")


@pytest.mark.parametrize("status", [Outcome.Status.ACHIEVED, Outcome.Status.EMBEDDED])
def test_an_achieved_or_embedded_outcome_needs_evidence(status):
    outcome = OutcomeFactory.build(group=PriorityGroupFactory(), status=status, evidence="")
    with pytest.raises(ValidationError) as caught:
        outcome.full_clean()
    assert "evidence" in caught.value.message_dict
    outcome.evidence_url = "https://example.org/evidence"
    outcome.full_clean()


def test_an_attached_file_is_evidence(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    outcome = OutcomeFactory.build(group=PriorityGroupFactory(), evidence="")
    outcome.evidence_file = SimpleUploadedFile("audit.pdf", b"%PDF-1.4")
    outcome.full_clean()
    assert outcome.has_evidence


@pytest.mark.parametrize("status", [Outcome.Status.IN_PROGRESS, Outcome.Status.NOT_ACHIEVED])
def test_outcomes_not_claimed_may_have_no_evidence(status):
    outcome = OutcomeFactory.build(group=PriorityGroupFactory(), status=status, evidence="")
    outcome.full_clean()
    assert not outcome.has_evidence


def test_an_outcomes_workstream_must_be_its_groups():
    group = PriorityGroupFactory()
    foreign = WorkstreamFactory(group=PriorityGroupFactory())
    outcome = OutcomeFactory.build(group=group, workstream=foreign)
    with pytest.raises(ValidationError) as caught:
        outcome.full_clean()
    assert "workstream" in caught.value.message_dict
    outcome.workstream = WorkstreamFactory(group=group)
    outcome.full_clean()


def test_an_outcome_cannot_predate_its_group():
    group = PriorityGroupFactory(start_date=dt.date(2021, 6, 1))
    outcome = OutcomeFactory.build(group=group, date=dt.date(2021, 5, 31))
    with pytest.raises(ValidationError) as caught:
        outcome.full_clean()
    assert "date" in caught.value.message_dict


def test_a_stood_down_group_has_an_end_date_after_its_start():
    group = PriorityGroupFactory.build(status=PriorityGroup.Status.STOOD_DOWN, end_date=None)
    with pytest.raises(ValidationError):
        group.full_clean()
    group.end_date = group.start_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        group.full_clean()
    group.end_date = group.start_date + dt.timedelta(days=100)
    group.full_clean()
    group.status = PriorityGroup.Status.ACTIVE
    with pytest.raises(ValidationError):
        group.full_clean()


def test_groups_active_in_a_year(year, previous_year):
    current = PriorityGroupFactory(name="Current", start_date=dt.date(2021, 6, 1))
    old = PriorityGroupFactory(
        name="Old",
        start_date=dt.date(2019, 4, 1),
        end_date=dt.date(2021, 3, 31),
        status=PriorityGroup.Status.STOOD_DOWN,
    )
    spanning = PriorityGroupFactory(name="Spanning", start_date=dt.date(2019, 4, 1))
    assert set(PriorityGroup.objects.active_in(year)) == {current, spanning}
    assert set(PriorityGroup.objects.active_in(previous_year)) == {old, spanning}
    assert current.is_active_in(year) and not current.is_active_in(previous_year)
    assert old.is_active_in(previous_year) and not old.is_active_in(year)


def test_overdue_means_open_and_past_its_due_date():
    due = dt.date(2022, 1, 31)
    assert is_overdue(Action.Status.OPEN, due, dt.date(2022, 2, 1))
    assert not is_overdue(Action.Status.OPEN, due, due)
    assert not is_overdue(Action.Status.DONE, due, dt.date(2022, 2, 1))
    late = ActionFactory(due_date=dt.date(2000, 1, 1))
    ActionFactory(due_date=dt.date(2000, 1, 1), status=Action.Status.DROPPED)
    assert list(Action.objects.overdue()) == [late]


def test_a_done_action_has_a_completion_date_and_its_meeting_is_its_groups():
    action = ActionFactory.build(
        group=PriorityGroupFactory(), owner_agency=ActionFactory().owner_agency
    )
    action.status = Action.Status.DONE
    with pytest.raises(ValidationError):
        action.full_clean()
    action.completed_on = dt.date(2022, 1, 1)
    action.full_clean()
    action.meeting = MeetingFactory(group=PriorityGroupFactory())
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert "meeting" in caught.value.message_dict


def test_an_escalation_arises_from_its_own_groups_outcome():
    escalation = EscalationFactory.build(group=PriorityGroupFactory(), outcome_of=OutcomeFactory())
    with pytest.raises(ValidationError):
        escalation.full_clean()
    escalation.outcome_of = OutcomeFactory(group=escalation.group)
    escalation.full_clean()
