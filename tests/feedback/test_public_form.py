"""The public feedback form: no login, validation, honeypot, rate limit, nothing shown before
approval, HTML escaped wherever shown."""

import pytest
from django.core import mail
from django.urls import reverse

from feedback import services
from feedback.models import Consent, FeedbackItem, Status
from feedback.report import contribution
from feedback.views import RATE_LIMIT

pytestmark = pytest.mark.django_db

URL = "/feedback/tell-us/"
HOSTILE = '<script>alert("x")</script><b>bold</b>'


def valid(**overrides):
    data = {
        "text": "My keyworker really listened to me.",
        "source": FeedbackItem.Source.YOUNG_PERSON,
        "service": "keyworker",
        "consent": Consent.YES,
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_is_open_to_anyone_and_plain(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "What would you like to tell us?" in page
    assert "Can we share what you said" in page
    assert 'class="govuk-radios' in page
    assert "cscp-honeypot" in page
    assert "<script>" not in page.split("</main>")[0]  # no inline script in the page body


def test_submission_lands_as_received(client, role_groups):
    response = client.post(URL, valid(contact_email="mum@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback_public_thanks")
    item = FeedbackItem.objects.get()
    assert item.status == Status.RECEIVED
    assert item.channel == FeedbackItem.Channel.PUBLIC_FORM
    assert item.consent == Consent.YES
    assert item.contact_email == "mum@example.org"
    assert client.get(response["Location"]).status_code == 200


def test_business_support_are_told_without_the_words(
    client, support_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid(text="Something only the moderator should read"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [support_user.email]
    assert "Something only" not in mail.outbox[0].body


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"text": ""}, "Tell us what you would like to say"),
        ({"text": "   "}, "Tell us what you would like to say"),
        ({"source": ""}, "Select who you are"),
        ({"consent": ""}, "Select if we can share what you said"),
        ({"consent": "maybe"}, "Select a valid choice"),
        ({"contact_email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"text": "x" * 5001}, "5000 characters or fewer"),
    ],
)
def test_validation_errors_are_summarised(client, overrides, message):
    response = client.post(URL, valid(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert page.count("<title>Error:") == 1
    assert not FeedbackItem.objects.exists()


def test_honeypot_saves_nothing_but_looks_like_success(client):
    response = client.post(URL, valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not FeedbackItem.objects.exists()


def test_rate_limited_per_address(client):
    for _ in range(RATE_LIMIT):
        assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid())
    assert response.status_code == 429
    assert "you have sent too many messages" in response.content.decode()
    assert FeedbackItem.objects.count() == RATE_LIMIT
    # Another address is not affected.
    other = client.post(URL, valid(), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_nothing_is_shown_before_approval(client, executive_client, year):
    client.post(URL, valid(text="Unmoderated words"))
    page = executive_client.get("/feedback/").content.decode()
    assert "Unmoderated words" not in page
    assert "Unmoderated words" not in str(contribution(year))


def test_html_in_the_text_is_escaped_wherever_shown(client, support_user, executive_client):
    from django.template.loader import render_to_string

    from cscp.models import ReportingYear

    client.post(URL, valid(text=HOSTILE, service="<i>svc</i>"))
    item = FeedbackItem.objects.get()
    assert item.text == HOSTILE  # stored as given
    services.feedback_approve_for_publication(item=item, by=support_user)

    page = executive_client.get("/feedback/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page
    assert "<i>svc</i>" not in page

    year = ReportingYear.current()
    html = render_to_string(
        "feedback/report/voice.html",
        {"data": contribution(year), "public": True, "year_label": year.label},
    )
    assert "&lt;script&gt;" in html
    assert "<script>" not in html and "<b>bold</b>" not in html

    client.force_login(support_user)
    admin_page = client.get(f"/admin/feedback/feedbackitem/{item.pk}/change/").content.decode()
    assert '<script>alert("x")' not in admin_page
