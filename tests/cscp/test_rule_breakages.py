"""A rule a single-line breakage once got past every test: a sign-in lockout ends after the
one-hour cool-off (it is not permanent), and not before."""

import datetime as dt

import pytest
from axes.models import AccessAttempt

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5"
    )


def _age_attempts(minutes):
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(
            attempt_time=row.attempt_time - dt.timedelta(minutes=minutes)
        )


def test_the_lockout_lasts_the_hour(client, support_user):
    for _ in range(5):
        attempt(client, support_user.username, "wrong")
    _age_attempts(59)
    assert attempt(client, support_user.username, TEST_PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_hour(client, support_user):
    for _ in range(5):
        attempt(client, support_user.username, "wrong")
    assert attempt(client, support_user.username, TEST_PASSWORD).status_code == 429
    _age_attempts(61)
    response = attempt(client, support_user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
