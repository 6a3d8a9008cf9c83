"""Business support's moderation queue in the admin."""

import datetime as dt

import pytest

from feedback.home import panels
from feedback.models import Consent, FeedbackItem, Status
from tests.feedback.factories import CaseStudyFactory, FeedbackItemFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/feedback/feedbackitem/"


def test_queue_shows_received_first(support_client):
    approved = FeedbackItemFactory(status=Status.APPROVED, received_on=dt.date(2022, 1, 1))
    received = FeedbackItemFactory(status=Status.RECEIVED, received_on=dt.date(2021, 5, 1))
    reviewed = FeedbackItemFactory(status=Status.REVIEWED, received_on=dt.date(2022, 2, 1))
    withheld = FeedbackItemFactory(status=Status.WITHHELD, received_on=dt.date(2022, 3, 1))
    response = support_client.get(CHANGELIST)
    assert response.status_code == 200
    order = [obj.pk for obj in response.context["cl"].result_list]
    assert order == [received.pk, reviewed.pk, approved.pk, withheld.pk]


def test_changelist_query_count_is_constant(support_client, django_assert_max_num_queries):
    FeedbackItemFactory()
    with django_assert_max_num_queries(30) as small:
        support_client.get(CHANGELIST)
    for _ in range(15):
        FeedbackItemFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        support_client.get(CHANGELIST)


def _action(client, action, *items):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [i.pk for i in items], "index": 0},
        follow=True,
    )


def test_actions_go_through_the_consent_rules(support_client, support_user):
    consented = FeedbackItemFactory(consent=Consent.YES)
    unconsented = FeedbackItemFactory(consent=Consent.NOT_RECORDED)
    response = _action(support_client, "approve_for_publication", consented, unconsented)
    assert response.status_code == 200
    consented.refresh_from_db()
    unconsented.refresh_from_db()
    assert consented.status == Status.APPROVED
    assert consented.decided_by == support_user
    assert unconsented.status == Status.RECEIVED
    messages = [str(m) for m in response.context["messages"]]
    assert "1 approved for publication." in messages
    assert any("without recorded consent" in m for m in messages)


def test_review_and_withhold_actions(support_client):
    item = FeedbackItemFactory()
    _action(support_client, "mark_reviewed", item)
    item.refresh_from_db()
    assert item.status == Status.REVIEWED
    _action(support_client, "withhold", item)
    item.refresh_from_db()
    assert item.status == Status.WITHHELD


def test_change_form_refuses_withdrawing_consent_of_an_approved_item(support_client):
    item = FeedbackItemFactory(status=Status.APPROVED, consent=Consent.YES)
    data = {
        "received_on": "2021-09-15",
        "source": item.source,
        "channel": item.channel,
        "service": item.service,
        "text": item.text,
        "consent": Consent.NO,
        "opened_version": item.version,
    }
    response = support_client.post(f"{CHANGELIST}{item.pk}/change/", data)
    assert response.status_code == 200  # the form is shown again with the error
    assert "without recorded consent" in response.content.decode()
    item.refresh_from_db()
    assert item.consent == Consent.YES


def test_scrutineer_sees_the_queue_but_cannot_moderate(scrutineer_client):
    item = FeedbackItemFactory()
    response = scrutineer_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "approve_for_publication" not in response.content.decode()
    _action(scrutineer_client, "approve_for_publication", item)
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


def test_home_panel_for_business_support(support_user, executive_user):
    FeedbackItemFactory()
    FeedbackItemFactory()
    FeedbackItemFactory(status=Status.REVIEWED)
    CaseStudyFactory()
    [panel] = panels(support_user)
    assert panel.title == "Feedback awaiting moderation"
    assert [i["text"] for i in panel.items] == [
        "2 feedback items received, not yet reviewed",
        "1 feedback item reviewed, awaiting a decision",
        "1 case study awaiting moderation",
    ]
    assert panel.items[0]["url"] == f"{CHANGELIST}?status__exact=received"
    assert panels(executive_user) == []


def test_home_panel_when_nothing_waits(support_user, support_client):
    FeedbackItemFactory(status=Status.APPROVED)
    [panel] = panels(support_user)
    assert panel.items == []
    page = support_client.get("/").content.decode()
    assert "No feedback is waiting to be moderated." in page


def test_feedbackitem_str():
    assert str(FeedbackItem(source="child", received_on=dt.date(2021, 6, 1))) == (
        "Child feedback, 01 June 2021"
    )


@pytest.mark.parametrize(
    "model", ["feedbackitem", "casestudy", "yousaidwedid", "survey", "surveyquestion"]
)
def test_admin_pages_open(support_client, model):
    from tests.feedback.factories import (
        SurveyAnswerFactory,
        YouSaidWeDidFactory,
    )

    FeedbackItemFactory()
    CaseStudyFactory()
    YouSaidWeDidFactory()
    SurveyAnswerFactory()
    base = f"/admin/feedback/{model}/"
    assert support_client.get(base).status_code == 200
    assert support_client.get(f"{base}add/").status_code == 200
    from django.apps import apps

    obj = apps.get_model("feedback", model).objects.first()
    assert support_client.get(f"{base}{obj.pk}/change/").status_code == 200
    assert support_client.get(f"{base}{obj.pk}/history/").status_code == 200


def test_changelist_filters_by_reporting_year_without_a_date_hierarchy(support_client):
    """Business support pick a reporting year (April-March); the date hierarchy, whose links
    scan every item's date, is gone (bench/scale.py, issue 17)."""
    from tests.factories import ReportingYearFactory

    ReportingYearFactory(start_year=2021)
    in_year = FeedbackItemFactory(received_on=dt.date(2022, 3, 31))
    FeedbackItemFactory(received_on=dt.date(2022, 4, 1))  # 2022-23
    FeedbackItemFactory(received_on=dt.date(2021, 3, 31))  # 2020-21
    response = support_client.get(CHANGELIST, {"year": "2021"})
    assert response.status_code == 200
    assert [obj.pk for obj in response.context["cl"].result_list] == [in_year.pk]
    assert "2021-22" in response.content.decode()
    assert response.context["cl"].date_hierarchy is None
