"""Back the partnership's records up to one file.

`manage.py backup FILE.yaml.gz` writes every record in one consistent read. YAML keeps text
exactly and timestamps to the microsecond (Django's JSON rounds times to milliseconds; its XML
trims the white space around text). On
PostgreSQL, `--pg-dump` writes a `pg_dump` custom-format archive instead (restore it with
`pg_restore --clean --if-exists -d DATABASE FILE`). `manage.py restore FILE` loads a backup
into an empty, migrated database.
"""

import gzip
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

# Rebuilt by migrate itself (roles are groups defined in code: cscp.roles.sync_role_groups),
# or of no value to restore. Users' groups are written by name, so they find them again.
EXCLUDED = ["contenttypes", "auth.permission", "auth.group", "sessions", "admin.logentry", "axes"]


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
            call_command(
                "dumpdata",
                format=fmt,
                natural_foreign=True,
                natural_primary=False,  # keep every primary key: history rows refer to them
                exclude=EXCLUDED,
                indent=None,
                stdout=out,
            )
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))

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
