"""Apply surviving mutants from a mutmut 2.x cache to a module (`--file`, default
training/services.py) one at a time and run the given tests against each: prints KILLED/SURVIVED
per mutant id. The cache may come from a run over a slightly different version of the file: each
mutant's line is found here by its text.

    .venv/bin/python scripts/mutants_check.py CACHE.db [--show] [--ids 1,2] -- pytest args...

With `--lines 32,79` instead of a cache, every mutant mutmut makes of those lines (1-based) of
this version is tried (ids are then "line:index"); `--lines all` tries every mutant of the file.
It keeps no cache: mutmut 2.5's own runner stops ("Attribute Mutant.line is required") when
its cache is read while a mutant is on disk (decision 0007), which cost two runs here.
"""

from __future__ import annotations

import difflib
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from mutmut import ALL, Context, RelativeMutationID, list_mutations, mutate

FILE = Path("training/services.py")


def survivors(cache: str, ids: set[int] | None):
    db = sqlite3.connect(cache)
    rows = db.execute(
        "select m.id, l.line, l.line_number, m.'index', m.status from Mutant m "
        "join Line l on m.line=l.id where m.status in ('bad_survived', 'bad_timeout') order by m.id"
    ).fetchall()
    return [r for r in rows if ids is None or r[0] in ids]


def of_lines(source: str, numbers: set[int] | None):
    context = Context(source=source, filename=str(FILE), mutation_id=ALL)
    for mid in list_mutations(context):
        if numbers is None or mid.line_number + 1 in numbers:
            yield f"{mid.line_number + 1}:{mid.index}", mid.line, mid.line_number, mid.index, ""


def locate(lines: list[str], text: str, old_number: int) -> int | None:
    matches = [i for i, line in enumerate(lines) if line == text]
    return min(matches, key=lambda i: abs(i - old_number)) if matches else None


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # so the `finally` below puts the module back


def main() -> int:
    global FILE
    signal.signal(signal.SIGTERM, _stop)
    args = sys.argv[1:]
    sep = args.index("--")
    opts, pytest_args = args[:sep], args[sep + 1 :]
    if "--file" in opts:
        FILE = Path(opts[opts.index("--file") + 1])
    cache = opts[0] if opts and not opts[0].startswith("--") else None
    show = "--show" in opts
    ids = None
    if "--ids" in opts:
        ids = {int(x) for x in opts[opts.index("--ids") + 1].split(",")}
    original = FILE.read_text()
    lines = original.split("\n")
    results = {"KILLED": [], "SURVIVED": [], "MISSING": []}
    try:
        if "--lines" in opts:
            spec = opts[opts.index("--lines") + 1]
            numbers = None if spec == "all" else {int(x) for x in spec.split(",")}
            mutants = list(of_lines(original, numbers))
        else:
            mutants = survivors(cache, ids)
        for pk, text, old_number, index, _status in mutants:
            number = locate(lines, text, old_number)
            if number is None:
                print(f"{pk}: MISSING (line not in this version: {text.strip()})", flush=True)
                results["MISSING"].append(pk)
                continue
            context = Context(
                source=original,
                filename=str(FILE),
                mutation_id=RelativeMutationID(line=text, index=index, line_number=number),
            )
            mutated, count = mutate(context)
            if count != 1:
                print(f"{pk}: MISSING (no mutation applied at line {number + 1})", flush=True)
                results["MISSING"].append(pk)
                continue
            diff = "".join(
                d
                for d in difflib.unified_diff(
                    original.splitlines(True), mutated.splitlines(True), n=0
                )
                if d[0] in "+-" and not d.startswith(("+++", "---"))
            )
            if not pytest_args:  # no tests given: only show the mutants
                print(f"{pk}: line {number + 1}\n    " + diff.rstrip().replace("\n", "\n    "))
                continue
            FILE.write_text(mutated)
            try:
                run = subprocess.run(
                    [
                        ".venv/bin/python",
                        "-m",
                        "pytest",
                        "-x",
                        "-q",
                        "-p",
                        "no:randomly",
                        "-n0",
                        "--no-migrations",
                        *pytest_args,
                    ],
                    capture_output=True,
                    timeout=300,
                )
                verdict = "SURVIVED" if run.returncode == 0 else "KILLED"
            finally:
                FILE.write_text(original)
            results[verdict].append(pk)
            print(f"{pk}: {verdict} line {number + 1}", flush=True)
            if show or verdict == "SURVIVED":
                print("    " + diff.rstrip().replace("\n", "\n    "), flush=True)
    finally:
        FILE.write_text(original)
    total = sum(len(v) for v in results.values())
    print(
        f"of {total} mutants tried: {len(results['KILLED'])} killed, "
        f"{len(results['SURVIVED'])} survived {results['SURVIVED']}, "
        f"{len(results['MISSING'])} not in this version {results['MISSING']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
