"""The practice-review lifecycle to the Child Safeguarding Practice Review Panel's process:
serious incident notification (5 working days), rapid review (15 working days), the Panel's
response, the decision on a local review against regulation 11 of SI 2018/789, the 6 months
from initiation to publication, the copy to the Panel and the Secretary of State before
publication, parallel proceedings that hold publication back, and the year online."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import ValidationError

from cscp.partnership.models import Partnership
from reviews import services
from reviews.models import (
    ClockState,
    ParallelProceeding,
    PracticeReview,
    RapidReview,
    Regulation11,
)

from .factories import PracticeReviewFactory, RapidReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date
P = PracticeReview.Publication
K = ParallelProceeding.Kind


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return " ".join(info.value.messages)


def test_a_fictional_partnership_takes_a_review_from_notification_to_removal(support_user):
    Partnership.objects.create(name="Hartmoor Safeguarding Children Partnership", short_name="HSCP")
    # The incident, and the day the local authority became aware of it (a Monday).
    review = services.rapid_review_save(
        review=RapidReview(
            reference="HM-2024-01",
            incident_on=D(2024, 3, 2),
            la_aware_on=D(2024, 3, 4),
            incident_type=RapidReview.IncidentType.SERIOUS_HARM,
            harm_categories=["neglect"],
        ),
        by=support_user,
    )
    assert review.notification_due_on == D(2024, 3, 11)
    assert review.notification_clock(D(2024, 3, 7)) == ClockState.DUE_SOON

    # SIN sent on the Friday: the rapid review's 15 working days skip Good Friday and Easter
    # Monday 2024.
    review.notification_sent_on = D(2024, 3, 8)
    review = services.rapid_review_save(review=review, by=support_user)
    assert review.notification_clock(D(2024, 3, 8)) == ClockState.MET
    assert review.rapid_review_due_on == D(2024, 4, 2)

    review.meeting_on = D(2024, 3, 26)
    review = services.rapid_review_save(review=review, by=support_user)
    review = services.rapid_review_submit_to_panel(
        review=review, on=D(2024, 3, 27), by=support_user
    )
    assert review.rapid_review_clock(D(2024, 4, 10)) == ClockState.MET

    review = services.rapid_review_record_panel_response(
        review=review,
        response=RapidReview.PanelResponse.AGREES,
        on=D(2024, 4, 12),
        detail="The Panel agrees a local review is appropriate.",
        by=support_user,
    )
    assert review.panel_response_on == D(2024, 4, 12)

    review = services.rapid_review_decide(
        review=review,
        decision=RapidReview.Decision.LOCAL,
        criteria=[Regulation11.IMPROVEMENTS, Regulation11.JOINT_WORKING],
        rationale="Information held by health and police was not shared.",
        by=support_user,
    )
    assert review.decision == RapidReview.Decision.LOCAL
    assert review.criteria_labels()[0].startswith("(a)")

    spr = services.practice_review_initiate(
        rapid_review=review, title="Hartmoor child A", decision_on=D(2024, 4, 15), by=support_user
    )
    assert list(spr.rapid_reviews.all()) == [review]
    assert spr.publication_due_on == D(2024, 10, 15)

    criminal = services.proceeding_open(
        review=spr, kind=K.CRIMINAL, opened_on=D(2024, 5, 1), detail="Trial listed", by=support_user
    )
    spr.completed_on = D(2024, 9, 30)
    spr.planned_publication_on = D(2024, 10, 14)
    spr = services.practice_review_save(review=spr, by=support_user)
    assert spr.copy_due_on == D(2024, 10, 3)
    services.practice_review_record_copies(
        review=spr, panel_on=D(2024, 10, 2), secretary_of_state_on=D(2024, 10, 2), by=support_user
    )

    message = refused(
        services.practice_review_publish, review=spr, published_on=D(2024, 10, 14), by=support_user
    )
    assert "Criminal proceedings" in message and "still open" in message
    spr.refresh_from_db()
    assert spr.publication == P.UNDECIDED and spr.published_on is None

    services.proceeding_close(proceeding=criminal, closed_on=D(2024, 10, 1), by=support_user)
    spr = services.practice_review_publish(
        review=spr,
        published_on=D(2024, 10, 14),
        publication_url="https://example.org/hartmoor-child-a",
        by=support_user,
    )
    assert spr.publication == P.PUBLISHED
    assert spr.publication_clock(D(2024, 12, 1)) == ClockState.MET
    assert spr.removal_allowed_on == D(2025, 10, 14)

    message = refused(
        services.practice_review_remove_from_website,
        review=spr,
        on=D(2025, 10, 13),
        by=support_user,
    )
    assert "14 October 2025" in message
    spr = services.practice_review_remove_from_website(
        review=spr, on=D(2025, 10, 14), by=support_user
    )
    assert spr.removed_from_website_on == D(2025, 10, 14)
    assert spr.history.count() >= 5


# --- Notification and rapid review -------------------------------------------------------------


def test_the_incident_cannot_be_after_the_la_became_aware():
    review = RapidReview(
        reference="X", incident_on=D(2024, 3, 5), la_aware_on=D(2024, 3, 4), incident_type="death"
    )
    with pytest.raises(ValidationError) as info:
        review.full_clean()
    assert "incident_on" in info.value.message_dict


def _decided(**fields):
    base = {
        "reference": "RR-D",
        "la_aware_on": D(2024, 3, 4),
        "incident_type": "death",
        "meeting_on": D(2024, 3, 20),
        "decision": RapidReview.Decision.LOCAL,
        "decision_rationale": "Agencies did not work together.",
        "criteria": [Regulation11.JOINT_WORKING],
    }
    return RapidReview(**{**base, **fields})


def test_a_decision_to_review_needs_a_criterion_and_a_rationale():
    _decided().full_clean()
    with pytest.raises(ValidationError) as info:
        _decided(criteria=[]).full_clean()
    assert "regulation 11" in " ".join(info.value.message_dict["criteria"])
    with pytest.raises(ValidationError) as info:
        _decided(decision=RapidReview.Decision.THEMATIC, criteria=[]).full_clean()
    assert "criteria" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        _decided(decision_rationale="  ").full_clean()
    assert "decision_rationale" in info.value.message_dict


def test_no_further_review_needs_no_criterion_but_unknown_criteria_are_refused():
    _decided(decision=RapidReview.Decision.NO_FURTHER, criteria=[]).full_clean()
    with pytest.raises(ValidationError) as info:
        _decided(criteria=["because"]).full_clean()
    assert "criteria" in info.value.message_dict


def test_the_decision_service_refuses_a_review_without_criteria(support_user):
    review = RapidReviewFactory(meeting_on=D(2021, 6, 10))
    message = refused(
        services.rapid_review_decide,
        review=review,
        decision=RapidReview.Decision.LOCAL,
        criteria=[],
        rationale="Agencies did not share information.",
        by=support_user,
    )
    assert "regulation 11" in message
    review.refresh_from_db()
    assert review.decision == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"panel_response_on": D(2021, 6, 30)}, "panel_response_on"),  # nothing submitted
        (
            {
                "notification_sent_on": D(2021, 6, 2),
                "submitted_to_panel_on": D(2021, 6, 20),
                "panel_response_on": D(2021, 6, 18),
                "panel_response": "agrees",
            },
            "panel_response_on",
        ),
        (
            {
                "notification_sent_on": D(2021, 6, 2),
                "submitted_to_panel_on": D(2021, 6, 20),
                "panel_response": "agrees",
            },
            "panel_response_on",
        ),
        (
            {
                "notification_sent_on": D(2021, 6, 2),
                "submitted_to_panel_on": D(2021, 6, 20),
                "panel_response_on": D(2021, 6, 30),
            },
            "panel_response",
        ),
    ],
)
def test_the_panels_response_follows_the_submission_and_has_its_date(fields, field):
    review = RapidReview(reference="X", la_aware_on=D(2021, 6, 1), incident_type="death", **fields)
    with pytest.raises(ValidationError) as info:
        review.full_clean()
    assert field in info.value.message_dict


def test_the_panels_response_is_expected_about_ten_working_days_after_submission():
    review = RapidReview(
        reference="X",
        la_aware_on=D(2024, 3, 4),
        notification_sent_on=D(2024, 3, 8),
        submitted_to_panel_on=D(2024, 3, 27),
    )
    assert review.panel_response_expected_on == D(2024, 4, 12)  # Easter 2024 skipped
    assert review.panel_response_clock(D(2024, 4, 15)) == ClockState.OVERDUE


# --- Parallel proceedings ----------------------------------------------------------------------


def _completed_review(**fields):
    base = {
        "completed_on": D(2024, 9, 30),
        "sent_to_panel_on": D(2024, 10, 1),
        "sent_to_secretary_of_state_on": D(2024, 10, 1),
    }
    return PracticeReviewFactory(decision_on=D(2024, 4, 15), **{**base, **fields})


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (K.CRIMINAL, "Criminal proceedings"),
        (K.CORONER, "Coroner's inquest"),
        (K.DHR, "Domestic homicide review"),
        (K.SAR, "Safeguarding adults review"),
        (K.FAMILY_COURT, "Family court proceedings"),
    ],
)
def test_each_kind_of_open_proceeding_blocks_publication_by_name(kind, label, support_user):
    spr = _completed_review()
    services.proceeding_open(review=spr, kind=kind, opened_on=D(2024, 6, 1), by=support_user)
    message = refused(
        services.practice_review_publish, review=spr, published_on=D(2024, 10, 14), by=support_user
    )
    assert label in message
    assert "1 June 2024" in message


def test_a_closed_proceeding_does_not_block_but_one_closed_after_publication_does(support_user):
    spr = _completed_review()
    coroner = services.proceeding_open(
        review=spr, kind=K.CORONER, opened_on=D(2024, 6, 1), by=support_user
    )
    services.proceeding_close(proceeding=coroner, closed_on=D(2024, 10, 20), by=support_user)
    message = refused(
        services.practice_review_publish, review=spr, published_on=D(2024, 10, 14), by=support_user
    )
    assert "Coroner's inquest" in message
    spr = services.practice_review_publish(
        review=spr, published_on=D(2024, 10, 21), by=support_user
    )
    assert spr.publication == P.PUBLISHED


def test_an_edit_that_publishes_is_refused_while_a_proceeding_is_open(support_user):
    spr = _completed_review()
    services.proceeding_open(review=spr, kind=K.SAR, opened_on=D(2024, 6, 1), by=support_user)
    spr.publication = P.PUBLISHED
    spr.published_on = D(2024, 10, 14)
    message = refused(services.practice_review_save, review=spr, by=support_user)
    assert "Safeguarding adults review" in message


@pytest.mark.parametrize(
    ("opened", "closed"),
    [(D(2024, 6, 1), D(2024, 5, 31)), (D(2099, 1, 1), None), (D(2024, 6, 1), D(2099, 1, 1))],
)
def test_a_proceeding_closes_after_it_opened_and_neither_date_is_in_the_future(opened, closed):
    proceeding = ParallelProceeding(
        practice_review=_completed_review(), kind=K.CRIMINAL, opened_on=opened, closed_on=closed
    )
    with pytest.raises(ValidationError):
        proceeding.full_clean()


def test_closing_a_closed_proceeding_is_refused(support_user):
    proceeding = services.proceeding_open(
        review=_completed_review(), kind=K.DHR, opened_on=D(2024, 6, 1), by=support_user
    )
    services.proceeding_close(proceeding=proceeding, closed_on=D(2024, 7, 1), by=support_user)
    assert "already closed" in refused(
        services.proceeding_close, proceeding=proceeding, closed_on=D(2024, 8, 1), by=support_user
    )


# --- The copy to the Panel and the Secretary of State -----------------------------------------


@pytest.mark.parametrize(
    ("panel", "sos", "ok"),
    [
        (D(2024, 10, 3), D(2024, 10, 3), True),  # exactly 7 working days before 14 Oct
        (D(2024, 10, 4), D(2024, 10, 3), False),  # the Panel's copy a day late
        (D(2024, 10, 3), D(2024, 10, 4), False),  # the Secretary of State's a day late
        (D(2024, 10, 3), None, False),  # not sent to the Secretary of State
        (None, D(2024, 10, 3), False),  # not sent to the Panel
    ],
)
def test_publication_needs_the_copies_seven_working_days_before(panel, sos, ok, support_user):
    spr = _completed_review(sent_to_panel_on=panel, sent_to_secretary_of_state_on=sos)
    if ok:
        services.practice_review_publish(review=spr, published_on=D(2024, 10, 14), by=support_user)
        return
    message = refused(
        services.practice_review_publish, review=spr, published_on=D(2024, 10, 14), by=support_user
    )
    assert "7 working days before publication" in message and "3 October 2024" in message


def test_the_number_of_working_days_is_a_setting(settings, support_user):
    settings.REVIEW_COPY_WORKING_DAYS_BEFORE_PUBLICATION = 10
    spr = _completed_review(
        sent_to_panel_on=D(2024, 10, 3), sent_to_secretary_of_state_on=D(2024, 10, 3)
    )
    message = refused(
        services.practice_review_publish, review=spr, published_on=D(2024, 10, 14), by=support_user
    )
    assert "10 working days" in message and "30 September 2024" in message


def test_an_already_published_review_is_flagged_not_locked_when_its_copy_was_late(support_user):
    """Records published before the rule stay editable; their late copy is shown."""
    spr = _completed_review(
        sent_to_panel_on=D(2024, 10, 10),
        sent_to_secretary_of_state_on=D(2024, 10, 10),
        publication=P.PUBLISHED,
        published_on=D(2024, 10, 14),
    )
    assert spr.copy_clock(D(2024, 12, 1)) == ClockState.MET_LATE
    spr.summary = "Edited after publication."
    services.practice_review_save(review=spr, by=support_user)


def test_the_copy_clock_runs_from_the_planned_publication_date():
    spr = PracticeReview(decision_on=D(2024, 4, 15), planned_publication_on=D(2024, 10, 14))
    assert spr.copy_due_on == D(2024, 10, 3)
    assert spr.copy_clock(D(2024, 10, 1)) == ClockState.DUE_SOON
    assert spr.copy_clock(D(2024, 10, 7)) == ClockState.OVERDUE
    assert PracticeReview(decision_on=D(2024, 4, 15)).copy_clock(D(2024, 10, 1)) == (
        ClockState.NOT_STARTED
    )


# --- Six months from initiation to publication ---------------------------------------------------


@pytest.mark.parametrize(
    ("published", "today", "state"),
    [
        (None, D(2024, 8, 1), ClockState.ON_TRACK),
        (None, D(2024, 10, 1), ClockState.DUE_SOON),  # within 20 working days
        (None, D(2024, 10, 16), ClockState.OVERDUE),
        (D(2024, 10, 15), D(2024, 12, 1), ClockState.MET),
        (D(2024, 10, 16), D(2024, 12, 1), ClockState.MET_LATE),
    ],
)
def test_a_review_is_expected_to_be_published_six_months_after_initiation(published, today, state):
    spr = PracticeReview(decision_on=D(2024, 4, 15), published_on=published)
    assert spr.publication_due_on == D(2024, 10, 15)
    assert spr.publication_clock(today) == state


def test_a_review_not_to_be_published_has_no_publication_clock():
    spr = PracticeReview(decision_on=D(2024, 4, 15), publication=P.NOT_PUBLISHED)
    assert spr.publication_clock(D(2025, 1, 1)) == ClockState.NOT_STARTED


# --- At least a year online ---------------------------------------------------------------------


def test_removal_is_refused_before_a_year_online_and_for_an_unpublished_review(support_user):
    spr = _completed_review()
    assert "published" in refused(
        services.practice_review_remove_from_website,
        review=spr,
        on=D(2025, 12, 1),
        by=support_user,
    )
    spr.publication = P.PUBLISHED
    spr.published_on = D(2024, 2, 29)
    spr.removed_from_website_on = D(2025, 2, 27)
    with pytest.raises(ValidationError) as info:
        spr.full_clean()
    assert "28 February 2025" in " ".join(info.value.message_dict["removed_from_website_on"])


def test_the_time_online_is_a_setting(settings):
    settings.REVIEW_MIN_MONTHS_ONLINE = 18
    spr = PracticeReview(publication=P.PUBLISHED, published_on=D(2024, 10, 14))
    assert spr.removal_allowed_on == D(2026, 4, 14)
    assert PracticeReview(publication=P.UNDECIDED).removal_allowed_on is None


def test_a_practice_review_starts_only_from_a_decision_to_review(support_user):
    review = RapidReviewFactory(
        meeting_on=D(2021, 6, 10), decision="none", decision_rationale="Learning shared."
    )
    assert "did not decide" in refused(
        services.practice_review_initiate,
        rapid_review=review,
        title="Child Z",
        decision_on=D(2021, 6, 20),
        by=support_user,
    )
    assert not PracticeReview.objects.filter(title="Child Z").exists()
    review.decision, review.criteria = "thematic", [Regulation11.RECURRENT_THEMES]
    review.save()
    spr = services.practice_review_initiate(
        rapid_review=review, title="Child Z", decision_on=D(2021, 6, 20), by=support_user
    )
    assert spr.kind == PracticeReview.Kind.THEMATIC


@pytest.mark.parametrize(
    "name",
    [
        "rapid_review_record_panel_response",
        "rapid_review_decide",
        "practice_review_initiate",
        "practice_review_save",
        "practice_review_publish",
        "practice_review_record_copies",
        "practice_review_remove_from_website",
        "proceeding_open",
        "proceeding_close",
    ],
)
def test_the_lifecycle_services_take_keywords_only(name):
    parameters = inspect.signature(getattr(services, name)).parameters.values()
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters)
