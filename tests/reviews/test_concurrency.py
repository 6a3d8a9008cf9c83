"""Two people saving the same action at once: one save wins, the other is refused; a
publication never slips past a proceeding being opened."""

import datetime as dt

from django.core.exceptions import ValidationError

from cscp.concurrency import StaleEdit
from reviews import services
from reviews.models import Action, ParallelProceeding, PracticeReview
from tests.concurrency import POSTGRES_ONLY, blocked, run_together

from .factories import ActionFactory, PracticeReviewFactory

pytestmark = POSTGRES_ONLY


def test_concurrent_updates_of_one_action_do_not_overwrite_each_other(support_user):
    action = ActionFactory()
    opened = action.version

    def save(status):
        def call():
            services.action_update(
                action=Action.objects.get(pk=action.pk),
                status=status,
                evidence="",
                by=support_user,
                expected_version=opened,
            )
            return "saved"

        return call

    outcomes = run_together(save("in_progress"), save("paused"))
    assert sorted("refused" if isinstance(o, StaleEdit) else o for o in outcomes) == [
        "refused",
        "saved",
    ]
    action.refresh_from_db()
    assert action.version == opened + 1


def test_publication_waits_for_a_proceeding_being_opened_and_then_sees_it(support_user):
    """Publishing locks the review's row, and so does opening a proceeding: a publication
    that starts while someone is adding a proceeding waits, then reads the register with it
    and is refused (never published beside an open proceeding)."""
    review = PracticeReviewFactory(
        decision_on=dt.date(2024, 4, 15),
        completed_on=dt.date(2024, 9, 30),
        sent_to_panel_on=dt.date(2024, 10, 1),
        sent_to_secretary_of_state_on=dt.date(2024, 10, 1),
    )

    def open_proceeding(obj):
        ParallelProceeding.objects.create(
            practice_review=obj,
            kind=ParallelProceeding.Kind.CRIMINAL,
            opened_on=dt.date(2024, 6, 1),
        )

    def publish():
        return services.practice_review_publish(
            review=review, published_on=dt.date(2024, 10, 14), by=support_user
        )

    try:
        blocked(publish, model=PracticeReview, pk=review.pk, then=open_proceeding)
    except ValidationError as error:
        assert "Criminal proceedings" in " ".join(error.messages)
    else:
        raise AssertionError("published beside an open proceeding")
    review.refresh_from_db()
    assert review.publication == PracticeReview.Publication.UNDECIDED
