"""Writes of the partnership core outside the admin: the set-up page's one action, and the
`setup_partnership` command's."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cscp.models import ReportingYear, User
from cscp.roles import Role, sync_role_groups


@transaction.atomic
def start_reporting_year(*, start_year: int, by: User) -> ReportingYear:
    """Start a reporting year (idempotent): returns and reports hang off it."""
    if not by.has_role(Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    year = ReportingYear(start_year=start_year)
    year.full_clean(validate_unique=False)
    year, _ = ReportingYear.objects.get_or_create(start_year=start_year)
    return year


@transaction.atomic
def make_business_support(*, user: User) -> User:
    """Give a person (e.g. the first superuser) the business support role and the admin."""
    sync_role_groups()
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_staff = True
    user.full_clean()
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=Role.BUSINESS_SUPPORT.label))
    return user
