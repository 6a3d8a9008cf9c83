import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})


def test_staff_member_turns_on_two_factor_with_a_code_from_their_app(client, support_user):
    sign_in(client, support_user)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=support_user, confirmed=False)

    wrong = client.post(
        "/accounts/two-factor/",
        {"token": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert b"That code is not right" in wrong.content
    assert not TOTPDevice.objects.filter(user=support_user, confirmed=True).exists()
    device.refresh_from_db()
    device.throttle_reset()  # a failed code makes the next attempt wait a second

    done = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=support_user).confirmed


def test_once_on_every_sign_in_needs_a_code(client, support_user):
    device = TOTPDevice.objects.create(user=support_user, name="phone", confirmed=True)
    sign_in(client, support_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/admin/").status_code == 302
    bad = client.post("/accounts/two-factor/verify/?next=/", {"token": "12345x"})
    assert bad.status_code == 200
    ok = client.post("/accounts/two-factor/verify/", {"token": current_code(device), "next": "/"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200


def test_verify_does_not_redirect_off_site(client, support_user):
    device = TOTPDevice.objects.create(user=support_user, name="phone", confirmed=True)
    sign_in(client, support_user)
    ok = client.post(
        "/accounts/two-factor/verify/",
        {"token": current_code(device), "next": "https://evil.example.com/"},
    )
    assert ok["Location"] == "/"


def test_setting_can_require_two_factor_for_staff(
    client, settings, executive_user, agency_lead_user
):
    settings.REQUIRE_STAFF_2FA = True
    sign_in(client, executive_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    client.logout()
    sign_in(client, agency_lead_user)
    assert client.get("/").status_code == 200


def test_the_admin_never_shows_device_secrets(support_client, executive_user):
    device = TOTPDevice.objects.create(user=executive_user, name="phone", confirmed=True)
    page = support_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key.encode() not in page.content
