"""Agency leads see and update only their agencies' actions, and never a review's detail."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from cscp.concurrency import STALE_MESSAGE
from cscp.roles import Role
from reviews import services
from reviews.models import Action
from tests.factories import UserFactory

from .factories import ActionFactory, RapidReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def own_action(lead_agency):
    return ActionFactory(owner_agency=lead_agency, description="Own agency's action")


@pytest.fixture
def other_action(other_agency):
    return ActionFactory(owner_agency=other_agency, description="Another agency's action")


def test_agency_lead_lists_only_their_agencies_actions(
    agency_lead_client, own_action, other_action
):
    response = agency_lead_client.get(reverse("review_action_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Own agency&#x27;s action" in content
    assert "Another agency" not in content
    # No link into any review's detail, nor the review's title.
    assert (
        reverse("practice_review_detail", args=[own_action.recommendation.practice_review_id])
        not in content
    )
    assert own_action.recommendation.practice_review.title not in content


def test_readers_list_every_agencys_actions(executive_client, own_action, other_action):
    content = executive_client.get(reverse("review_action_list")).content.decode()
    assert "Own agency" in content and "Another agency" in content


def test_agency_lead_cannot_open_or_update_another_agencys_action(agency_lead_client, other_action):
    url = reverse("review_action_update", args=[other_action.pk])
    assert agency_lead_client.get(url).status_code == 404
    response = agency_lead_client.post(url, {"status": "complete", "evidence": "Done"})
    assert response.status_code == 404
    other_action.refresh_from_db()
    assert other_action.status == Action.Status.NOT_STARTED


def test_agency_lead_sees_no_review_detail(agency_lead_client, own_action):
    review = own_action.recommendation.practice_review
    assert (
        agency_lead_client.get(reverse("practice_review_detail", args=[review.pk])).status_code
        == 403
    )
    rapid = RapidReviewFactory()
    assert (
        agency_lead_client.get(reverse("rapid_review_detail", args=[rapid.pk])).status_code == 403
    )
    assert agency_lead_client.get(reverse("review_list")).status_code == 403
    assert agency_lead_client.get(reverse("theme_tracker")).status_code == 403


def test_agency_lead_completes_their_action_with_evidence(
    agency_lead_client,
    agency_lead_user,
    own_action,
    support_user,
    django_capture_on_commit_callbacks,
):
    url = reverse("review_action_update", args=[own_action.pk])
    form = agency_lead_client.get(url)
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = agency_lead_client.post(
            url,
            {
                "status": "complete",
                "evidence": "Guidance issued",
                "opened_version": own_action.version,
            },
        )
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.status == Action.Status.COMPLETE
    assert own_action.completed_on is not None
    assert own_action.updated_by == agency_lead_user
    assert own_action.history.first().history_user == agency_lead_user
    assert len(mail.outbox) == 1
    assert support_user.email in mail.outbox[0].to
    assert "Guidance issued" in mail.outbox[0].body


def test_complete_without_evidence_is_refused_with_a_message(agency_lead_client, own_action):
    url = reverse("review_action_update", args=[own_action.pk])
    response = agency_lead_client.post(
        url, {"status": "complete", "evidence": "", "opened_version": own_action.version}
    )
    assert response.status_code == 200
    assert "Describe the evidence" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    own_action.refresh_from_db()
    assert own_action.status == Action.Status.NOT_STARTED


def test_a_stale_update_is_refused(agency_lead_client, own_action, support_user):
    opened = own_action.version
    services.action_update(action=own_action, status="in_progress", evidence="", by=support_user)
    response = agency_lead_client.post(
        reverse("review_action_update", args=[own_action.pk]),
        {"status": "paused", "evidence": "", "opened_version": opened},
    )
    assert response.status_code == 200
    assert STALE_MESSAGE[:40] in response.content.decode()
    own_action.refresh_from_db()
    assert own_action.status == Action.Status.IN_PROGRESS


def test_no_email_when_the_write_rolls_back(
    own_action, support_user, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.action_update(
            action=own_action, status="complete", evidence="Done", by=support_user
        )
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert mail.outbox == []


def test_rag_and_overdue():
    today = D(2022, 6, 1)
    action = Action(due_on=D(2022, 5, 31), status=Action.Status.IN_PROGRESS)
    assert action.rag(today) == "red" and action.is_overdue(today)
    action.due_on = D(2022, 6, 20)
    assert action.rag(today) == "amber" and not action.is_overdue(today)
    action.due_on = D(2022, 9, 30)
    assert action.rag(today) == "green"
    action.status = Action.Status.PAUSED
    assert action.rag(today) == "amber"
    action.status = Action.Status.COMPLETE
    action.due_on = D(2022, 1, 1)
    assert action.rag(today) == "green" and not action.is_overdue(today)


def test_business_support_may_update_any_agencys_action(support_client, other_action):
    url = reverse("review_action_update", args=[other_action.pk])
    response = support_client.post(
        url, {"status": "in_progress", "evidence": "", "opened_version": other_action.version}
    )
    assert response.status_code == 302


def test_an_agency_lead_of_two_agencies_sees_both(
    role_groups, lead_agency, other_agency, own_action, other_action, client
):
    user = UserFactory(roles=[Role.AGENCY_LEAD], lead_for=[lead_agency, other_agency])
    client.force_login(user)
    content = client.get(reverse("review_action_list")).content.decode()
    assert "Own agency" in content and "Another agency" in content
