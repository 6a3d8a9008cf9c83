#!/usr/bin/env python
"""Scale benchmark of the main pages (issue 8; a measurement, not a timed test).

Builds the demo partnership and measures, as the roles who use them, the SQL queries and the
fastest time of: the annual report preview (executive), the agency lead's return form, the
dataset pack (executive), the admin changelists business support works in and each role's
home page. Then it adds a large partnership on top (bench/scale_data.py: 30 reporting years,
60 agencies, and at least 100 times the demo's rows in every table that grows with time:
returns and values, reviews, actions, meetings, bookings, 2.2 million completions, feedback,
history rows), keeping a copy of the demo-sized database, refreshes both databases' planner
statistics (as autovacuum would within the minute after a bulk load: PostgreSQL's VACUUM
ANALYZE, SQLite's ANALYZE), and times every page on both
sizes side by side (one run of each in turn; the fastest of --runs). It prints a table with
the ratio large/small and checks the
goals (issue 17): every page's query count the same at both sizes, the report preview at most
40 queries, and every page's time ratio large/small at most 2. It exits 1 when a goal fails.
The dataset pack is asked for 2021-22 (?year=2021) in both sizes: without it, it shows the
latest year with accepted returns, which the large data moves.

    DEBUG=true .venv/bin/python bench/scale.py [--runs 7] [--quick] [--database-url URL]
        [--json PATH] [--reuse-demo]

--json PATH also writes the figures: {"pages": [{"name", "path", "queries_small",
"queries_large", "ms_small", "ms_large", "ratio"}], "goals": [...], "taken_at", ...}.

--quick builds a tenth of the volumes (a fast sanity run; the returns stay full size). The
database is its own (default sqlite:////tmp/cscp_scale.sqlite3, rebuilt each run; a
PostgreSQL URL must name a database the script may flush and migrate), never the shared one.
--reuse-demo keeps the loaded demo (a SQLite file beside the database, or a PostgreSQL
template database NAME_demo_KEY) and copies it on later runs while the project's code,
migrations and demo data are unchanged (KEY is their digest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REPORT_PATH = "/reports/2021-22/"
TIME_RATIO_GOAL = 2.0
REPORT_QUERIES_GOAL = 40


def configure(database_url: str | None) -> None:
    os.environ.setdefault("DEBUG", "true")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/cscp_scale.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["REQUIRE_STAFF_2FA"] = "false"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks (if any are triggered) run eagerly
    # No outbox thread: its sweeps would wait on SQLite's write lock while the build writes.
    os.environ["OUTBOX_EMBEDDED_WORKER"] = "false"


def demo_key() -> str:
    """A digest of everything the loaded demo depends on (the code, migrations and demo data
    files of the project): a cached copy of the loaded demo is used only while it matches."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("**/*")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP_DIRS or path.suffix not in (".py", ".yaml", ".csv", ".json"):
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


SKIP_DIRS = {".venv", "node_modules", "tests", "bench", "docs", ".git", "static", "staticfiles"}


def setup(reuse_demo: bool) -> None:
    """Migrate and load the demo into the bench's database, or copy the cached loaded demo
    (--reuse-demo: load_demo is most of a --quick run on a busy machine)."""
    import django

    url = os.environ["DATABASE_URL"]
    key = demo_key() if reuse_demo else ""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.unlink(missing_ok=True)
        cached = path.with_name(f"{path.stem}-demo-{key}.sqlite3")
        if reuse_demo and cached.exists():
            shutil.copyfile(cached, path)
            django.setup()
            draft_report()
            return
    elif reuse_demo and _pg_copy_from_template(url, key):
        django.setup()
        draft_report()
        return
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    if not url.startswith("sqlite:///"):
        call_command("flush", verbosity=0, interactive=False)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    if reuse_demo:
        connection.close()
        if url.startswith("sqlite:///"):
            shutil.copyfile(path, cached)
        else:
            _pg_save_template(url, key)
    draft_report()


def _pg(url: str, sql: str, params=()) -> list | None:
    """Run one statement as the bench's PostgreSQL user on its maintenance database: its
    rows ([] for none), or None when PostgreSQL refused it."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    except psycopg.Error:
        return None


def _pg_names(url: str, key: str) -> tuple[str, str]:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    return name, f"{name}_demo_{key}"


def _pg_copy_from_template(url: str, key: str) -> bool:
    name, template = _pg_names(url, key)
    if not _pg(url, "SELECT 1 FROM pg_database WHERE datname = %s", [template]):
        return False  # no cached demo for this code yet: load it
    _pg(url, f'DROP DATABASE IF EXISTS "{name}"')
    return _pg(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"') is not None


def _pg_save_template(url: str, key: str) -> None:
    name, template = _pg_names(url, key)
    _pg(url, f'DROP DATABASE IF EXISTS "{template}"')
    _pg(url, f'CREATE DATABASE "{template}" TEMPLATE "{name}"')


def draft_report() -> None:
    """The demo publishes its 2021-22 report, whose page then shows the frozen snapshot (a
    dozen queries whatever the data). The bench measures the live preview, which composes
    every app's contribution: it puts the report back to draft in its own database."""
    from cscp.reporting.models import AnnualReport

    AnnualReport.objects.filter(year__start_year=2021).update(status=AnnualReport.Status.DRAFT)


def pages() -> list[tuple[str, str, str]]:
    """(label, path, username) of every page measured."""
    from cscp.models import Agency

    csc = Agency.objects.get(short_name="Children's Social Care")
    return [
        ("report preview", REPORT_PATH, "executive"),
        ("return form (lead)", f"/returns/{csc.pk}/2022-23/q1/", "agencylead"),
        ("dataset pack", "/datasets/pack/?year=2021", "executive"),
        ("admin rapid reviews", "/admin/reviews/rapidreview/", "support"),
        ("admin practice reviews", "/admin/reviews/practicereview/", "support"),
        ("admin actions", "/admin/reviews/action/", "support"),
        ("admin returns", "/admin/datasets/return/", "support"),
        ("admin meetings", "/admin/priority_groups/meeting/", "support"),
        ("admin sessions", "/admin/training/session/", "support"),
        ("admin bookings", "/admin/training/booking/", "support"),
        ("admin evaluations", "/admin/training/evaluation/", "support"),
        ("admin completions", "/admin/training/completion/", "support"),
        ("admin feedback items", "/admin/feedback/feedbackitem/", "support"),
        ("admin case studies", "/admin/feedback/casestudy/", "support"),
        ("admin you said we did", "/admin/feedback/yousaidwedid/", "support"),
        ("home (support)", "/", "support"),
        ("home (lead)", "/", "agencylead"),
        ("home (executive)", "/", "executive"),
        ("home (scrutineer)", "/", "scrutineer"),
    ]


def keep_small_twin() -> str:
    """A copy of the database as it is now (the demo's size), beside it: the pages are timed
    on both sizes side by side once the large data is built. Returns the copy's NAME."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        twin = str(Path(name).with_name(f"{Path(name).stem}-small.sqlite3"))
        shutil.copyfile(name, twin)
        return twin
    twin = f"{name}_small"
    url = os.environ["DATABASE_URL"]
    _pg(url, f'DROP DATABASE IF EXISTS "{twin}"')
    if _pg(url, f'CREATE DATABASE "{twin}" TEMPLATE "{name}"') is None:
        raise SystemExit(f"could not copy {name} to {twin}")
    return twin


def refresh_statistics(names) -> None:
    """What a live database's autovacuum does soon after a bulk load, which the timings would
    otherwise run before: PostgreSQL's planner would count the year's completions from an
    estimate of a thousand rows (a bitmap scan of the table, 200 ms), not the 96,000 there
    are (an index-only scan, 10 ms); SQLite's ANALYZE fills sqlite_stat1 the same way."""
    from django.db import connection

    for name in names:
        use_database(name)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def use_database(name: str) -> None:
    """Point the default connection at database `name` (the next query connects to it)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def measure(path: str, username: str, runs: int, databases: dict[str, str]) -> dict:
    """{size: (queries of one run, fastest seconds of `runs` timed runs)} of GET path as
    username, for each size's database.

    The sizes are timed side by side, one run of each in turn (a run: an untimed request
    after the switch of database, then the timed one), so a moment when the shared machine
    is slower weighs on both; the fastest run is the page's cost, as `timeit` reports it
    (decision 0020). Queries are counted in a run of their own, not in the timed ones."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cscp.models import User

    clients, queries = {}, {}
    for size, name in databases.items():
        use_database(name)
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(path)  # warm-up (template loading, caches)
        if response.status_code != 200:
            raise SystemExit(f"{path} as {username} ({size}): HTTP {response.status_code}")
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        clients[size], queries[size] = client, len(captured)
    gc.collect()  # each page starts without the garbage of the pages before it
    timings: dict[str, list[float]] = {size: [] for size in databases}
    for _ in range(runs):
        for size, name in databases.items():
            use_database(name)
            clients[size].get(path)
            start = time.perf_counter()
            response = clients[size].get(path)
            timings[size].append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
    return {size: (queries[size], min(timings[size])) for size in databases}


def measure_all(runs: int, databases: dict[str, str]) -> tuple[dict, dict]:
    """({label: (path, queries, seconds)} of the small size, the same of the large)."""
    small, large = {}, {}
    for label, path, username in pages():
        both = measure(path, username, runs, databases)
        small[label] = (path, *both["small"])
        large[label] = (path, *both["large"])
    return small, large


def figures(small: dict, large: dict) -> list[dict]:
    rows = []
    for label, (_path, small_q, small_t) in small.items():
        large_path, large_q, large_t = large[label]
        rows.append(
            {
                "name": label,
                "path": large_path,
                "queries_small": small_q,
                "queries_large": large_q,
                "ms_small": float(f"{small_t * 1000:.1f}"),
                "ms_large": float(f"{large_t * 1000:.1f}"),
                "ratio": float(f"{large_t / small_t:.2f}"),
            }
        )
    return rows


def goals(rows: list[dict]) -> list[dict]:
    """Each goal with whether it holds and, if not, for which pages."""
    grew = [r["name"] for r in rows if r["queries_small"] != r["queries_large"]]
    report = next(r for r in rows if r["name"] == "report preview")
    slow = [f"{r['name']} ({r['ratio']:.2f})" for r in rows if r["ratio"] > TIME_RATIO_GOAL]
    return [
        {"goal": "query counts identical for both sizes", "holds": not grew, "failing": grew},
        {
            "goal": f"report preview at most {REPORT_QUERIES_GOAL} queries",
            "holds": report["queries_large"] <= REPORT_QUERIES_GOAL,
            "failing": []
            if report["queries_large"] <= REPORT_QUERIES_GOAL
            else [f"report preview ({report['queries_large']})"],
        },
        {
            "goal": f"every page's time ratio large/small at most {TIME_RATIO_GOAL:g}",
            "holds": not slow,
            "failing": slow,
        },
    ]


def print_table(rows: list[dict], checked: list[dict]) -> None:
    head = f"{'page':<22}{'path':<38}{'q small':>8}{'q large':>8}"
    head += f"{'ms small':>10}{'ms large':>10}{'ratio':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        flag = "" if r["queries_small"] == r["queries_large"] else "  <- queries grow"
        print(
            f"{r['name']:<22}{r['path']:<38}{r['queries_small']:>8}{r['queries_large']:>8}"
            f"{r['ms_small']:>10.1f}{r['ms_large']:>10.1f}{r['ratio']:>7.2f}{flag}"
        )
    print()
    for goal in checked:
        state = "HOLDS" if goal["holds"] else "DOES NOT HOLD for " + ", ".join(goal["failing"])
        print(f"goal: {goal['goal']}: {state}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per page (the fastest)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the volumes")
    parser.add_argument("--database-url", help="default: sqlite:////tmp/cscp_scale.sqlite3")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    parser.add_argument(
        "--reuse-demo",
        action="store_true",
        help="copy the loaded demo from a cache kept by an earlier run with the same code",
    )
    args = parser.parse_args()
    configure(args.database_url)
    began = time.perf_counter()

    started = time.perf_counter()
    setup(args.reuse_demo)
    print(f"demo partnership loaded in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    databases = {"small": keep_small_twin(), "large": connection.settings_dict["NAME"]}

    import scale_data

    started = time.perf_counter()
    counts = scale_data.build(fraction=0.1 if args.quick else 1.0)
    print(f"large partnership built in {time.perf_counter() - started:.0f} s:", flush=True)
    print("  " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    refresh_statistics(databases.values())
    small, large = measure_all(args.runs, databases)
    use_database(databases["large"])

    print()
    print(f"{'quick' if args.quick else 'full'} size, fastest of {args.runs} runs, "
          f"{os.environ['DATABASE_URL'].split(':', 1)[0]}")  # fmt: skip
    rows = figures(small, large)
    checked = goals(rows)
    print_table(rows, checked)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "command": " ".join(["bench/scale.py", *sys.argv[1:]]),
                    "size": "quick" if args.quick else "full",
                    "database": os.environ["DATABASE_URL"].split(":", 1)[0],
                    "runs": args.runs,
                    "statistic": "fastest",
                    "ratio_goal": TIME_RATIO_GOAL,
                    "interleaved": True,
                    "rows": counts,
                    "seconds": float(f"{time.perf_counter() - began:.0f}"),
                    "pages": rows,
                    "goals": checked,
                },
                indent=1,
            )
            + "\n"
        )
    return 0 if all(goal["holds"] for goal in checked) else 1


if __name__ == "__main__":
    sys.exit(main())
