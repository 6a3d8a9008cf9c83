"""Back the partnership's records up to one file.

`manage.py backup FILE.yaml.gz` writes every record in one consistent read (on PostgreSQL one
REPEATABLE READ READ ONLY transaction: every table as of the same moment, and nothing written).
YAML keeps text exactly and timestamps to the microsecond (Django's JSON rounds times to
milliseconds; its XML trims the white space around text). The uploaded files (MEDIA_ROOT:
evidence, published PDFs) go next to it in FILE.media.tar.gz. On
PostgreSQL, `--pg-dump` writes a `pg_dump` custom-format archive instead (restore it with
`pg_restore --clean --if-exists -d DATABASE FILE`). `manage.py restore FILE` loads a backup
into an empty, migrated database.
"""

import gzip
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

# Rebuilt by migrate itself (roles are groups defined in code: cscp.roles.sync_role_groups),
# or of no value to restore. Users' groups are written by name, so they find them again.
EXCLUDED = ["contenttypes", "auth.permission", "auth.group", "sessions", "admin.logentry", "axes"]


def media_archive_path(path: Path) -> Path:
    """cscp.yaml.gz -> cscp.media.tar.gz, in the same folder."""
    name = path.name
    for suffix in (".yaml.gz", ".yaml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(f"{name}.media.tar.gz")


def write_media(target: Path) -> int:
    """Every regular file under MEDIA_ROOT, by its path relative to it (links are skipped:
    they could point outside the folder)."""
    root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.is_file() and not file.is_symlink():
                    archive.add(file, arcname=file.relative_to(root).as_posix(), recursive=False)
                    count += 1
    return count


class Command(BaseCommand):
    help = "Back up every record of the partnership to FILE (.yaml or .yaml.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--pg-dump", action="store_true", help="pg_dump archive (PostgreSQL)")

    def handle(self, file, pg_dump=False, **options):
        path = Path(file)
        if pg_dump:
            return self.pg_dump(path)
        opener = gzip.open if path.suffix == ".gz" else open
        fmt = (path.suffixes[-2] if path.suffix == ".gz" else path.suffix).lstrip(".")
        if fmt != "yaml":
            raise CommandError("Name the backup FILE.yaml or FILE.yaml.gz")
        with transaction.atomic(), opener(path, "wt", encoding="utf-8") as out:
            if connection.vendor == "postgresql":
                # First statement of the transaction: one snapshot for every table's read.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                format=fmt,
                natural_foreign=True,
                natural_primary=False,  # keep every primary key: history rows refer to them
                exclude=EXCLUDED,
                indent=None,
                stdout=out,
            )
        media = media_archive_path(path)
        count = write_media(media)
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({count} files in {media})"))

    def pg_dump(self, path: Path):
        if connection.vendor != "postgresql":
            raise CommandError("--pg-dump needs PostgreSQL (DATABASE_URL=postgres://...)")
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump is not installed (Debian: postgresql-client)")
        db = settings.DATABASES["default"]
        env = {"PGPASSWORD": db.get("PASSWORD") or ""}
        command = [
            "pg_dump",
            "-Fc",
            "-f",
            str(path),
            "-h",
            db.get("HOST") or "localhost",
            "-p",
            str(db.get("PORT") or 5432),
            "-U",
            db.get("USER") or "postgres",
            db["NAME"],
        ]
        subprocess.run(command, check=True, env={**env, "PATH": "/usr/bin:/bin"})
        self.stdout.write(self.style.SUCCESS(f"pg_dump archive written to {path}"))
