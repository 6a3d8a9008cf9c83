"""Every state-changing page refuses a GET and a POST without a CSRF token."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cscp.models import User
from tests.test_permission_matrix import declared_rules

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "support": "support",
    "agency_lead": "agencylead",
    "executive": "executive",
    "scrutineer": "scrutineer",
}


def allowed_role(rule):
    for role in ("support", "agency_lead", "executive", "scrutineer", "no_role"):
        if rule.expect.get(role) not in (403, 404, "login"):
            return role
    return None


def test_state_changing_urls_need_post_and_a_csrf_token():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    problems = []
    checked = 0
    for name, rule in declared_rules().items():
        if rule.method != "post":
            continue
        role = allowed_role(rule)
        url = reverse(name, kwargs=rule.kwargs()) + rule.query
        client = Client(enforce_csrf_checks=True)
        if role in DEMO_USERS:
            client.force_login(User.objects.get(username=DEMO_USERS[role]))
        if client.get(url).status_code != 405:
            problems.append(f"{name}: GET is not refused with 405")
        status = client.post(url, rule.data()).status_code
        if status != 403:
            problems.append(f"{name}: POST without CSRF token answered {status}")
        checked += 1
    assert problems == []
    assert checked >= 1
