"""Benchmark of the annual report page (not a timed test).

Builds the demo partnership, measures /reports/2021-22/ (SQL queries and median time), then
grows the report's own records (impact evidence, scrutiny, assurance, funding, priorities,
glossary, contributions, narrative) far beyond the demo and measures again. The goal: the same
number of queries for both sizes, and a time ratio large/small of at most 2.

    DEBUG=true .venv/bin/python bench/report_bench.py [--runs 7] [--scale 1]

Uses its own database (DATABASE_URL, default sqlite:////tmp/cscp_report_bench.sqlite3), which
it rebuilds; never the shared one. The apps' own large data (returns, reviews, completions,
feedback) are built by their benchmarks; their contributions are included in what is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/cscp_report_bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"


def setup():
    import django

    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(path: str, runs: int) -> tuple[int, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cscp.models import User

    client = Client()
    client.force_login(User.objects.get(username="executive"))
    assert client.get(path).status_code == 200  # warm-up
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200
        queries = len(captured)
    return queries, statistics.median(timings)


def grow(scale: int) -> None:
    from cscp.models import Agency, ReportingYear, Theme
    from cscp.reporting import models as m

    year = ReportingYear.objects.get(start_year=2021)
    report = m.AnnualReport.objects.get(year=year)
    for start in range(2012, 2026):
        ReportingYear.objects.get_or_create(start_year=start)
    agencies = [
        Agency.objects.get_or_create(
            name=f"Bench agency {i}",
            defaults={
                "short_name": f"Bench {i}",
                "kind": ("police", "health", "local_authority", "voluntary")[i % 4],
            },  # fmt: skip
        )[0]
        for i in range(60)
    ]
    theme = Theme.objects.first()
    years = list(ReportingYear.objects.all())
    for y in years:
        # Other years pile up records; the report's own year has a realistic amount more than
        # the demo (its records are the report's content, so they are on the page).
        n = 40 * scale if y == year else 400 * scale
        m.ImpactEvidence.objects.bulk_create(
            m.ImpactEvidence(
                year=y, agency=agencies[i % 60], date=y.start + dt.timedelta(days=i % 300),
                title=f"Bench impact {i}", change="Practice **changed**.",
                prompted_by=m.ImpactEvidence.Prompt.values[i % 6], theme=theme,
                people_reached=i % 50,
            )
            for i in range(n)
        )  # fmt: skip
        m.ScrutinyActivity.objects.bulk_create(
            m.ScrutinyActivity(
                year=y,
                date=y.start,
                kind="conversation",
                with_whom=f"Team {i}",
                key_points="One\nTwo\nThree",
            )  # fmt: skip
            for i in range(n // 4)
        )
        for i in range(n // 10):
            a = m.AgencyAssurance.objects.create(
                year=y, agency=agencies[i % 60], framework="health", date=y.start
            )
            m.AssuranceStandard.objects.bulk_create(
                m.AssuranceStandard(assurance=a, standard=f"Standard {j}", rag="amber")
                for j in range(5)
            )
        m.NextYearPriority.objects.bulk_create(
            m.NextYearPriority(year=y, title=f"Bench priority {i}", rationale="Why.")
            for i in range(n // 10)
        )
        for agency in agencies:
            m.PartnerFunding.objects.get_or_create(year=y, agency=agency, defaults={"amount": 1000})
    m.GlossaryTerm.objects.bulk_create(
        m.GlossaryTerm(term=f"BENCH{i}", meaning="A bench term") for i in range(500 * scale)
    )
    n = 40 * scale
    m.Contribution.objects.bulk_create(
        m.Contribution(
            report=report,
            name=f"Partner {i}",
            due_on=dt.date(2022, 7, 1),
            requested_on=dt.date(2022, 6, 1),
            position=10 + i,
        )  # fmt: skip
        for i in range(n // 8)
    )
    section = m.ReportSection.objects.get(report=report, key="community_safety")
    m.NarrativeBlock.objects.bulk_create(
        m.NarrativeBlock(section=section, position=10 + i, body=f"Paragraph {i}.", version=1)
        for i in range(n // 4)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    setup()
    path = "/reports/2021-22/"
    small_q, small_t = measure(path, args.runs)
    grow(args.scale)
    large_q, large_t = measure(path, args.runs)
    print(f"{'page':<22}{'size':<8}{'queries':>8}{'median ms':>12}")
    print(f"{path:<22}{'demo':<8}{small_q:>8}{small_t * 1000:>12.1f}")
    print(f"{path:<22}{'large':<8}{large_q:>8}{large_t * 1000:>12.1f}")
    print(f"queries identical: {small_q == large_q}; time ratio large/small: "
          f"{large_t / small_t:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
