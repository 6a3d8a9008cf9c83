import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
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


def test_restore_refuses_a_database_that_already_has_records(tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    backup = tmp_path / "cscp.yaml"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(backup))


def test_backup_names_its_format(tmp_path):
    with pytest.raises(CommandError, match="yaml"):
        call_command("backup", str(tmp_path / "cscp.zip"))


def test_a_new_machine_restored_from_a_backup_has_the_same_records_files_and_report(
    tmp_path, settings
):
    """One backup-and-restore cycle of the loaded demo (each takes minutes on a small machine):
    the same records, the uploaded files in a new, empty media folder, and a published
    report's frozen content with the same hash and page."""
    from django.core.files.base import ContentFile

    from cscp.models import User
    from cscp.reporting.compose import content_hash
    from cscp.reporting.models import AnnualReport, ReportSnapshot
    from cscp.reporting.services import report_freeze
    from priority_groups.models import Outcome

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    outcome = Outcome.objects.order_by("pk").first()
    outcome.evidence_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 the minutes"), save=True)
    # The demo's published report made its PDF already; one more file beside it.
    (settings.MEDIA_ROOT / "reports" / "pdf").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "reports" / "pdf" / "annual-report.pdf").write_bytes(b"%PDF-1.7 r")
    stored = outcome.evidence_file.name
    report = AnnualReport.objects.get(year__start_year=2021)
    snapshot = report_freeze(report=report, by=User.objects.get(username="support"))
    published_hash = snapshot.content_hash
    before = fingerprint()
    backup = tmp_path / "backups" / "cscp.yaml.gz"
    backup.parent.mkdir()
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert backup.stat().st_size > 0

    # A new machine: an empty database and an empty media folder.
    call_command("flush", interactive=False, verbosity=0)
    assert fingerprint() != before
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert fingerprint() == before
    restored = Outcome.objects.get(pk=outcome.pk)
    assert restored.evidence_file.name == stored
    assert restored.evidence_file.read() == b"%PDF-1.4 the minutes"
    published = settings.MEDIA_ROOT / "reports" / "pdf" / "annual-report.pdf"
    assert published.read_bytes() == b"%PDF-1.7 r"
    # The demo's report is published already (version 1): the freeze above is the next version.
    frozen = ReportSnapshot.objects.get(report__year__start_year=2021, version=snapshot.version)
    assert frozen.content_hash == published_hash
    assert content_hash(frozen.content) == published_hash
    assert frozen.html == snapshot.html


def test_restore_refuses_a_media_folder_that_already_holds_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "old.pdf").write_bytes(b"old")
    backup = tmp_path / "cscp.yaml"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="empty media folder"):
        call_command("restore", str(backup))


def test_restore_refuses_a_media_archive_that_escapes_the_folder(tmp_path, settings):
    import io
    import tarfile

    settings.MEDIA_ROOT = tmp_path / "media"
    backup = tmp_path / "cscp.yaml"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)
    media = tmp_path / "cscp.media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        member = tarfile.TarInfo("../escaped.txt")
        member.size = 3
        archive.addfile(member, io.BytesIO(b"bad"))
    with pytest.raises(CommandError, match="media archive"):
        call_command("restore", str(backup))
    assert not (tmp_path / "escaped.txt").exists()


def test_a_backup_made_before_the_report_had_its_own_app_restores(tmp_path, settings):
    """Until cscp 0012 the report's records were app cscp's: a backup of then names them so."""
    import gzip
    import re

    from cscp.models import User
    from cscp.reporting.models import AnnualReport, NarrativeBlock
    from tests.report.factories import AnnualReportFactory, NarrativeBlockFactory, section

    report = AnnualReportFactory()
    NarrativeBlockFactory(section=section(report, "foreword"), body="Kept *exactly*.")
    user = User.objects.create_user("reader")
    user.user_permissions.add(Permission.objects.get(codename="view_annualreport"))
    backup = tmp_path / "cscp.yaml.gz"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with gzip.open(backup, "rt", encoding="utf-8") as file:
        text = file.read()
    old = re.sub(r"(- view_annualreport\n\s*- )reporting\n", r"\1cscp\n", text)
    old = old.replace("- model: reporting.", "- model: cscp.")
    # Report templates came after the move: an old backup never named them under cscp.
    later = "reporttemplate|templatepart|templatesection|checklistrequirement"
    old = re.sub(
        rf"- model: cscp\.(historical)?({later})\n",
        r"- model: reporting.\1\2\n",
        old,
    )
    assert old.count("model: cscp.annualreport") == 1
    assert re.search(r"- cscp\n\s*- annualreport\n", old)
    with gzip.open(backup, "wt", encoding="utf-8") as file:
        file.write(old)

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    restored = AnnualReport.objects.get(pk=report.pk)
    assert restored.history.count() == report.history.count()
    assert NarrativeBlock.objects.get(section__report=restored).body == "Kept *exactly*."
    assert User.objects.get(username="reader").has_perm("reporting.view_annualreport")
