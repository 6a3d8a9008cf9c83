"""Restore a backup (`manage.py backup`) into an empty, migrated database and an empty media
folder: the records from FILE, the uploaded files from FILE.media.tar.gz next to it."""

import gzip
import re
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cscp.management.commands.backup import media_archive_path
from cscp.reporting.apps import ensure_shipped_templates
from cscp.roles import PROJECT_APPS

# Records that moved to another app since a backup may have been made, by their label then.
# cscp 0012: the annual report's records moved from app "cscp" to app "reporting" (same tables).
MOVED_TO = {
    "reporting": [
        "agencyassurance", "annualreport", "assurancestandard", "contribution", "glossaryterm",
        "impactevidence", "narrativeblock", "nextyearpriority", "partnerfunding", "pdfrender",
        "reportsection", "reportsnapshot", "reporttransition", "scrutinyactivity",
    ],
}  # fmt: skip


def relabel_moved_models(text: str) -> str:
    """A backup made before a move names the moved records (and the permissions of theirs that
    people were given) by their old app: name them by the new one. `dumpdata` writes each
    record's `- model:` line at the start of a line, and a permission's natural key as the list
    [codename, app label, model] (block style), which is all this rewrites."""
    for app, names in MOVED_TO.items():
        moved = "|".join(f"(?:historical)?{name}" for name in names)
        text = re.sub(rf"^- model: cscp\.({moved})$", rf"- model: {app}.\1", text, flags=re.M)
        text = re.sub(
            rf"^(\s*- - \w+\n\s*- )cscp(\n\s*- (?:{moved})\n)", rf"\1{app}\2", text, flags=re.M
        )
    return text


# Rows every migrate (and flush) writes into a new database: the shipped report templates
# (cscp.reporting.apps.ensure_shipped_templates). They do not make a database "not empty".
SHIPPED_BY_MIGRATE = tuple(
    f"reporting.{prefix}{name}"
    for name in ("ChecklistRequirement", "TemplateSection", "TemplatePart", "ReportTemplate")
    for prefix in ("Historical", "")
)


def check_media(media: Path) -> list[tarfile.TarInfo]:
    """The archive's members, refused whole if any is not a plain file inside the folder."""
    try:
        with tarfile.open(media) as archive:
            members = archive.getmembers()
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"The media archive {media} cannot be read: {error}") from error
    for member in members:
        parts = Path(member.name).parts
        if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in parts:
            raise CommandError(f"The media archive {media} holds an unsafe entry: {member.name}")
    return [m for m in members if m.isfile()]


class Command(BaseCommand):
    help = "Restore a backup (from `manage.py backup`) into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No backup at {path}")
        non_empty = [
            model._meta.label
            for name in PROJECT_APPS
            for model in apps.get_app_config(name).get_models()
            if model._meta.label not in SHIPPED_BY_MIGRATE and model._default_manager.exists()
        ]
        if non_empty:
            raise CommandError(
                "Restore needs an empty database; these already hold records: "
                + ", ".join(non_empty[:5])
            )
        media = media_archive_path(path)
        root = Path(settings.MEDIA_ROOT)
        if media.exists() and root.is_dir() and any(p.is_file() for p in root.rglob("*")):
            raise CommandError(f"Restore needs an empty media folder; {root} already holds files")
        members = check_media(media) if media.exists() else []
        # All or nothing: a failure part-way leaves the database as it was. The backup holds
        # the history itself; recording the restore's own writes as history would double it.
        with (
            tempfile.TemporaryDirectory() as folder,
            transaction.atomic(),
            override_settings(SIMPLE_HISTORY_ENABLED=False),
        ):
            # The shipped report templates every migrate writes give way to the backup's own
            # (perhaps adapted) templates; a backup from before templates gets them back.
            for label in SHIPPED_BY_MIGRATE:
                apps.get_model(label)._default_manager.all().delete()
            call_command("loaddata", str(self.relabelled(path, Path(folder))), verbosity=0)
            ensure_shipped_templates()
            if members:
                root.mkdir(parents=True, exist_ok=True)
                with tarfile.open(media) as archive:
                    # The "data" filter refuses absolute paths, "..", links and devices again.
                    archive.extractall(root, members=members, filter="data")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path} and {len(members)} files into {root}")
        )

    def relabelled(self, path: Path, folder: Path) -> Path:
        """The backup itself, or a copy naming moved records by their app today."""
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as backup:
            text = backup.read()
        relabelled = relabel_moved_models(text)
        if relabelled == text:
            return path
        copy = folder / path.name
        with opener(copy, "wt", encoding="utf-8") as out:
            out.write(relabelled)
        return copy
