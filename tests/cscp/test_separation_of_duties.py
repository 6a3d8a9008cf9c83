"""Separation of duties in the user admin: roles, staff and superuser status are granted by a
system administrator (a superuser); business support create and edit agency-lead accounts
only; nobody changes their own roles; every role change is recorded and the executive told."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from cscp import services
from cscp.models import RoleChange, User
from cscp.roles import Role
from tests.admin_forms import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_admin(role_groups):
    return User.objects.create_superuser("sysadmin", "sysadmin@example.org", "Sys-admin-2026!")


@pytest.fixture
def lead(agency_lead_user):
    return agency_lead_user


def group(role):
    return Group.objects.get(name=role.label)


def change_data(user, **changes):
    """What the admin's change form posts for `user` (as a system administrator sees it)."""
    request = RequestFactory().get("/admin/")
    request.user = User(username="form-builder", is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[User]
    data = form_data(model_admin.get_form(request, user, change=True)(instance=user))
    data.update(changes)
    return data


def post_change(client, user, **changes):
    return client.post(f"/admin/cscp/user/{user.pk}/change/", change_data(user, **changes))


def roles_of(user):
    user = User.objects.get(pk=user.pk)
    return {g.name for g in user.groups.all()}, user.is_staff, user.is_superuser


def test_business_support_creates_and_edits_an_agency_lead_account(
    support_client, lead_agency, executive_user, django_capture_on_commit_callbacks
):
    response = support_client.post(
        "/admin/cscp/user/add/",
        {
            "username": "new-lead",
            "usable_password": "true",
            "password1": "Agency-lead-2026!",
            "password2": "Agency-lead-2026!",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    new = User.objects.get(username="new-lead")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            support_client,
            new,
            email="new-lead@example.org",
            groups=[str(group(Role.AGENCY_LEAD).pk)],
            agencies=[str(lead_agency.pk)],
        )
    assert response.status_code == 302, response.content[:3000]
    assert roles_of(new) == ({Role.AGENCY_LEAD.label}, False, False)
    change = RoleChange.objects.get(user=new)
    assert change.changed_by.username == "t-support"
    assert change.before["roles"] == [] and change.after["roles"] == [Role.AGENCY_LEAD.label]
    # The executive is told, through the outbox.
    to_executive = [m for m in mail.outbox if executive_user.email in m.to]
    assert len(to_executive) == 1
    assert "new-lead" in to_executive[0].body and Role.AGENCY_LEAD.label in to_executive[0].body
    assert "t-support" in to_executive[0].body


@pytest.mark.parametrize(
    "changes",
    [
        {"groups": "executive"},
        {"groups": "scrutineer"},
        {"groups": "support"},
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {"user_permissions": "all"},
    ],
    ids=["executive", "scrutineer", "support", "superuser", "staff", "permissions"],
)
def test_business_support_grant_nothing_beyond_agency_lead(support_client, lead, changes):
    key, value = next(iter(changes.items()))
    if key == "groups":
        role = {
            "executive": Role.EXECUTIVE,
            "scrutineer": Role.SCRUTINEER,
            "support": Role.BUSINESS_SUPPORT,
        }[value]
        value = [str(group(Role.AGENCY_LEAD).pk), str(group(role).pk)]
    if key == "user_permissions":
        from django.contrib.auth.models import Permission

        value = [str(p.pk) for p in Permission.objects.all()[:20]]
    before = roles_of(lead)
    post_change(support_client, lead, **{key: value})
    assert roles_of(lead) == before
    assert not User.objects.get(pk=lead.pk).user_permissions.exists()
    assert not RoleChange.objects.exists()


def test_business_support_may_not_edit_other_staff_or_executive_accounts(
    support_client, executive_user, scrutineer_user
):
    other_support = UserFactory(username="t-support-2", roles=[Role.BUSINESS_SUPPORT])
    for user in (executive_user, scrutineer_user, other_support):
        before = roles_of(user)
        response = post_change(support_client, user, first_name="Changed")
        assert response.status_code == 403, user
        assert User.objects.get(pk=user.pk).first_name != "Changed"
        assert roles_of(user) == before
        # Nor take over the account by setting its password, nor delete it.
        response = support_client.post(
            f"/admin/cscp/user/{user.pk}/password/",
            {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"},
        )
        assert response.status_code == 403
        assert not User.objects.get(pk=user.pk).check_password("Taken-over-2026!")
        response = support_client.post(
            "/admin/cscp/user/",
            {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"},
        )
        assert User.objects.filter(pk=user.pk).exists()


def test_business_support_may_not_change_their_own_roles(support_client, support_user):
    before = roles_of(support_user)
    response = post_change(
        support_client,
        support_user,
        groups=[str(group(Role.BUSINESS_SUPPORT).pk), str(group(Role.EXECUTIVE).pk)],
        is_superuser="on",
    )
    assert response.status_code == 403
    assert roles_of(support_user) == before


def test_a_system_administrator_grants_roles_and_the_executive_is_told(
    client, system_admin, lead, executive_user, django_capture_on_commit_callbacks
):
    client.force_login(system_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            client,
            lead,
            groups=[str(group(Role.AGENCY_LEAD).pk), str(group(Role.EXECUTIVE).pk)],
        )
    assert response.status_code == 302, response.content[:3000]
    assert roles_of(lead)[0] == {Role.AGENCY_LEAD.label, Role.EXECUTIVE.label}
    change = RoleChange.objects.get(user=lead)
    assert change.changed_by == system_admin
    assert change.after["roles"] == sorted([Role.AGENCY_LEAD.label, Role.EXECUTIVE.label])
    [message] = [m for m in mail.outbox if executive_user.email in m.to]
    assert Role.EXECUTIVE.label in message.body and "sysadmin" in message.body


def test_a_system_administrator_does_not_change_their_own_roles(client, system_admin):
    client.force_login(system_admin)
    post_change(client, system_admin, groups=[str(group(Role.EXECUTIVE).pk)], is_superuser="")
    assert roles_of(system_admin) == (set(), True, True)
    assert not RoleChange.objects.exists()


def test_the_service_refuses_what_the_admin_form_does_not_offer(support_user, lead):
    """Whatever the door, the rule is the service's: business support granting the executive
    role is refused and nothing is recorded."""
    before = services.RoleState.of(lead)
    lead.groups.add(group(Role.EXECUTIVE))
    with pytest.raises(PermissionDenied):
        services.role_change_record(user=lead, before=before, by=support_user)
    own = services.RoleState.of(support_user)
    with pytest.raises(PermissionDenied):
        services.role_change_check(
            by=support_user,
            user=support_user,
            before=own,
            after=services.RoleState(
                roles=own.roles | {Role.EXECUTIVE.label},
                is_staff=own.is_staff,
                is_superuser=own.is_superuser,
                permissions=own.permissions,
            ),
        )
    assert not RoleChange.objects.exists()
