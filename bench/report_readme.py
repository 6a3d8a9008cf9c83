#!/usr/bin/env python
"""README's Performance section, rendered from the benches' --json files (issue 17).

    .venv/bin/python bench/report_readme.py [--write README.md] [--note TEXT] [FILE.json ...]

Each file is one bench run: bench/scale.py (has "ratio_goal"), bench/load.py (has
"form_rps"), bench/import_bench.py (has "copy_rows_per_s"), bench/pdf_bench.py (has
"documents") or bench/floor.py (has "floor"). Without
files it reads bench/results/*.json.
It prints the section (tables, ratios, goals, when and with which command each run was
taken); --write replaces the text between the README's `<!-- performance:start -->` and
`<!-- performance:end -->` markers. --note adds a line under the heading (e.g. how busy the
machine was). Nothing is typed by hand: rerun the benches, then this.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- performance:start -->", "<!-- performance:end -->"


def _when(figures: dict) -> str:
    taken = figures.get("taken_at", "?").replace("T", " ").replace("+00:00", " UTC")
    return f"{taken}, `{figures.get('command', '?')}`"


def _goals(figures: dict) -> list[str]:
    lines = []
    for goal in figures.get("goals", []):
        state = "holds" if goal["holds"] else "**does not hold**"
        failing = goal.get("failing") or []
        lines.append(f"- {goal['goal']}: {state}" + (f" ({', '.join(failing)})" if failing else ""))
    return lines


def scale(figures: dict) -> list[str]:
    rows = figures.get("rows", {})
    lines = [
        f"**Scale** ({figures.get('database', '?')}, {figures.get('size', '?')} size, "
        f"{figures.get('statistic', 'median')} of "
        f"{figures.get('runs', '?')} runs; {_when(figures)}; {figures.get('seconds', '?'):g} s "
        "in all). Large size: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()) + ".",
        "",
        "| page | path | queries small / large | ms small / large | ratio |",
        "|---|---|---|---|---|",
    ]
    for page in figures["pages"]:
        lines.append(
            f"| {page['name']} | `{page['path']}` | {page['queries_small']} / "
            f"{page['queries_large']} | {page['ms_small']:g} / {page['ms_large']:g} | "
            f"{page['ratio']:.2f} |"
        )
    return [*lines, "", *_goals(figures)]


def load(figures: dict) -> list[str]:
    return [
        f"**Load** (gunicorn 4 sync workers + PostgreSQL + Redis, {figures.get('leads')} agency "
        f"leads × {figures.get('quarters')} quarter(s); {_when(figures)}):",
        "",
        "| figure | return form | bare view (`/ping/`) | ratio |",
        "|---|---|---|---|",
        f"| throughput (req/s) | {figures['form_rps']:g} | {figures['bare_rps']:g} | "
        f"{figures['ratio']:.2f} |",
        f"| p95 under {figures.get('leads')} concurrent leads (ms) | {figures['p95_ms']:,} "
        f"(the return journey) | {figures['bare_p95_ms']:,} | |",
        *(
            [f"| p95 of signing in (ms) | {figures['signin_p95_ms']:,} | | |"]
            if "signin_p95_ms" in figures
            else []
        ),
        "",
        *(
            [
                f"Each lead pauses {figures['think_s']:g} s before each page of the journey, as a "
                "person reading it does; signing in (a deliberately slow password hash) is timed "
                "apart from it."
            ]
            if "think_s" in figures
            else []
        ),
        f"Server errors: {figures['errors']}.",
        *_goals(figures),
    ]


def completions_import(figures: dict) -> list[str]:
    return [
        f"**Completions import** against PostgreSQL `COPY` of the same {figures['rows']:,} rows "
        f"({_when(figures)}):",
        "",
        "| step | seconds | rows/s |",
        "|---|---|---|",
        f"| upload (read, check, keep for preview) | {figures['upload_seconds']:g} | |",
        f"| confirm (write completions and their history) | {figures['confirm_seconds']:g} | "
        f"{figures['confirm_rows_per_s']:,} |",
        f"| the import: upload + confirm | {figures['import_seconds']:g} | "
        f"{figures['import_rows_per_s']:,} |",
        f"| `COPY` (no checks, no history) | {figures['copy_seconds']:g} | "
        f"{figures['copy_rows_per_s']:,} |",
        "",
        f"The import runs at {figures['ratio']:.0%} of `COPY`'s rows per second.",
        *_goals(figures),
    ]


def pdf(figures: dict) -> list[str]:
    lines = [
        f"**PDF** (the demo's 2021-22 report as published, WeasyPrint; median of "
        f"{figures.get('runs', '?')} renders after the first; load average "
        f"{figures.get('load_average', '?')}; {_when(figures)}):",
        "",
        "| document | pages | first render (s, wall / CPU) | median (s, wall / CPU) |",
        "|---|---|---|---|",
    ]
    for doc in figures["documents"]:
        lines.append(
            f"| {doc['name']} | {doc['pages']} | {doc['first_wall_s']:g} / "
            f"{doc['first_cpu_s']:g} | {doc['median_wall_s']:g} / {doc['median_cpu_s']:g} |"
        )
    return [*lines, "", *_goals(figures)]


def floor(figures: dict) -> list[str]:
    lines = [
        f"**Where a signed-in page's time goes** (one process, the load bench's database, "
        f"fastest of batches of 20 GETs; {_when(figures)}):",
        "",
        "| page | path | ms | queries |",
        "|---|---|---|---|",
    ]
    for page in figures["pages"]:
        lines.append(f"| {page['name']} | `{page['path']}` | {page['ms']:g} | {page['queries']} |")
    return lines


def render(paths: list[Path], note: str = "") -> str:
    runs = [json.loads(p.read_text()) for p in paths]
    parts = []
    for kind, key in (
        (scale, "ratio_goal"),
        (load, "form_rps"),
        (floor, "floor"),
        (completions_import, "copy_rows_per_s"),
        (pdf, "documents"),
    ):
        for figures in runs:
            if key in figures:
                parts.append("\n".join(kind(figures)))
    names = ", ".join(f"`{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}`" for p in paths)
    intro = f"Generated by `bench/report_readme.py` from the benches' `--json` files ({names})."
    if note:
        intro += f" {note}"
    return "\n\n".join([intro, *parts]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--write", type=Path, metavar="README")
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.files] or sorted((ROOT / "bench/results").glob("*.json"))
    if not paths:
        raise SystemExit("no --json files given and none in bench/results/")
    section = render(paths, args.note)
    if not args.write:
        print(section, end="")
        return 0
    text = args.write.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{args.write} has no {START} ... {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    args.write.write_text(f"{head}{START}\n{section}{END}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
