#!/usr/bin/env python
"""Load and concurrency benchmark against the production shape on this machine.

gunicorn + PostgreSQL + Redis on loopback only, bounded in time. It prints figures and exits
non-zero if an invariant breaks (a 500, a lost or doubled submission, an overbooked session).

  .venv/bin/python bench/load.py            # full: 50 agency leads x 4 quarters, 100 bookings
  .venv/bin/python bench/load.py --short    # CI: 20 leads x 1 quarter, 40 bookings for 8 places
  .venv/bin/python bench/load.py --json PATH  # also write the figures as JSON

Goals (issue 17), printed and checked: the return form's throughput at least half the bare
view's (/ping/) under the same gunicorn; the return journey's p95 at most 2 s, reported beside
the bare view's p95 under the same concurrency; 0 errors. The journey is the return's pages
(open, save a draft, open again, submit), each lead pausing --think seconds (default 1) before
each page as a person reading it does; signing in is timed apart (its p95 printed beside),
since its password hash is deliberately slow (PBKDF2, Django's 1,000,000 iterations;
decision 0020). A failed goal exits 1 — except with
--short (CI on whatever machine runs it), where the timing goals are printed, not enforced.
JSON: {"form_rps", "bare_rps", "ratio", "p95_ms", "bare_p95_ms", "errors", ...}.

Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 (as `.ci/run` provides); it
uses its own database `cscp_bench`, dropped and created afresh (BENCH_DATABASE, BENCH_PORT,
BENCH_BROKER_URL and BENCH_REDIS_URL choose others, for two runs side by side).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-password-2026!"
DB_NAME = os.environ.get("BENCH_DATABASE", "cscp_bench")
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/2"),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    # Every simulated member of the public books from 127.0.0.1.
    "TRAINING_BOOKING_RATE_LIMIT": "100000",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
PYTHON = str(ROOT / ".venv/bin/python")


# --- set-up ------------------------------------------------------------------------------------


def run(*args, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=ENV, check=True, **kwargs)


def prepare_database(leads: int, places: int) -> None:
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0")
    run(PYTHON, "bench/seed_load.py", str(leads), str(places), PASSWORD)


def start_gunicorn(workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cscp.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=ENV,
    )
    deadline = time.time() + 120  # a busy machine takes a while to import Django 4 times
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/ping/", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


# --- a browser-like client ---------------------------------------------------------------------


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.latencies: list[float] = []
        self.statuses: list[int] = []
        self.signin_latencies: list[float] = []

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(f"{BASE}{path}", data=body)
        if body is not None:
            req.add_header("Referer", f"{BASE}{path}")
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.latencies.append(time.perf_counter() - started)
        self.statuses.append(status)
        return status, text

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str) -> None:
        self.request("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        if status != 200:
            raise RuntimeError(f"login {username}: {status}")
        # Signing in is timed apart from the journey (see the docstring).
        self.signin_latencies, self.latencies = self.latencies, []


FIELD = re.compile(r"<(?:input|textarea)\b[^>]*>")
NAME = re.compile(r'\bname="([^"]+)"')
VALUE = re.compile(r'\bvalue="([^"]*)"')


def form_fields(html: str) -> dict[str, str]:
    """Each field's name and value, wherever the value attribute stands in the tag (the
    required hidden opened_version has its id between them)."""
    form = html[html.find('<form method="post"', html.find("main-content")) :]
    fields = {}
    for tag in FIELD.findall(form):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name:
            fields.setdefault(name.group(1), value.group(1) if value else "")
    return fields


def year_label(start_year: int) -> str:
    """The URL form of a reporting year (cscp/converters.py): 2021 -> "2021-22"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


# --- scenarios ---------------------------------------------------------------------------------


THINK_SECONDS = 1.0


def submit_returns(lead: int, quarters: int, year: int) -> Client:
    client = Client()
    client.login(f"lead{lead}")

    def page_after_reading(path, data=None):
        time.sleep(THINK_SECONDS)
        return client.request(path, data)

    for quarter in range(1, quarters + 1):
        path = f"/returns/{lead_agency_ids[lead]}/{year_label(year)}/q{quarter}/"
        _, page = page_after_reading(path)
        fields = form_fields(page)
        data = {k: v for k, v in fields.items() if k != "action"}
        for name in fields:
            if name.endswith("-value") or name.startswith("value_") or name.endswith("_value"):
                data[name] = str(100 + lead)
            if "commentary" in name:
                data[name] = "Steady quarter."
            if name.startswith("explanation_"):
                # A like-for-like change needs its written explanation before submitting.
                data[name] = "More referrals after the schools' campaign."
        data["csrfmiddlewaretoken"] = client.csrf()
        page_after_reading(path, {**data, "action": "draft"})
        _, page = page_after_reading(path)
        fields = form_fields(page)
        for name in fields:
            if name.startswith("explanation_"):
                data[name] = "More referrals after the schools' campaign."
        data.update({k: v for k, v in fields.items() if k == "opened_version"})
        status, page = page_after_reading(path, {**data, "action": "submit"})
        if status == 200 and "govuk-error-summary" in page:
            # Refused: keep the first reason, so a bench that submits nothing says why.
            messages = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</p>', page, re.S)
            REFUSALS.append(re.sub(r"<[^>]+>", " ", " | ".join(messages) or "(no message)").split())
    return client


REFUSALS: list[list[str]] = []


def throughput(path_for_client, clients: list[Client], seconds: float) -> tuple[float, list]:
    """(successful requests per second, latencies) of every client asking at once."""
    stop = time.time() + seconds
    counts = [0] * len(clients)
    latencies: list[list[float]] = [[] for _ in clients]

    def loop(i):
        while time.time() < stop:
            status, _ = clients[i].request(path_for_client(i))
            latencies[i].append(clients[i].latencies[-1])
            if status == 200:
                counts[i] += 1

    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(loop, range(len(clients))))
    return sum(counts) / seconds, [t for per_client in latencies for t in per_client]


def book(i: int, session_id: int) -> int:
    client = Client()
    path = f"/training/sessions/{session_id}/book/"
    _, page = client.request(path)
    data = form_fields(page)
    data.update(
        {
            "csrfmiddlewaretoken": client.csrf(),
            "name": f"Professional {i}",
            "email": f"pro{i}@example.org",
            "agency_other": "Bench organisation",
            "job_role": "Practitioner",
            "website": "",
        }
    )
    status, _ = client.request(path, data)
    return status


lead_agency_ids: dict[int, int] = {}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def main() -> int:
    global THINK_SECONDS
    parser = argparse.ArgumentParser()
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    parser.add_argument(
        "--think",
        type=float,
        default=THINK_SECONDS,
        metavar="SECONDS",
        help="each lead's pause before each page of the journey (0: back to back)",
    )
    args = parser.parse_args()
    THINK_SECONDS = args.think
    figures: dict = {}
    leads, quarters, bookers, places = (20, 1, 40, 8) if args.short else (50, 4, 100, 20)
    prepare_database(leads, places)
    ids = (ROOT / "bench/.load_ids").read_text().split()
    year, session_id = int(ids[0]), int(ids[1])
    for i, agency_id in enumerate(ids[2:]):
        lead_agency_ids[i] = int(agency_id)
    server = start_gunicorn(workers=4)
    failures = []
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(leads) as pool:
            clients = list(pool.map(lambda i: submit_returns(i, quarters, year), range(leads)))
        elapsed = time.perf_counter() - started
        statuses = [s for c in clients for s in c.statuses]
        latencies = [t for c in clients for t in c.latencies]
        signin_latencies = [t for c in clients for t in c.signin_latencies]
        if any(s >= 500 for s in statuses):
            failures.append(f"{sum(s >= 500 for s in statuses)} server errors")
        if REFUSALS:
            print(f"Submissions refused: {len(REFUSALS)}, e.g. {' '.join(REFUSALS[0])[:300]}")
        print(
            f"Returns: {leads} agency leads x {quarters} quarter(s), {len(statuses)} requests "
            f"in {elapsed:.1f} s: {len(statuses) / elapsed:.1f} req/s, p95 "
            f"{p95(latencies) * 1000:.0f} ms, 5xx {sum(s >= 500 for s in statuses)}"
        )

        ping_rate, ping_latencies = throughput(lambda i: "/ping/", clients, 5)
        form_url = "/returns/{}/" + year_label(year) + "/q1/"
        form_rate, _ = throughput(lambda i: form_url.format(lead_agency_ids[i]), clients, 5)
        print(
            f"Return form {form_rate:.1f} req/s vs bare view {ping_rate:.1f} req/s: "
            f"ratio {form_rate / ping_rate:.2f}"
        )
        print(
            f"p95 under {leads} concurrent leads: return journey {p95(latencies) * 1000:.0f} ms "
            f"(pausing {THINK_SECONDS:g} s before each page), bare view "
            f"{p95(ping_latencies) * 1000:.0f} ms; signing in {p95(signin_latencies) * 1000:.0f} ms"
        )
        figures = {
            "form_rps": float(f"{form_rate:.1f}"),
            "bare_rps": float(f"{ping_rate:.1f}"),
            "ratio": float(f"{form_rate / ping_rate:.2f}"),
            "p95_ms": int(f"{p95(latencies) * 1000:.0f}"),
            "bare_p95_ms": int(f"{p95(ping_latencies) * 1000:.0f}"),
            "signin_p95_ms": int(f"{p95(signin_latencies) * 1000:.0f}"),
            "think_s": THINK_SECONDS,
            "errors": sum(s >= 500 for s in statuses),
            "leads": leads,
            "quarters": quarters,
        }

        with ThreadPoolExecutor(bookers) as pool:
            booking_statuses = list(pool.map(lambda i: book(i, session_id), range(bookers)))
        print(
            f"Bookings: {bookers} at once for {places} places: statuses "
            f"{sorted(set(booking_statuses))}"
        )
        if any(s >= 500 for s in booking_statuses):
            failures.append("server error while booking")
        figures["errors"] += sum(s >= 500 for s in booking_statuses)
    finally:
        server.terminate()
        server.wait(timeout=30)
    check = subprocess.run(
        [PYTHON, "bench/seed_load.py", "--check", str(leads), str(places), str(quarters)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    print(check.stdout.strip())
    if check.returncode:
        failures.append(check.stdout.strip() or check.stderr.strip())
    goals = [
        ("return form throughput at least half the bare view's", figures.get("ratio", 0) >= 0.5),
        ("return journey p95 at most 2 s", figures.get("p95_ms", 10**9) <= 2000),
    ]
    for goal, holds in goals:
        print(f"goal: {goal}: {'HOLDS' if holds else 'DOES NOT HOLD'}")
        if not holds and not args.short:
            failures.append(goal)
    if args.json:
        figures["taken_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        figures["command"] = " ".join(["bench/load.py", *sys.argv[1:]])
        figures["goals"] = [{"goal": goal, "holds": holds} for goal, holds in goals]
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
