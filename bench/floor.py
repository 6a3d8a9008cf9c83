#!/usr/bin/env python
"""Where a signed-in page's time goes: the floor under the return form (decision 0020).

In one process, against the load bench's database (bench/load.py leaves `cscp_bench` behind:
run it first), the fastest of --runs batches of 20 GETs each of:

- `/ping/` signed out (the load bench's bare view as the server alone runs it),
- `/ping/` signed in (the same view plus what every signed-in request costs: the session,
  the user, the two-factor device check),
- the sign-in page signed out (the site's layout and a form; the partnership's name read),
- the return form and the returns list, signed in as the first bench agency lead.

    .venv/bin/python bench/floor.py [--runs 7] [--json PATH]

JSON: {"floor": true, "pages": [{"name", "path", "signed_in", "ms", "queries"}], "taken_at",
"command"}.
It checks no goal: it says how much of the form's time any signed-in page of the site spends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.update(
    {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/"
        + os.environ.get("BENCH_DATABASE", "cscp_bench"),
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "OUTBOX_EMBEDDED_WORKER": "false",
        "DJANGO_SETTINGS_MODULE": "cscp.settings",
    }
)
os.environ.pop("CELERY_BROKER_URL", None)


def fastest_ms(client, path: str, runs: int, batch: int = 20) -> float:
    for _ in range(3):
        client.get(path)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(batch):
            client.get(path)
        best = min(best, (time.perf_counter() - start) / batch)
    return best * 1000


def queries_of(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from cscp.models import User, label_for_start_year

    lead = User.objects.filter(username="lead0").first()
    if lead is None:
        raise SystemExit("no bench data: run bench/load.py first (it leaves cscp_bench)")
    agency = lead.agencies.get()
    year = label_for_start_year(int((ROOT / "bench/.load_ids").read_text().split()[0]))
    from datasets.models import Return

    ret = Return.objects.filter(agency=agency, year__start_year=int(year[:4]), quarter=1).first()
    state = "not started" if ret is None else ret.get_status_display().lower()
    if ret is not None and not ret.is_editable:
        state += ": shown read-only, as bench/load.py leaves it"
    signed_in, signed_out = Client(), Client()
    signed_in.force_login(lead)
    pages = [
        ("bare view, signed out", "/ping/", signed_out),
        ("bare view, signed in", "/ping/", signed_in),
        ("sign-in page, signed out (the layout and a form)", "/accounts/login/", signed_out),
        (f"return form ({state})", f"/returns/{agency.pk}/{year}/q1/", signed_in),
        ("returns list", "/returns/", signed_in),
    ]
    rows = []
    print(f"{'page':<60}{'ms':>8}{'queries':>9}")
    for name, path, client in pages:
        ms = fastest_ms(client, path, args.runs)
        queries = queries_of(client, path)
        rows.append(
            {
                "name": name,
                "path": path,
                "signed_in": client is signed_in,
                "ms": round(ms, 2),
                "queries": queries,
            }
        )
        print(f"{name:<60}{ms:>8.2f}{queries:>9}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "command": " ".join(["bench/floor.py", *sys.argv[1:]]),
                    "floor": True,
                    "pages": rows,
                },
                indent=1,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
