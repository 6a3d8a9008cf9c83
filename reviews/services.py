"""Every write that changes a review's state: keyword-only, atomic, validated first."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.mail import addresses_of, send_mail
from cscp.models import ReportingYear
from cscp.outbox import send_after_commit
from cscp.roles import Role

from .models import Action, ParallelProceeding, PracticeReview, RapidReview


@transaction.atomic
def rapid_review_save(
    *, review: RapidReview, expected_version: int | None = None, by=None
) -> RapidReview:
    """Validate and save a rapid review; a blank year becomes the reporting year in which the
    local authority became aware (created if it is the first review of that year)."""
    review.full_clean()
    if review.la_aware_on and not review.year_id:
        review.year, _ = ReportingYear.objects.get_or_create(
            start_year=ReportingYear.start_year_for(review.la_aware_on)
        )
    review.save(expected_version=expected_version)
    return review


@transaction.atomic
def rapid_review_submit_to_panel(
    *, review: RapidReview, on: dt.date | None = None, by=None
) -> RapidReview:
    """Record that the rapid review went to the National Panel (today unless `on`)."""
    review = RapidReview.objects.select_for_update().get(pk=review.pk)
    review.submitted_to_panel_on = on or timezone.localdate()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def rapid_review_record_panel_response(
    *, review: RapidReview, response: str, on: dt.date, detail: str = "", by=None
) -> RapidReview:
    """Record what the Panel answered to the rapid review, and when."""
    review = RapidReview.objects.select_for_update().get(pk=review.pk)
    review.panel_response = response
    review.panel_response_on = on
    review.panel_response_detail = detail
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def rapid_review_decide(
    *, review: RapidReview, decision: str, criteria: list[str], rationale: str, by=None
) -> RapidReview:
    """The partners' decision on a local child safeguarding practice review, against the
    criteria of regulation 11 (a decision to review names at least one, and says why)."""
    review = RapidReview.objects.select_for_update().get(pk=review.pk)
    review.decision = decision
    review.criteria = list(criteria)
    review.decision_rationale = rationale
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def practice_review_initiate(
    *, rapid_review: RapidReview, title: str, decision_on: dt.date, by=None
) -> PracticeReview:
    """Start the practice review that a rapid review decided on (its 6 months start now)."""
    rapid_review = RapidReview.objects.select_for_update().get(pk=rapid_review.pk)
    if not rapid_review.taken_forward:
        raise ValidationError(
            f"{rapid_review} did not decide on a local or thematic review: record that decision "
            "first."
        )
    kind = (
        PracticeReview.Kind.THEMATIC
        if rapid_review.decision == RapidReview.Decision.THEMATIC
        else PracticeReview.Kind.LOCAL
    )
    review = PracticeReview(title=title, kind=kind, decision_on=decision_on)
    review.full_clean()
    review.save()
    review.rapid_reviews.add(rapid_review)
    return review


def _validate_practice_review(review: PracticeReview, proceedings=None) -> None:
    """`full_clean`, and refuse an edit that publishes the review while a parallel proceeding
    is open: every reason at once.

    `proceedings`: the register as it will stand once this edit is saved (the admin's inline
    rows); the stored register otherwise. The copy rule is the model's own (`clean`)."""
    errors: dict = {}
    try:
        review.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if review.published_on and review.is_newly_published():
        if proceedings is None:
            proceedings = ParallelProceeding.objects.filter(practice_review_id=review.pk)
        problems = review.proceeding_refusals(review.published_on, proceedings)
        if problems:
            errors.setdefault("publication", []).extend(problems)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def practice_review_save(
    *,
    review: PracticeReview,
    expected_version: int | None = None,
    by=None,
    proceedings=None,
) -> PracticeReview:
    """Validate and save an edit of a practice review. An edit that publishes it is held to
    the rules of publication: completed, copies sent in time, no parallel proceeding open."""
    if review.pk:
        # The row stays locked from the check to the write: a proceeding opened meanwhile
        # waits for this transaction (proceeding_open locks the review too).
        PracticeReview.objects.select_for_update().filter(pk=review.pk).first()
    _validate_practice_review(review, proceedings)
    review.save(expected_version=expected_version)
    return review


@transaction.atomic
def practice_review_publish(
    *, review: PracticeReview, published_on: dt.date, publication_url: str = "", by=None
) -> PracticeReview:
    """Publish a completed review: refused while a parallel proceeding is open, or when the
    copies to the Panel and the Secretary of State were not sent in time."""
    review = PracticeReview.objects.select_for_update().get(pk=review.pk)
    review.publication = PracticeReview.Publication.PUBLISHED
    review.published_on = published_on
    if publication_url:
        review.publication_url = publication_url
    review.pending_reason = ""
    review.pending_detail = ""
    _validate_practice_review(review)
    review.save()
    return review


@transaction.atomic
def practice_review_record_copies(
    *,
    review: PracticeReview,
    panel_on: dt.date | None,
    secretary_of_state_on: dt.date | None,
    by=None,
) -> PracticeReview:
    """Record when the final report went to the Panel and to the Secretary of State."""
    review = PracticeReview.objects.select_for_update().get(pk=review.pk)
    review.sent_to_panel_on = panel_on
    review.sent_to_secretary_of_state_on = secretary_of_state_on
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def practice_review_remove_from_website(
    *, review: PracticeReview, on: dt.date | None = None, by=None
) -> PracticeReview:
    """Record that a published review came off the website: not before it has been online
    for `REVIEW_MIN_MONTHS_ONLINE` months."""
    review = PracticeReview.objects.select_for_update().get(pk=review.pk)
    review.removed_from_website_on = on or timezone.localdate()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def proceeding_open(
    *, review: PracticeReview, kind: str, opened_on: dt.date, detail: str = "", by=None
) -> ParallelProceeding:
    """Add a parallel proceeding to the review's register (it holds publication back)."""
    review = PracticeReview.objects.select_for_update().get(pk=review.pk)
    proceeding = ParallelProceeding(
        practice_review=review, kind=kind, opened_on=opened_on, detail=detail
    )
    proceeding.full_clean()
    proceeding.save()
    return proceeding


@transaction.atomic
def proceeding_close(
    *, proceeding: ParallelProceeding, closed_on: dt.date, by=None
) -> ParallelProceeding:
    proceeding = ParallelProceeding.objects.select_for_update().get(pk=proceeding.pk)
    if proceeding.closed_on is not None:
        raise ValidationError(
            f"{proceeding.get_kind_display()} already closed on {proceeding.closed_on:%d %b %Y}."
        )
    proceeding.closed_on = closed_on
    proceeding.full_clean()
    proceeding.save()
    return proceeding


@transaction.atomic
def action_update(
    *,
    action: Action,
    status: str,
    evidence: str,
    by,
    expected_version: int | None = None,
    completed_on: dt.date | None = None,
) -> Action:
    """An owner agency (or business support) reports progress on an action.

    Marking it complete needs evidence; the completion date defaults to today. A stale form
    (someone else saved since it was opened) is refused by `Versioned.save`."""
    was_complete = action.status == Action.Status.COMPLETE
    action.status = status
    action.evidence = evidence
    if status == Action.Status.COMPLETE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    action.updated_by = by
    action.full_clean()
    action.save(expected_version=expected_version)
    if status == Action.Status.COMPLETE and not was_complete:
        _queue_completion_notice(action)
    return action


def _queue_completion_notice(action: Action) -> None:
    """One notice per completion: the version the completing save wrote makes the key (a
    re-opened and again completed action is a new event)."""
    send_after_commit(
        "reviews.tasks.notify_action_completed",
        key=f"reviews.action-completed:{action.pk}:{action.version}",
        action_id=action.pk,
    )


def business_support_emails() -> list[str]:
    return addresses_of(Role.BUSINESS_SUPPORT)


def action_completion_email(*, action_id: int) -> None:
    """Tell business support that an agency completed an action (they check the evidence)."""
    action = Action.objects.select_related("owner_agency", "recommendation__practice_review").get(
        pk=action_id
    )
    recipients = business_support_emails()
    if not recipients:
        return
    url = reverse("admin:reviews_action_change", args=[action.pk])
    send_mail(
        subject=f"Review action completed by {action.owner_agency}",
        message=(
            f"{action.owner_agency} marked an action of "
            f"{action.recommendation.practice_review} as complete.\n\n"
            f"Action: {action.description}\n\nEvidence: {action.evidence}\n\n"
            f"Check it in the admin: {url}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def clock_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail business support the rapid-review clocks due soon or overdue (daily). Returns the
    number of clocks listed; nothing is sent when none needs attention."""
    from .selectors import clocks_needing_attention

    rows = clocks_needing_attention(today)
    recipients = business_support_emails()
    if not rows or not recipients:
        return 0
    lines = []
    for row in rows:
        review = row["review"]
        for name, state, due in (
            ("Notification", row["notification_state"], row["notification_due_on"]),
            ("Rapid review", row["rapid_review_state"], row["rapid_review_due_on"]),
        ):
            if state in ("due_soon", "overdue"):
                lines.append(
                    f"- {review.reference}: {name} {state.label.lower()} (due {due:%d %b %Y})"
                )
    send_mail(
        subject=f"Rapid review clocks: {len(lines)} due soon or overdue",
        message="These statutory clocks need attention:\n\n" + "\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(lines)
