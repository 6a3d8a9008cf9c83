"""`migrate` gives the role groups every project app's permissions, the apps after cscp too."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from cscp.roles import PROJECT_APPS, Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_migrate_gives_the_roles_every_project_apps_permissions():
    # As on a new database: the groups exist, the report's permissions do not yet.
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="reporting").delete()
    call_command("migrate", verbosity=0)
    support = Group.objects.get(name=Role.BUSINESS_SUPPORT.label)
    scrutineer = Group.objects.get(name=Role.SCRUTINEER.label)
    granted = set(support.permissions.values_list("content_type__app_label", flat=True))
    assert set(PROJECT_APPS) <= granted
    assert support.permissions.filter(codename="change_annualreport").exists()
    assert scrutineer.permissions.filter(codename="view_annualreport").exists()
    assert not scrutineer.permissions.filter(codename="change_annualreport").exists()
