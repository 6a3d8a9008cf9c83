"""Restore a backup (`manage.py backup`) into an empty, migrated database and an empty media
folder: the records from FILE, the uploaded files from FILE.media.tar.gz next to it."""

import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cscp.management.commands.backup import media_archive_path
from cscp.roles import PROJECT_APPS


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
            if model._default_manager.exists()
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
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(path), verbosity=0)
            if members:
                root.mkdir(parents=True, exist_ok=True)
                with tarfile.open(media) as archive:
                    # The "data" filter refuses absolute paths, "..", links and devices again.
                    archive.extractall(root, members=members, filter="data")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path} and {len(members)} files into {root}")
        )
