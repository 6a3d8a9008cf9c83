"""Public pages speak to the public (issue 16): the "confidential" line of the footer is for
signed-in users only; the feedback form gives the partnership's own numbers from its record."""

import pytest

from cscp.partnership.models import Partnership

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "Records here are confidential: do not share outside the partnership"
PUBLIC_PAGES = ["/feedback/tell-us/", "/training/courses/", "/accounts/login/"]


@pytest.fixture
def fenmoor(db):
    return Partnership.objects.create(
        name="Fenmoor Safeguarding Children Partnership",
        short_name="FSCP",
        contact_phone="01632 960 123",
        children_services_phone="01632 960 456",
        out_of_hours_phone="01632 960 789",
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_do_not_tell_the_public_records_are_confidential(client, fenmoor, url):
    html = client.get(url).content.decode()
    assert "Fenmoor Safeguarding Children Partnership" in html
    assert CONFIDENTIAL not in html


def test_signed_in_pages_say_records_are_confidential(client, fenmoor, support_user):
    client.force_login(support_user)
    assert CONFIDENTIAL in client.get("/").content.decode()
    assert CONFIDENTIAL in client.get("/feedback/tell-us/").content.decode()


def test_the_feedback_form_gives_the_partnerships_numbers(client, fenmoor):
    html = client.get("/feedback/tell-us/").content.decode()
    assert "call children&#x27;s services on 01632 960 456" in html or (
        "call children's services on 01632 960 456" in html
    )
    assert "01632 960 789 out of hours" in html
    assert (
        'Call the partnership on <a class="govuk-link" href="tel:01632960123">01632 960 123' in html
    )


def test_without_a_contact_phone_the_form_offers_none(client, fenmoor):
    fenmoor.contact_phone = ""
    fenmoor.save()
    html = client.get("/feedback/tell-us/").content.decode()
    assert 'id="feedback-phone"' not in html
