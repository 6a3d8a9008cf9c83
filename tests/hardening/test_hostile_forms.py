"""Hostile input to the site's other forms (those people fill outside the admin): random text
in every field never gives a 500, and a refused form changes nothing."""

import re

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening.test_hostile_input import HYPOTHESIS, NASTY_TEXT

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'<(?:input|textarea|select)[^>]*name="([a-z_0-9-]+)"')


def fields_of(client, url) -> list[str]:
    html = client.get(url).content.decode()
    main = html[html.find('id="main-content"') :]
    return sorted(set(FIELD.findall(main)) - {"csrfmiddlewaretoken"})


def state(objects) -> list[dict]:
    return [model_to_dict(obj.__class__.objects.get(pk=obj.pk)) for obj in objects]


def post_hostile(client, url, values, watched):
    cache.clear()
    names = fields_of(client, url)
    assert names, f"no form fields found at {url}"
    before = state(watched)
    response = client.post(url, dict(zip(names, values, strict=False)))
    # 429: five failed sign-ins lock the account (a clear page, nothing written).
    assert response.status_code in (200, 302, 400, 403, 404, 429), response.status_code
    if response.status_code != 302:
        assert state(watched) == before, "a refused form changed a record"
    assert "<script>alert(1)</script>" not in response.content.decode()
    return response


VALUES = st.lists(NASTY_TEXT, min_size=12, max_size=12)


@HYPOTHESIS
@given(values=VALUES)
def test_review_action_update_by_an_agency_lead(agency_lead_client, lead_agency, values):
    from tests.reviews.factories import ActionFactory

    action = ActionFactory(owner_agency=lead_agency)
    post_hostile(agency_lead_client, f"/reviews/actions/{action.pk}/", values, [action])


@HYPOTHESIS
@given(values=VALUES)
def test_priority_group_action_update_by_an_agency_lead(agency_lead_client, lead_agency, values):
    from tests.priority_groups.factories import ActionFactory

    action = ActionFactory(owner_agency=lead_agency)
    post_hostile(agency_lead_client, f"/priority-groups/actions/{action.pk}/", values, [action])


@HYPOTHESIS
@given(values=VALUES)
def test_training_evaluation_and_follow_up(client, values):
    from tests.training.factories import BookingFactory, past_session
    from training.models import Booking, Evaluation

    booking = BookingFactory(session=past_session(), status=Booking.Status.ATTENDED)
    post_hostile(client, f"/training/evaluate/{booking.token}/", values, [booking])
    if Evaluation.objects.filter(booking=booking).exists():
        evaluation = Evaluation.objects.get(booking=booking)
        post_hostile(client, f"/training/follow-up/{booking.token}/", values, [evaluation])


@HYPOTHESIS
@given(values=VALUES)
def test_training_register_by_business_support(support_client, values):
    from tests.training.factories import BookingFactory, past_session

    session = past_session()
    bookings = [BookingFactory(session=session) for _ in range(2)]
    post_hostile(support_client, f"/training/registers/{session.pk}/", values, bookings)


@HYPOTHESIS
@given(values=VALUES)
def test_sign_in_and_two_factor_forms(client, support_user, values):
    client.logout()
    post_hostile(client, "/accounts/login/", values, [support_user])
    client.force_login(support_user)
    post_hostile(client, "/accounts/two-factor/", values, [support_user])
