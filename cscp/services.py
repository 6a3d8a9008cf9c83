"""Accounts and roles: the separation of duties (decision 0004).

Roles (groups), staff and superuser status and direct permissions are granted by a system
administrator (a superuser, created with `manage.py createsuperuser`). Business support may
create and edit agency-lead accounts, and give or take away the agency-lead role, nothing
more. Nobody changes their own roles. Every change is recorded (`RoleChange`) and the
executive members are told by e-mail, through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .mail import addresses_of, send_mail
from .models import RoleChange, User
from .outbox import send_after_commit
from .roles import Role

ONLY_A_SYSTEM_ADMINISTRATOR = (
    "Only a system administrator grants roles other than agency lead, staff or superuser "
    "status, or permissions."
)
NOT_YOUR_OWN = "Nobody changes their own roles: ask a system administrator."


@dataclass(frozen=True)
class RoleState:
    """What a user may do, as far as granting goes."""

    roles: frozenset[str]
    is_staff: bool
    is_superuser: bool
    permissions: frozenset[str]

    @classmethod
    def none(cls) -> RoleState:
        return cls(frozenset(), False, False, frozenset())

    @classmethod
    def of(cls, user) -> RoleState:
        """As stored in the database (not as the form being saved has it in memory)."""
        if user is None or user.pk is None:
            return cls.none()
        row = User.objects.filter(pk=user.pk).values("is_staff", "is_superuser").first()
        if row is None:
            return cls.none()
        perms = Permission.objects.filter(user=user.pk).values_list(
            "content_type__app_label", "codename"
        )
        return cls(
            roles=frozenset(
                User.groups.through.objects.filter(user_id=user.pk).values_list(
                    "group__name", flat=True
                )
            ),
            is_staff=row["is_staff"],
            is_superuser=row["is_superuser"],
            permissions=frozenset(f"{app}.{code}" for app, code in perms),
        )

    def as_json(self) -> dict:
        return {
            "roles": sorted(self.roles),
            "is_staff": self.is_staff,
            "is_superuser": self.is_superuser,
            "permissions": sorted(self.permissions),
        }

    @property
    def is_agency_lead_account(self) -> bool:
        """No role beyond agency lead: the accounts business support look after."""
        return (
            self.roles <= {Role.AGENCY_LEAD.label}
            and not self.is_staff
            and not self.is_superuser
            and not self.permissions
        )


def is_system_administrator(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def may_edit_account(by, user) -> bool:
    """A system administrator edits any account; business support edit agency leads' (and
    new accounts with no role yet), never their own or any other staff member's."""
    if is_system_administrator(by):
        return True
    if not by.has_role(Role.BUSINESS_SUPPORT) or user.pk == by.pk:
        return False
    return RoleState.of(user).is_agency_lead_account


def role_change_check(*, by, user, before: RoleState, after: RoleState) -> None:
    if before == after:
        return
    if user.pk is not None and user.pk == by.pk:
        raise PermissionDenied(NOT_YOUR_OWN)
    if is_system_administrator(by):
        return
    if not (
        by.has_role(Role.BUSINESS_SUPPORT)
        and before.is_agency_lead_account
        and after.is_agency_lead_account
    ):
        raise PermissionDenied(ONLY_A_SYSTEM_ADMINISTRATOR)


@transaction.atomic
def role_change_record(*, user, before: RoleState, by) -> RoleChange | None:
    """After `user`'s roles were saved: refuse the change if `by` may not make it (the caller's
    transaction then rolls it back), else record it and tell the executive."""
    after = RoleState.of(user)
    if after == before:
        return None
    role_change_check(by=by, user=user, before=before, after=after)
    change = RoleChange(
        user=user,
        username=user.username,
        changed_by=by,
        changed_by_username=by.username,
        before=before.as_json(),
        after=after.as_json(),
    )
    change.full_clean()
    change.save()
    send_after_commit(
        "cscp.tasks.email_role_change", key=f"cscp.role_change:{change.pk}", change_id=change.pk
    )
    return change


def describe(state: dict) -> str:
    parts = [", ".join(state.get("roles") or []) or "no role"]
    if state.get("is_staff"):
        parts.append("staff (admin access)")
    if state.get("is_superuser"):
        parts.append("superuser")
    if state.get("permissions"):
        parts.append(f"{len(state['permissions'])} direct permission(s)")
    return "; ".join(parts)


def role_change_email(*, change_id: int) -> int:
    """E-mail every active executive member about a role change; returns how many were sent."""
    change = RoleChange.objects.get(pk=change_id)
    recipients = addresses_of(Role.EXECUTIVE)
    if not recipients:
        return 0
    body = (
        f"{change.changed_by_username} changed the roles of {change.username} "
        f"on {change.at:%d %B %Y at %H:%M}.\n\n"
        f"Before: {describe(change.before)}\n"
        f"After: {describe(change.after)}\n\n"
        "Every role change is kept in the admin (Role changes). If you did not expect this "
        "change, ask the partnership's system administrator."
    )
    send_mail(
        f"Role change: {change.username}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    return len(recipients)
