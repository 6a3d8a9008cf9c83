"""Evaluation by tokenised link, three-month follow-up, certificate only for attended +
evaluated."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from training import services
from training.models import Booking, follow_up_due_on

from .factories import BookingFactory, EvaluationFactory, past_session

pytestmark = pytest.mark.django_db


def test_only_attendees_can_evaluate_once():
    for status in ("booked", "waiting", "cancelled", "did_not_attend"):
        booking = BookingFactory(status=status)
        with pytest.raises(ValidationError):
            services.evaluation_submit(
                booking=booking, confidence_before=2, confidence_after=4, usefulness=5
            )
    booking = BookingFactory(status=Booking.Status.ATTENDED)
    evaluation = services.evaluation_submit(
        booking=booking, confidence_before=2, confidence_after=4, usefulness=5, comments=" ok "
    )
    assert evaluation.confidence_change == 2
    assert evaluation.comments == "ok"
    with pytest.raises(ValidationError):
        services.evaluation_submit(
            booking=booking, confidence_before=2, confidence_after=4, usefulness=5
        )


def test_scores_are_on_a_one_to_five_scale():
    booking = BookingFactory(status=Booking.Status.ATTENDED)
    with pytest.raises(ValidationError):
        services.evaluation_submit(
            booking=booking, confidence_before=0, confidence_after=6, usefulness=3
        )


def test_certificate_only_for_attended_and_evaluated(client):
    attended = BookingFactory(status=Booking.Status.ATTENDED)
    assert not attended.certificate_available()
    assert client.get(f"/training/certificate/{attended.token}/").status_code == 404
    EvaluationFactory(booking=attended)
    attended = Booking.objects.get(pk=attended.pk)
    assert attended.certificate_available()
    response = client.get(f"/training/certificate/{attended.token}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # Evaluated but then marked as not attended (a correction): no certificate.
    attended.status = Booking.Status.DID_NOT_ATTEND
    attended.save()
    assert client.get(f"/training/certificate/{attended.token}/").status_code == 404


def test_evaluation_page_without_login(client):
    booking = BookingFactory(status=Booking.Status.ATTENDED)
    url = f"/training/evaluate/{booking.token}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"confidence_before": "1"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    response = client.post(
        url,
        {"confidence_before": "2", "confidence_after": "4", "usefulness": "5", "comments": "x"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.evaluation.confidence_after == 4
    page = client.get(url)
    assert b"Download your certificate" in page.content


def test_an_unknown_token_is_not_found(client):
    assert client.get("/training/evaluate/not-a-real-token/").status_code == 404
    assert client.get("/training/bookings/not-a-real-token/").status_code == 404


def test_follow_up_is_sent_three_months_after_once(django_capture_on_commit_callbacks):
    recent = EvaluationFactory(booking__session=past_session(days_ago=30))
    old = EvaluationFactory(booking__session=past_session(days_ago=100))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.follow_ups_request_due(today=today) == 1
    assert [m.to for m in mail.outbox] == [[old.booking.email]]
    assert f"/training/follow-up/{old.booking.token}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.follow_ups_request_due(today=today) == 0
    assert len(mail.outbox) == 1
    recent.refresh_from_db()
    assert recent.follow_up_requested_at is None


def test_follow_up_due_date():
    assert follow_up_due_on(dt.date(2021, 11, 30)) == dt.date(2022, 2, 28)
    assert follow_up_due_on(dt.date(2021, 6, 15)) == dt.date(2021, 9, 15)


def test_follow_up_answer(client):
    evaluation = EvaluationFactory()
    url = f"/training/follow-up/{evaluation.booking.token}/"
    response = client.post(url, {"doing_differently": "I ask about dads."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.doing_differently == "I ask about dads."
    with pytest.raises(ValidationError):
        services.follow_up_submit(evaluation=evaluation, doing_differently="again")
