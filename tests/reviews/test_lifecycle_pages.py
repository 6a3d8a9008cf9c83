"""The lifecycle in the admin (parallel proceedings inline, publication refused there too) and on
the reviews pages (clocks, the register, the removal date)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from reviews import services
from reviews.models import ParallelProceeding, PracticeReview, RapidReview
from tests.admin_forms import form_data
from tests.factories import ReportingYearFactory

from .factories import PracticeReviewFactory, RapidReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date
P = PracticeReview.Publication
INLINES = ("parallel_proceedings", "recommendations", "themes")


def _review(**fields):
    base = {
        "title": "Hartmoor child B",
        "decision_on": D(2024, 4, 15),
        "completed_on": D(2024, 9, 30),
        "sent_to_panel_on": D(2024, 10, 1),
        "sent_to_secretary_of_state_on": D(2024, 10, 1),
    }
    return PracticeReviewFactory(**{**base, **fields})


def _post_data(support_user, review, **changes):
    request = RequestFactory().get("/admin/")
    request.user = support_user
    model_admin = admin.site._registry[PracticeReview]
    data = form_data(model_admin.get_form(request, review)(instance=review))
    data.update({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in changes.items()})
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    proceedings = list(review.parallel_proceedings.all())
    data["parallel_proceedings-TOTAL_FORMS"] = str(len(proceedings))
    data["parallel_proceedings-INITIAL_FORMS"] = str(len(proceedings))
    for i, p in enumerate(proceedings):
        data.update(
            {
                f"parallel_proceedings-{i}-id": str(p.pk),
                f"parallel_proceedings-{i}-practice_review": str(review.pk),
                f"parallel_proceedings-{i}-kind": p.kind,
                f"parallel_proceedings-{i}-detail": p.detail,
                f"parallel_proceedings-{i}-opened_on": p.opened_on.isoformat(),
                f"parallel_proceedings-{i}-closed_on": p.closed_on.isoformat()
                if p.closed_on
                else "",
                f"parallel_proceedings-{i}-opened_version": str(p.version),
            }
        )
    return data


def test_the_admin_refuses_to_publish_while_a_proceeding_is_open(support_client, support_user):
    review = _review()
    services.proceeding_open(
        review=review, kind=ParallelProceeding.Kind.CORONER, opened_on=D(2024, 6, 3), by=None
    )
    url = reverse("admin:reviews_practicereview_change", args=[review.pk])
    data = _post_data(support_user, review, publication=P.PUBLISHED, published_on=D(2024, 10, 14))
    response = support_client.post(url, data)
    assert response.status_code == 200
    assert "Coroner&#x27;s inquest" in response.content.decode()
    review.refresh_from_db()
    assert review.publication == P.UNDECIDED

    # Closing it and publishing in the same save is allowed.
    data["parallel_proceedings-0-closed_on"] = "2024-10-10"
    response = support_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    review.refresh_from_db()
    assert review.publication == P.PUBLISHED
    assert review.parallel_proceedings.get().closed_on == D(2024, 10, 10)


def test_the_admin_refuses_a_late_copy_on_the_copy_field(support_client, support_user):
    review = _review(sent_to_panel_on=D(2024, 10, 10))
    url = reverse("admin:reviews_practicereview_change", args=[review.pk])
    data = _post_data(support_user, review, publication=P.PUBLISHED, published_on=D(2024, 10, 14))
    response = support_client.post(url, data)
    assert response.status_code == 200
    assert "at least 7 working days before publication" in response.content.decode()
    review.refresh_from_db()
    assert review.publication == P.UNDECIDED


def test_the_admin_change_page_shows_the_lifecycle(client, support_user, scrutineer_user):
    review = _review(planned_publication_on=D(2024, 10, 14))
    services.proceeding_open(
        review=review, kind=ParallelProceeding.Kind.FAMILY_COURT, opened_on=D(2024, 6, 3), by=None
    )
    url = reverse("admin:reviews_practicereview_change", args=[review.pk])
    for user in (support_user, scrutineer_user):
        client.force_login(user)
        content = client.get(url).content.decode()
        assert "Publication (6 months from the decision)" in content
        assert "due 15 Oct 2024" in content
        assert "Copy to the Panel and the Secretary of State" in content
        assert "due 03 Oct 2024" in content
        assert "Family court proceedings" in content
    listing = client.get(reverse("admin:reviews_practicereview_changelist")).content
    assert b"Overdue by" in listing  # the publication clock of an unpublished 2024 review


def test_the_pages_show_the_clocks_register_and_removal_date(executive_client):
    ReportingYearFactory(start_year=2024)
    review = _review(
        publication=P.PUBLISHED,
        published_on=D(2024, 10, 14),
        sent_to_panel_on=D(2024, 10, 2),
        sent_to_secretary_of_state_on=D(2024, 10, 2),
    )
    proceeding = services.proceeding_open(
        review=review, kind=ParallelProceeding.Kind.CRIMINAL, opened_on=D(2024, 5, 1), by=None
    )
    services.proceeding_close(proceeding=proceeding, closed_on=D(2024, 10, 1), by=None)
    detail = executive_client.get(reverse("practice_review_detail", args=[review.pk]))
    content = detail.content.decode()
    assert "Criminal proceedings" in content and "1 May 2024" in content and "Closed" in content
    assert "14 October 2025" in content  # may come off the website from
    assert "Met" in content
    listing = executive_client.get(reverse("review_list"), {"year": "2024-25"}).content.decode()
    assert "Hartmoor child B" in listing and "Publication (6 months)" in listing


def test_the_rapid_review_page_shows_the_panels_response_and_the_criteria(scrutineer_client):
    review = RapidReviewFactory(
        notification_sent_on=D(2021, 6, 2),
        meeting_on=D(2021, 6, 20),
        submitted_to_panel_on=D(2021, 6, 21),
        panel_response=RapidReview.PanelResponse.DISAGREES,
        panel_response_on=D(2021, 7, 5),
        decision=RapidReview.Decision.LOCAL,
        decision_rationale="Two agencies did not work together.",
        criteria=["joint_working"],
    )
    content = scrutineer_client.get(reverse("rapid_review_detail", args=[review.pk])).content
    content = content.decode()
    assert "Does not agree with the decision" in content and "5 July 2021" in content
    assert "(c) highlights or may highlight concerns regarding two or more" in content


def test_the_admin_refuses_a_local_review_decision_without_criteria(support_client, support_user):
    review = RapidReviewFactory(
        notification_sent_on=D(2021, 6, 2),
        meeting_on=D(2021, 6, 20),
        submitted_to_panel_on=D(2021, 6, 21),
    )
    request = RequestFactory().get("/admin/")
    request.user = support_user
    model_admin = admin.site._registry[RapidReview]
    data = form_data(model_admin.get_form(request, review)(instance=review))
    data.update({"decision": "local", "decision_rationale": "Agencies did not share."})
    for prefix in ("children", "agency_summaries", "themes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    url = reverse("admin:reviews_rapidreview_change", args=[review.pk])
    response = support_client.post(url, data)
    assert response.status_code == 200
    assert "names the regulation 11 criteria" in response.content.decode()
    data["criteria"] = ["improvements", "panel_view"]
    response = support_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    review.refresh_from_db()
    assert review.decision == "local" and review.criteria == ["improvements", "panel_view"]
