"""Every validation rule answers with a clear message on the field concerned."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews import services
from reviews.models import (
    Action,
    Audit,
    PracticeReview,
    RapidReview,
    RapidReviewAgency,
    RapidReviewChild,
    ReviewTheme,
)
from tests.factories import AgencyFactory

from .factories import (
    ActionFactory,
    PracticeReviewFactory,
    RapidReviewFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def rapid(**fields):
    base = {
        "reference": "RR-X",
        "la_aware_on": D(2021, 6, 1),
        "incident_type": RapidReview.IncidentType.DEATH,
    }
    return RapidReview(**{**base, **fields})


def test_a_valid_rapid_review_gets_the_year_in_which_the_la_became_aware():
    review = rapid(la_aware_on=D(2022, 3, 28), harm_categories=["neglect", "physical"])
    review = services.rapid_review_save(review=review)
    assert review.year.label == "2021-22"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"la_aware_on": D(2099, 1, 1)}, "la_aware_on", "cannot be in the future"),
        ({"notification_sent_on": D(2021, 5, 31)}, "notification_sent_on", "before the local"),
        ({"meeting_on": D(2021, 5, 1)}, "meeting_on", "before the local authority"),
        ({"submitted_to_panel_on": D(2021, 6, 20)}, "submitted_to_panel_on", "notification was"),
        (
            {"notification_sent_on": D(2021, 6, 7), "submitted_to_panel_on": D(2021, 6, 4)},
            "submitted_to_panel_on",
            "before the notification was sent",
        ),
        (
            {
                "notification_sent_on": D(2021, 6, 2),
                "meeting_on": D(2021, 6, 20),
                "submitted_to_panel_on": D(2021, 6, 15),
            },
            "submitted_to_panel_on",
            "before its meeting",
        ),
        (
            {"decision": "none", "decision_rationale": "Learning shared"},
            "decision",
            "meeting date before its decision",
        ),
        (
            {"decision": "none", "meeting_on": D(2021, 6, 10)},
            "decision_rationale",
            "reason for the decision",
        ),
        ({"harm_categories": ["arson"]}, "harm_categories", "from the list"),
    ],
)
def test_rapid_review_rules(fields, field, message):
    errors = errors_of(rapid(**fields))
    assert field in errors
    assert any(message in m for m in errors[field]), errors


def test_at_most_four_children_per_incident():
    review = RapidReviewFactory()
    for _ in range(4):
        child = RapidReviewChild(rapid_review=review, age_band="5_9", sex="male")
        child.full_clean()
        child.save()
    fifth = RapidReviewChild(rapid_review=review, age_band="5_9", sex="female")
    assert "at most 4 children" in " ".join(errors_of(fifth)["__all__"])


def test_agency_summary_cannot_be_received_before_it_was_requested():
    summary = RapidReviewAgency(
        rapid_review=RapidReviewFactory(),
        agency=AgencyFactory(),
        requested_on=D(2021, 6, 10),
        received_on=D(2021, 6, 9),
    )
    assert "received_on" in errors_of(summary)


def spr(**fields):
    base = {"title": "Ben", "kind": "local", "decision_on": D(2020, 7, 20)}
    return PracticeReview(**{**base, **fields})


P = PracticeReview.Publication
DONE = {"completed_on": D(2021, 6, 28)}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"completed_on": D(2020, 7, 1)}, "completed_on", "before the decision"),
        ({"revised_completion_on": D(2020, 7, 1)}, "revised_completion_on", "before the decision"),
        ({"completed_on": D(2099, 1, 1)}, "completed_on", "in the future"),
        ({"publication": P.PUBLISHED, "published_on": D(2022, 3, 1)}, "publication", "completion"),
        ({**DONE, "publication": P.PUBLISHED}, "published_on", "Enter the date"),
        (
            {**DONE, "publication": P.PUBLISHED, "published_on": D(2021, 6, 1)},
            "published_on",
            "before it was completed",
        ),
        (
            {
                **DONE,
                "publication": P.PENDING,
                "pending_reason": "criminal",
                "published_on": D(2022, 3, 1),
            },
            "published_on",
            "Only a published review",
        ),
        ({**DONE, "publication": P.NOT_PUBLISHED}, "not_published_reason", "reason"),
        ({**DONE, "publication": P.PENDING}, "pending_reason", "waiting for"),
        ({"sent_to_panel_on": D(2021, 7, 1)}, "sent_to_panel_on", "Record the completion"),
        (
            {**DONE, "sent_to_secretary_of_state_on": D(2021, 6, 1)},
            "sent_to_secretary_of_state_on",
            "before the review was completed",
        ),
    ],
)
def test_practice_review_rules(fields, field, message):
    errors = errors_of(spr(**fields))
    assert field in errors, errors
    assert any(message in m for m in errors[field]), errors


def test_a_published_review_with_its_dates_in_order_is_valid():
    spr(
        **DONE,
        publication=P.PUBLISHED,
        published_on=D(2022, 3, 14),
        sent_to_panel_on=D(2021, 7, 5),
        sent_to_secretary_of_state_on=D(2021, 7, 5),
    ).full_clean()


def test_a_complete_action_needs_evidence_and_gets_a_completion_date():
    action = ActionFactory.build(
        recommendation=RecommendationFactory(), owner_agency=AgencyFactory()
    )
    action.status = Action.Status.COMPLETE
    assert "evidence" in errors_of(action)
    action.evidence = "Guidance issued."
    action.full_clean()
    assert action.completed_on == timezone.localdate()


def test_only_a_complete_action_has_a_completion_date():
    action = ActionFactory.build(
        recommendation=RecommendationFactory(),
        owner_agency=AgencyFactory(),
        completed_on=D(2022, 1, 1),
    )
    assert "completed_on" in errors_of(action)


def test_an_audit_cannot_finish_before_it_started(year):
    audit = Audit(year=year, topic="Neglect", started_on=D(2021, 10, 1), completed_on=D(2021, 9, 1))
    assert "completed_on" in errors_of(audit)


def test_a_theme_tag_belongs_to_exactly_one_review():
    theme = ThemeFactory()
    neither = ReviewTheme(theme=theme, cohort="children")
    assert "__all__" in errors_of(neither)
    both = ReviewTheme(
        theme=theme,
        cohort="children",
        rapid_review=RapidReviewFactory(),
        practice_review=PracticeReviewFactory(),
    )
    assert "__all__" in errors_of(both)
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
