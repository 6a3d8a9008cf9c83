"""Business support's admin: computed clocks in the lists, filters, actions, exports, and
list pages whose query count does not grow with the records."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cscp.working_days import add_working_days, subtract_working_days
from reviews.models import RapidReview

from .factories import (
    ActionFactory,
    AuditFactory,
    PracticeReviewFactory,
    RapidReviewFactory,
    RecommendationFactory,
    ReviewThemeFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date

MODELS = [
    "rapidreview",
    "practicereview",
    "action",
    "recommendation",
    "reviewtheme",
    "learningactivity",
    "audit",
    "inspection",
    "keytheme",
]


def _grow(year, n, offset):
    for i in range(offset, offset + n):
        review = RapidReviewFactory(la_aware_on=D(2021, 6, 1) + dt.timedelta(days=i))
        ReviewThemeFactory(rapid_review=review)
        spr = PracticeReviewFactory()
        ReviewThemeFactory(practice_review=spr)
        ActionFactory(recommendation=RecommendationFactory(practice_review=spr))
        AuditFactory(year=year)


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_take_a_constant_number_of_queries(
    support_client, year, model, django_assert_max_num_queries
):
    url = reverse(f"admin:reviews_{model}_changelist")
    _grow(year, 2, 0)
    with CaptureQueriesContext(connection) as small:
        assert support_client.get(url).status_code == 200
    _grow(year, 8, 2)
    with django_assert_max_num_queries(len(small)):
        assert support_client.get(url).status_code == 200


def test_rapid_review_list_shows_the_computed_clocks(support_client):
    today = timezone.localdate()
    RapidReviewFactory(reference="RR-LATE", la_aware_on=subtract_working_days(today, 7))
    RapidReviewFactory(reference="RR-SOON", la_aware_on=subtract_working_days(today, 3))
    url = reverse("admin:reviews_rapidreview_changelist")
    content = support_client.get(url).content.decode()
    assert "Overdue by 2 working days (due" in content and "Due soon (due" in content
    overdue_only = support_client.get(url, {"clock": "overdue"}).content.decode()
    assert "RR-LATE" in overdue_only and "RR-SOON" not in overdue_only


def test_business_support_logs_a_rapid_review_in_the_admin(support_client):
    aware = D(2021, 12, 22)
    data = {
        "reference": "RR-NEW",
        "year": "",
        "incident_type": "death",
        "harm_categories": ["neglect", "physical"],
        "la_aware_on": aware.isoformat(),
        "notification_sent_on": "",
        "meeting_on": "",
        "submitted_to_panel_on": "",
        "decision": "",
        "decision_rationale": "",
        "learning": "",
    }
    for prefix in ("children", "agency_summaries", "themes"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update({"children-TOTAL_FORMS": "1", "children-0-age_band": "under_1"})
    data.update({"children-0-sex": "male"})
    response = support_client.post(reverse("admin:reviews_rapidreview_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    review = RapidReview.objects.get(reference="RR-NEW")
    assert review.year.label == "2021-22"
    assert review.harm_categories == ["neglect", "physical"]
    assert review.children.count() == 1
    assert review.notification_due_on == D(2021, 12, 31)
    change = support_client.get(reverse("admin:reviews_rapidreview_change", args=[review.pk]))
    assert re.search(r"Overdue by \d+ working days \(due 31 Dec 2021\)", change.content.decode())


def test_admin_refuses_a_fifth_child(support_client):
    review = RapidReviewFactory()
    data = {
        "reference": review.reference,
        "year": review.year_id,
        "incident_type": "death",
        "la_aware_on": review.la_aware_on.isoformat(),
        "opened_version": review.version,
        "children-TOTAL_FORMS": "5",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "4",
    }
    for i in range(5):
        data[f"children-{i}-age_band"] = "5_9"
        data[f"children-{i}-sex"] = "female"
    for prefix in ("agency_summaries", "themes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = support_client.post(
        reverse("admin:reviews_rapidreview_change", args=[review.pk]), data
    )
    assert response.status_code == 200
    assert review.children.count() == 0


def test_mark_submitted_to_panel_today(support_client):
    today = timezone.localdate()
    sent = subtract_working_days(today, 2)
    ok = RapidReviewFactory(la_aware_on=sent, notification_sent_on=sent)
    refused = RapidReviewFactory()  # notification not sent: cannot be submitted
    response = support_client.post(
        reverse("admin:reviews_rapidreview_changelist"),
        {"action": "mark_submitted_today", "_selected_action": [ok.pk, refused.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ok.refresh_from_db()
    refused.refresh_from_db()
    assert ok.submitted_to_panel_on == today
    assert ok.rapid_review_clock() == "met"
    assert refused.submitted_to_panel_on is None
    assert "Record the date the notification was sent" in response.content.decode()


def test_the_scrutineer_cannot_run_the_change_action(scrutineer_client):
    review = RapidReviewFactory(notification_sent_on=D(2021, 6, 2))
    scrutineer_client.post(
        reverse("admin:reviews_rapidreview_changelist"),
        {"action": "mark_submitted_today", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.submitted_to_panel_on is None


def test_export_csv_and_xlsx_neutralise_formulas(support_client):
    review = RapidReviewFactory(
        reference="=HYPERLINK(1)", notification_sent_on=add_working_days(D(2021, 6, 1), 2)
    )
    url = reverse("admin:reviews_rapidreview_changelist")
    csv = support_client.post(url, {"action": "export_csv", "_selected_action": [review.pk]})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert "Notification clock" in text and "'=HYPERLINK(1)" in text
    xlsx = support_client.post(url, {"action": "export_xlsx", "_selected_action": [review.pk]})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("factory", [RapidReviewFactory, PracticeReviewFactory, ActionFactory])
def test_change_pages_carry_the_version_and_the_scrutineer_only_reads(
    factory, support_client, scrutineer_user, client
):
    obj = factory()
    url = reverse(f"admin:reviews_{obj._meta.model_name}_change", args=[obj.pk])
    content = support_client.get(url).content.decode()
    assert 'name="opened_version"' in content
    client.force_login(scrutineer_user)
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="opened_version"' not in response.content.decode()


def test_a_stale_admin_save_is_refused(support_client):
    action = ActionFactory(description="Before")
    url = reverse("admin:reviews_action_change", args=[action.pk])
    opened = action.version
    action.description = "Saved by someone else"
    action.save()
    response = support_client.post(
        url,
        {
            "recommendation": action.recommendation_id,
            "description": "Mine",
            "owner_agency": action.owner_agency_id,
            "due_on": "2030-01-31",
            "status": "not_started",
            "opened_version": opened,
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Saved by someone else"


def test_actions_filter_by_reporting_year_and_find_a_review_by_search(support_client):
    """The actions changelist's filters do not grow with the table (bench/scale.py at 100x):
    a reporting year of the due date instead of a date hierarchy, a review found by its title
    instead of a filter listing every review."""
    import datetime as dt

    from tests.factories import ReportingYearFactory
    from tests.reviews.factories import ActionFactory

    ReportingYearFactory(start_year=2024)
    in_year = ActionFactory(
        due_on=dt.date(2025, 3, 31), recommendation__practice_review__title="Fenmoor child F"
    )
    ActionFactory(due_on=dt.date(2025, 4, 1))  # 2025-26
    ActionFactory(due_on=dt.date(2024, 3, 31))  # 2023-24
    url = "/admin/reviews/action/"
    response = support_client.get(url, {"year": "2024"})
    assert response.status_code == 200
    assert [obj.pk for obj in response.context["cl"].result_list] == [in_year.pk]
    assert response.context["cl"].date_hierarchy is None
    found = support_client.get(url, {"q": "Fenmoor child F"})
    assert [obj.pk for obj in found.context["cl"].result_list] == [in_year.pk]
