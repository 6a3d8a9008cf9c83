import pytest
from django.test import override_settings

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5"
    )


def test_signs_in_with_the_right_password_and_lands_home(client, support_user):
    response = attempt(client, support_user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_an_error_summary(client, support_user):
    response = attempt(client, support_user.username, "wrong")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Please enter a correct username and password" in response.content


def test_locks_out_after_five_failures_even_with_the_right_password(client, support_user):
    for _ in range(5):
        attempt(client, support_user.username, "wrong")
    response = attempt(client, support_user.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_out(client, support_user):
    for _ in range(4):
        attempt(client, support_user.username, "wrong")
    assert attempt(client, support_user.username, TEST_PASSWORD).status_code == 302


def test_session_id_changes_at_sign_in(client, support_user):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    attempt(client, support_user.username, TEST_PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_open_redirect_on_next_is_refused(client, support_user):
    response = client.post(
        "/accounts/login/?next=https://evil.example.com/",
        {
            "username": support_user.username,
            "password": TEST_PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_password_validators_reject_weak_passwords(role_groups):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = UserFactory(username="weakling")
    with pytest.raises(ValidationError):
        validate_password("password123", user)
    validate_password("a-much-longer-passphrase-2026", user)


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_idle_session_expires(client, support_user):
    client.force_login(support_user)
    assert client.get("/").status_code == 200
    session = client.session
    session["cscp_last_seen"] = session["cscp_last_seen"] - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_logout_needs_post(client, support_user):
    client.force_login(support_user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_an_over_long_username_is_refused_clearly(client, support_user):
    response = attempt(client, "9" * 300, "whatever")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"at most 150 characters" in response.content
