"""Demo training: writes the records of `training/demo_data/<year>.yaml` (the seed report's
courses and e-learning completions, and the taught sessions with their registers).

The content is data (decision 0001, "Demo content as data"); this module only writes it.
Idempotent: courses by title, sessions by course and start, bookings by session and e-mail,
completions by their unique key (and skipped altogether once the demo batch is complete)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cscp import demodata
from cscp.demo import agency
from cscp.models import Agency, Theme

from .models import Booking, Completion, Course, Delivery, Evaluation, ImportBatch, Session
from .services import completions_insert, import_batch_record_history

APP = "training"
# The agencies the demo's learners come from.
AGENCIES = [
    "Children's Social Care",
    "Early Help",
    "Education",
    "CHS",
    "Police",
    "YOS",
    "CCG",
    "CAMHS",
    "Public Health",
    "Croydon College",
    "BME Forum",
]
VENUE = "Bernard Weatherill House, 8 Mint Walk, Croydon CR0 1EA"
TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/demo"
# Sessions kept ahead of today for the public booking page: (course, days ahead, mode, places).
UPCOMING = [
    ("Trauma Informed Approach", 21, "face_to_face", 20),
    (
        "Expanding Cultural Competencies for Safeguarding Professionals working with LGBTQ+ "
        "Young People",
        35,
        "virtual",
        25,
    ),
]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Hassan", "Isla", "Jamal"]
LAST = ["Adams", "Bello", "Clarke", "Das", "Evans", "Forde", "Green", "Hughes", "Iqbal", "Jones"]


def _files() -> dict[str, dict]:
    return {name: demodata.read(APP, name) for name in demodata.names(APP)}


def load(stdout=None) -> None:
    files = _files()
    themes = {t.name: t for t in Theme.objects.all()}
    agencies = {short: agency(short) for short in AGENCIES}
    courses = _courses([c for data in files.values() for c in data.get("courses", [])], themes)
    _sessions([x for data in files.values() for x in data.get("sessions", [])], courses, agencies)
    _upcoming(courses)
    _completions(files, courses, agencies)
    if stdout is not None:
        stdout.write("Training: courses, sessions, registers, evaluations and completions.")


def _courses(items: list[dict], themes: dict[str, Theme]) -> dict[str, Course]:
    courses = {}
    for item in items:
        delivery = item["delivery"]
        course, _ = Course.objects.update_or_create(
            title=item["title"],
            defaults={
                "delivery": delivery,
                "level": item["level"],
                "introduced_on": item["introduced_on"],
                "funder": agency(item["funder"]) if item.get("funder") else None,
                "description": item.get("description", ""),
                "provider": "CSCP Learning & Development",
                "audience": "Everyone working with children and families in Croydon",
                "duration_minutes": 45 if delivery == Delivery.E_LEARNING else 180,
                "active": True,
            },
        )
        course.themes.set([themes[n] for n in item.get("themes", []) if n in themes])
        courses[item["title"]] = course
    return courses


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value)


def _person(n: int) -> tuple[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    return f"{first} {last}", f"{first}.{last}{n}@demo.example.org".lower()


def _sessions(items: list[dict], courses: dict[str, Course], agencies: dict[str, Agency]) -> None:
    rng = random.Random(2021)  # noqa: S311 - demo data only
    for i, item in enumerate(items):
        mode = item["mode"]
        starts_at = _aware(dt.datetime.fromisoformat(item["starts"]))
        session, _ = Session.objects.update_or_create(
            course=courses[item["course"]],
            starts_at=starts_at,
            defaults={
                "ends_at": starts_at + dt.timedelta(hours=3),
                "mode": mode,
                "venue": VENUE if mode == "face_to_face" else "",
                "joining_link": TEAMS_LINK if mode == "virtual" else "",
                "trainer": "CSCP Learning & Development",
                "capacity": item["capacity"],
            },
        )
        existing = {b.email: b for b in session.bookings.all()}
        evaluated = set(
            Evaluation.objects.filter(booking__session=session).values_list("booking", flat=True)
        )
        attended = item["attended"]
        for n in range(attended + item["did_not_attend"]):
            name, email = _person(i * 100 + n)
            status = Booking.Status.ATTENDED if n < attended else Booking.Status.DID_NOT_ATTEND
            values = {
                "name": name,
                "agency": agencies[AGENCIES[(i + n) % len(AGENCIES)]],
                "job_role": "Practitioner",
                "status": status,
                "created_at": starts_at - dt.timedelta(days=20 - n % 10),
                "attendance_marked_at": starts_at + dt.timedelta(hours=3),
                "evaluation_requested_at": (
                    starts_at + dt.timedelta(hours=3) if status == Booking.Status.ATTENDED else None
                ),
            }
            booking = existing.get(email)
            if booking is None:
                booking = Booking.objects.create(session=session, email=email, **values)
            if not item.get("evaluated") or status != Booking.Status.ATTENDED or n % 5 == 4:
                continue  # about four in five attendees of an evaluated session evaluate
            before = rng.choice([2, 2, 3, 3, 3])
            after, usefulness = min(5, before + rng.choice([1, 1, 2])), rng.choice([4, 4, 5])
            if booking.pk in evaluated:
                continue  # loaded before (the random draws above keep later rows the same)
            Evaluation.objects.create(
                booking=booking,
                confidence_before=before,
                confidence_after=after,
                usefulness=usefulness,
                comments="Practical and relevant to my caseload." if n % 3 == 0 else "",
                submitted_at=starts_at + dt.timedelta(days=1),
                follow_up_requested_at=starts_at + dt.timedelta(days=92),
            )


def _upcoming(courses: dict[str, Course]) -> None:
    now = timezone.now()
    for title, days, mode, capacity in UPCOMING:
        course = courses[title]
        if course.sessions.filter(starts_at__gt=now, mode=mode).exists():
            continue
        day = timezone.localdate() + dt.timedelta(days=days)
        starts_at = _aware(dt.datetime.combine(day, dt.time(9, 30)))
        Session.objects.create(
            course=course,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=3),
            mode=mode,
            venue=VENUE if mode == "face_to_face" else "",
            joining_link=TEAMS_LINK if mode == "virtual" else "",
            trainer="CSCP Learning & Development",
            capacity=capacity,
        )


def _completions(
    files: dict[str, dict], courses: dict[str, Course], agencies: dict[str, Agency]
) -> None:
    batch, _ = ImportBatch.objects.get_or_create(
        filename="demo-learning-platform-export.csv",
        defaults={"status": ImportBatch.Status.IMPORTED},
    )
    counts = {
        int(name.split("-")[0]): data["e_learning_completions"]
        for name, data in files.items()
        if data.get("e_learning_completions")
    }
    expected = sum(counts.values())
    if Completion.objects.filter(batch=batch).count() >= expected:
        return
    items = [c for data in files.values() for c in data.get("courses", [])]
    agency_ids = [agencies[a].pk for a in AGENCIES] + [None]
    rows = []
    for start_year, count in counts.items():
        first_day, last_day = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
        # E-learning courses, and the e-learning modules of other courses once live.
        live = {
            c["title"]: c.get("e_learning_from")
            for c in items
            if c["delivery"] == Delivery.E_LEARNING
            or (c.get("e_learning_from") and c["e_learning_from"] <= last_day)
        }
        titles = list(live)
        for n in range(count):
            title = titles[n % len(titles)]
            completed_on = first_day + dt.timedelta(days=(n * 7) % 365)
            if live[title] and completed_on < live[title]:
                completed_on += dt.timedelta(days=61)
            rows.append(
                (
                    f"Learner {start_year}-{n}",
                    f"learner{n % 4000}.{start_year}@demo.example.org",
                    agency_ids[n % len(agency_ids)],
                    courses[title].pk,
                    completed_on,
                    batch.pk,
                )
            )
    completions_insert(rows)
    Completion.history.filter(batch=batch).delete()
    batch.row_count = expected
    batch.created_count = import_batch_record_history(batch=batch)
    batch.imported_at = batch.imported_at or timezone.now()
    batch.status = ImportBatch.Status.IMPORTED
    batch.save()
