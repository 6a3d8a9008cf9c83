"""The admin shows the partnership's records first; lockouts, devices, the outbox, renders and
reminders sit under "System", for superusers only."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TECHNICAL = ["Access attempts", "TOTP devices", "Outbox messages", "Pdf renders", "Groups"]


def sidebar_and_index(client):
    return client.get("/admin/").content.decode()


def test_business_support_see_business_records_and_no_system_section(support_client):
    page = sidebar_and_index(support_client)
    assert "Rapid reviews" in page
    assert ">System<" not in page
    for name in TECHNICAL:
        assert f">{name}<" not in page, name


def test_a_superuser_sees_the_system_section_last(client):
    admin_user = UserFactory(username="sysadmin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = sidebar_and_index(client)
    assert ">System<" in page
    system = page.split(">System<", 1)[1]
    assert "Outbox messages" in system and "Pdf renders" in system
    before = page.split(">System<", 1)[0]
    assert "Outbox messages" not in before
