import pytest
from django.urls import reverse
from django.utils import timezone

from cscp.working_days import subtract_working_days
from reviews import demo as reviews_demo
from reviews.home import panels
from reviews.models import Action, PracticeReview, RapidReview, ReviewTheme

from .factories import ActionFactory, RapidReviewFactory

pytestmark = pytest.mark.django_db


def test_clock_panel_for_support_and_executive(support_user, executive_user, agency_lead_user):
    today = timezone.localdate()
    RapidReviewFactory(reference="RR-LATE", la_aware_on=subtract_working_days(today, 8))
    RapidReviewFactory(reference="RR-SOON", la_aware_on=subtract_working_days(today, 3))
    RapidReviewFactory(reference="RR-CALM", la_aware_on=today)
    for user in (support_user, executive_user):
        panel = next(p for p in panels(user) if p.title.startswith("Rapid review clocks"))
        texts = " ".join(i["text"] for i in panel.items)
        assert "RR-LATE: notification due" in texts
        assert "RR-SOON: notification due" in texts
        assert "RR-CALM" not in texts
        assert {i["tag"] for i in panel.items} == {"Overdue by 3 working days", "Due soon"}
    assert all(p.title != panel.title for p in panels(agency_lead_user))


def test_action_panel_for_agency_leads_shows_only_their_agencys_actions(
    agency_lead_user, lead_agency, other_agency, scrutineer_user
):
    ActionFactory(owner_agency=lead_agency, description="Ours overdue", due_on="2020-01-01")
    ActionFactory(owner_agency=lead_agency, description="Ours done", status="complete")
    ActionFactory(owner_agency=other_agency, description="Theirs")
    (panel,) = panels(agency_lead_user)
    assert [i["text"].split(" – ")[0] for i in panel.items] == ["Ours overdue"]
    assert panel.items[0]["tag"] == "Overdue"
    assert panels(scrutineer_user) == []


def test_home_page_shows_the_panels(support_client):
    RapidReviewFactory(
        reference="RR-HOME", la_aware_on=subtract_working_days(timezone.localdate(), 9)
    )
    content = support_client.get(reverse("home")).content.decode()
    assert "Rapid review clocks due soon or overdue" in content
    assert "RR-HOME" in content


def test_demo_is_idempotent(demo):
    counts = [m.objects.count() for m in (RapidReview, PracticeReview, ReviewTheme, Action)]
    history = RapidReview.history.count()
    reviews_demo.load()
    assert [m.objects.count() for m in (RapidReview, PracticeReview, ReviewTheme, Action)] == counts
    assert counts[0] == 10
    assert RapidReview.history.count() >= history


def test_daily_clock_reminder_emails_business_support(support_user):
    from django.core import mail

    from reviews.tasks import send_clock_reminders

    assert send_clock_reminders.delay().get() == 0
    assert mail.outbox == []
    RapidReviewFactory(
        reference="RR-MAIL", la_aware_on=subtract_working_days(timezone.localdate(), 9)
    )
    assert send_clock_reminders.delay().get() == 1
    (message,) = mail.outbox
    assert message.to == [support_user.email]
    assert "RR-MAIL: Notification overdue" in message.body


def test_the_executive_sees_every_agencys_overdue_review_actions(
    executive_user, support_user, lead_agency, other_agency
):
    ActionFactory(owner_agency=lead_agency, description="Ours overdue", due_on="2020-01-01")
    ActionFactory(owner_agency=other_agency, description="Theirs overdue", due_on="2020-01-02")
    ActionFactory(
        owner_agency=other_agency, description="Theirs done", due_on="2020-01-02", status="complete"
    )
    ActionFactory(owner_agency=other_agency, description="Theirs later")
    (panel,) = [p for p in panels(executive_user) if p.title.startswith("Overdue review actions")]
    assert panel.title == "Overdue review actions: 2"
    texts = [i["text"] for i in panel.items]
    assert texts[0].startswith("Ours overdue (") and texts[1].startswith("Theirs overdue (")
    assert all(i["tag"].startswith("Overdue by ") for i in panel.items)
    assert not [p for p in panels(support_user) if p.title.startswith("Overdue review actions")]
