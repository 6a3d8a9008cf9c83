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
    backup = tmp_path / "cscp.yaml.gz"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert backup.stat().st_size > 0

    call_command("flush", interactive=False, verbosity=0)
    assert fingerprint() != before
    call_command("restore", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert fingerprint() == before


def test_restore_refuses_a_database_that_already_has_records(tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    backup = tmp_path / "cscp.yaml"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(backup))


def test_a_restored_database_gives_the_same_published_report_hash(tmp_path):
    from cscp.models import AnnualReport, ReportSnapshot, User
    from cscp.reporting.compose import content_hash
    from cscp.reporting.services import freeze

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    report = AnnualReport.objects.get(year__start_year=2021)
    snapshot = freeze(report=report, by=User.objects.get(username="support"))
    published_hash = snapshot.content_hash
    backup = tmp_path / "cscp.yaml.gz"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The demo's report is published already (version 1): this freeze is the next version.
    restored = ReportSnapshot.objects.get(report__year__start_year=2021, version=snapshot.version)
    assert restored.content_hash == published_hash
    assert content_hash(restored.content) == published_hash
    assert restored.html == snapshot.html


def test_backup_names_its_format(tmp_path):
    with pytest.raises(CommandError, match="yaml"):
        call_command("backup", str(tmp_path / "cscp.zip"))
