import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from cscp.roles import PROJECT_APPS

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> dict:
    return {
        # A fixed sample (by primary key) plus the count: default orderings have ties.
        model._meta.label: sorted(str(obj) for obj in model._default_manager.order_by("pk")[:300])
        + [model._default_manager.count()]
        for name in PROJECT_APPS
        for model in apps.get_app_config(name).get_models()
    }


def test_backup_then_restore_into_an_empty_database_gives_the_same_records(tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = fingerprint()
    backup = tmp_path / "cscp.xml.gz"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert backup.stat().st_size > 0

    call_command("flush", interactive=False, verbosity=0)
    assert fingerprint() != before
    call_command("restore", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert fingerprint() == before


def test_restore_refuses_a_database_that_already_has_records(tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    backup = tmp_path / "cscp.json"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(backup))
