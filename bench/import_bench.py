#!/usr/bin/env python
"""The completions import against the physical limit: PostgreSQL's COPY of the same rows.

Makes 100,000 completion rows (as an e-learning export: learner, e-mail, agency, course, date),
then, in its own PostgreSQL database (dropped and made afresh):

- the import as business support runs it: upload (read and check every row, keep it for the
  preview) and confirm (write the completions and their history rows): rows per second of the
  two together, and of the confirm step alone;
- COPY of the same 100,000 rows straight into the completions table (psycopg 3
  `cursor.copy`, no checks, no history), committed: rows per second.

Goal (issue 17): the import at least 25 % of COPY's rows per second. Exits 1 when it does not.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--database-url URL] [--json PATH]

URL default: postgres://postgres@127.0.0.1:5432/cscp_import_bench (a database this script may
drop and create). Timings on a shared machine are noisy: the ratio of two figures taken in the
same run is what the goal reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 0.25
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cscp_import_bench"
HEADER = "Learner name,Email,Agency,Course,Completed on\n"


def configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")
    os.environ.pop("CELERY_BROKER_URL", None)


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", name], check=True)
    subprocess.run(["createdb", *base, name], check=True)


def export(rows: int, course: str) -> bytes:
    out = io.StringIO()
    out.write(HEADER)
    for n in range(rows):
        day = dt.date(2021, 4, 1) + dt.timedelta(days=n % 365)
        out.write(f"Learner {n},learner{n}@example.org,,{course},{day.isoformat()}\n")
    return out.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("COPY is PostgreSQL's: give a postgres:// --database-url")
    configure(args.database_url)
    fresh_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from cscp.models import User
    from training import services
    from training.models import Completion, Course, Delivery

    call_command("migrate", verbosity=0, interactive=False)
    course = Course.objects.create(title="Safeguarding Level 1", delivery=Delivery.E_LEARNING)
    support = User.objects.create(username="bench-support")
    data = export(args.rows, course.title)

    started = time.perf_counter()
    batch = services.import_batch_create(filename="export.csv", stream=io.BytesIO(data), by=support)
    uploaded = time.perf_counter()
    batch = services.import_confirm(batch=batch, by=support)
    confirmed = time.perf_counter()
    print(
        f"import: upload {uploaded - started:.1f} s, confirm {confirmed - uploaded:.1f} s",
        flush=True,
    )
    if batch.created_count != args.rows:
        raise SystemExit(f"imported {batch.created_count} of {args.rows} rows")
    import_seconds, confirm_seconds = confirmed - started, confirmed - uploaded
    upload_seconds = uploaded - started

    # COPY of the same rows into the emptied table: the physical limit of getting them in.
    # Emptied in SQL: a queryset delete() would write a "deleted" history row per completion.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Completion.history.model._meta.db_table}")  # noqa: S608
        cursor.execute(f"DELETE FROM {Completion._meta.db_table}")  # noqa: S608
    lines = data.decode().splitlines()[1:]
    columns = "learner_name, email, agency_id, course_id, completed_on"
    started = time.perf_counter()
    copy_sql = f"COPY training_completion ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql) as copy,
    ):
        for line in lines:
            learner, email, _agency, _course, day = line.split(",")
            copy.write_row((learner, email, None, course.pk, day))
    copy_seconds = time.perf_counter() - started  # with its commit, as the import's has
    if Completion.objects.count() != args.rows:
        raise SystemExit("COPY did not write every row")

    figures = {
        "rows": args.rows,
        "import_rows_per_s": round(args.rows / import_seconds),
        "confirm_rows_per_s": round(args.rows / confirm_seconds),
        "copy_rows_per_s": round(args.rows / copy_seconds),
        "import_seconds": round(import_seconds, 2),
        "upload_seconds": round(upload_seconds, 2),
        "confirm_seconds": round(confirm_seconds, 2),
        "copy_seconds": round(copy_seconds, 2),
    }
    figures["ratio"] = round(figures["import_rows_per_s"] / figures["copy_rows_per_s"], 3)
    holds = figures["ratio"] >= GOAL
    print(
        f"{args.rows:,} rows: import (upload + confirm) {import_seconds:.1f} s = "
        f"{figures['import_rows_per_s']:,} rows/s (confirm alone {confirm_seconds:.1f} s = "
        f"{figures['confirm_rows_per_s']:,} rows/s); COPY {copy_seconds:.1f} s = "
        f"{figures['copy_rows_per_s']:,} rows/s"
    )
    print(
        f"goal: the import at least {GOAL:.0%} of COPY's rows per second: "
        f"{'HOLDS' if holds else 'DOES NOT HOLD'} ({figures['ratio']:.0%})"
    )
    if args.json:
        figures["taken_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        figures["command"] = " ".join(["bench/import_bench.py", *sys.argv[1:]])
        figures["goals"] = [{"goal": f"import at least {GOAL:.0%} of COPY", "holds": holds}]
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
