"""Every domain model keeps its history (who, when, what), visible in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import registered_models

from cscp.roles import PROJECT_APPS
from tests.factories import AgencyFactory, UserFactory

# Infrastructure, not partnership records: the task outbox keeps its own attempts and errors.
NOT_DOMAIN = {"OutboxMessage"}


def domain_models():
    for name in PROJECT_APPS:
        for model in apps.get_app_config(name).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            if model.__name__ in NOT_DOMAIN:
                continue
            yield model


def test_every_domain_model_keeps_history():
    tracked = set(registered_models.values())
    missing = [m.__name__ for m in domain_models() if m not in tracked]
    assert missing == []


def test_every_admin_of_a_domain_model_shows_history():
    plain = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
        and model.__name__ not in NOT_DOMAIN
        and not isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert plain == []


@pytest.mark.django_db
def test_admin_change_is_recorded_with_who_and_what(support_client, support_user):
    agency = AgencyFactory(name="Early Help", kind="local_authority")
    response = support_client.post(
        f"/admin/cscp/agency/{agency.pk}/change/",
        {
            "name": "Early Help Service",
            "short_name": "Early Help",
            "kind": "local_authority",
            "active": "on",
            "opened_version": agency.version,
        },
    )
    assert response.status_code == 302
    latest = agency.history.latest()
    assert latest.history_user == support_user
    assert latest.history_type == "~"
    # The version number is bookkeeping (it moves on every save), not a change anyone made.
    delta = latest.diff_against(latest.prev_record, excluded_fields=["version"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "Early Help", "Early Help Service")
    ]
    page = support_client.get(f"/admin/cscp/agency/{agency.pk}/history/")
    assert b"Early Help Service" in page.content


@pytest.mark.django_db
def test_role_changes_to_a_user_are_recorded(role_groups):
    user = UserFactory(username="audited")
    user.first_name = "Changed"
    user.save()
    assert user.history.count() == 2
