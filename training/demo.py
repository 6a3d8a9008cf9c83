"""Demo training records reproducing the seed report (Croydon 2021-22): over 9,000 e-learning
completions, significantly fewer than the year before; three new courses; Unconscious Bias
training funded by Crystal Palace FC; a few taught sessions with registers and evaluations.

Idempotent: courses by title, sessions by course and start, bookings by session and e-mail,
completions by their unique key (and skipped altogether once the demo batch is complete)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cscp.demo import agency
from cscp.models import Agency, Theme

from .models import Booking, Completion, Course, Delivery, Evaluation, ImportBatch, Session
from .services import insert_completions, record_history_of_batch

LGBTQ = (
    "Expanding Cultural Competencies for Safeguarding Professionals working with LGBTQ+ "
    "Young People"
)
DISPROPORTIONALITY = (
    "Challenging Disproportionality – Assessing the Extra-Familial Risk for Black Male "
    "Children & their Families"
)
TRAUMA = "Trauma Informed Approach"
UNCONSCIOUS_BIAS = "Unconscious Bias Training"

# title -> (delivery, level, themes, introduced, funder short name, description)
COURSES = {
    LGBTQ: (
        Delivery.VIRTUAL,
        "intermediate",
        ["Mental health", "Suicide and self-harm", "Voice of the child"],
        dt.date(2021, 9, 1),
        None,
        "Understanding the experiences of LGBTQ+ young people and how to safeguard them "
        "with cultural competence, including around self-harm and suicide.",
    ),
    DISPROPORTIONALITY: (
        Delivery.VIRTUAL,
        "advanced",
        ["Disproportionality", "Extra-familial harm", "Serious youth violence"],
        dt.date(2021, 11, 1),
        None,
        "Assessing extra-familial risk for Black male children and their families without "
        "bias, and challenging disproportionate responses.",
    ),
    TRAUMA: (
        Delivery.BLENDED,
        "introductory",
        ["Trauma-informed practice", "Mental health"],
        dt.date(2021, 6, 1),
        None,
        "An e-learning module with additional face-to-face and MS Teams courses on working "
        "in a trauma-informed way.",
    ),
    UNCONSCIOUS_BIAS: (
        Delivery.E_LEARNING,
        "introductory",
        ["Disproportionality"],
        dt.date(2019, 10, 1),
        "CPFC",
        "Free to anyone working or living in Croydon, courtesy of Crystal Palace Football "
        "Club, who fund the course.",
    ),
    "Safeguarding Children: Level 1 (e-learning)": (
        Delivery.E_LEARNING,
        "introductory",
        ["Professional curiosity", "Information sharing"],
        dt.date(2018, 4, 1),
        None,
        "Recognising and responding to abuse and neglect.",
    ),
    "Safeguarding Children: Level 2 (e-learning)": (
        Delivery.E_LEARNING,
        "intermediate",
        ["Professional curiosity", "Neglect"],
        dt.date(2018, 4, 1),
        None,
        "",
    ),
    "Safeguarding Adults Awareness (e-learning)": (
        Delivery.E_LEARNING,
        "introductory",
        ["Information sharing"],
        dt.date(2018, 4, 1),
        None,
        "",
    ),
    "Domestic Abuse Awareness (e-learning)": (
        Delivery.E_LEARNING,
        "introductory",
        ["Domestic abuse", "Importance of fathers/male carers"],
        dt.date(2019, 4, 1),
        None,
        "",
    ),
    "Child Sexual Exploitation and Extra-Familial Harm (e-learning)": (
        Delivery.E_LEARNING,
        "intermediate",
        ["Extra-familial harm", "Child sexual abuse"],
        dt.date(2019, 4, 1),
        None,
        "",
    ),
}

# E-learning completions per reporting year: "over 9000 courses completed ... significantly
# lower than the previous year".
COMPLETIONS = {2020: 12_480, 2021: 9_130}
E_LEARNING = [t for t, c in COURSES.items() if c[0] == Delivery.E_LEARNING]
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

# (course, start (local), mode, capacity, attended, did not attend)
SESSIONS = [
    (DISPROPORTIONALITY, dt.datetime(2020, 11, 17, 9, 30), "virtual", 30, 14, 3),
    (TRAUMA, dt.datetime(2021, 2, 9, 13, 0), "virtual", 30, 16, 4),
    (TRAUMA, dt.datetime(2021, 6, 15, 9, 30), "virtual", 30, 18, 3),
    (LGBTQ, dt.datetime(2021, 10, 12, 9, 30), "virtual", 25, 16, 2),
    (LGBTQ, dt.datetime(2022, 2, 8, 13, 0), "virtual", 25, 12, 3),
    (DISPROPORTIONALITY, dt.datetime(2021, 12, 7, 9, 30), "virtual", 30, 17, 4),
    (TRAUMA, dt.datetime(2022, 3, 22, 10, 0), "face_to_face", 20, 14, 2),
]
VENUE = "Bernard Weatherill House, 8 Mint Walk, Croydon CR0 1EA"
UPCOMING = [(TRAUMA, 21, "face_to_face", 20), (LGBTQ, 35, "virtual", 25)]

FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Hassan", "Isla", "Jamal"]
LAST = ["Adams", "Bello", "Clarke", "Das", "Evans", "Forde", "Green", "Hughes", "Iqbal", "Jones"]
# The three-month follow-up answers the report quotes (one per new course).
QUOTES = {
    LGBTQ: "I now ask young people directly about their identity and who they feel safe "
    "with, instead of assuming.",
    DISPROPORTIONALITY: "We have changed our assessment template to record how risk outside "
    "the home is weighed for Black boys, and we challenge it in supervision.",
    TRAUMA: "I think about what has happened to a young person, not what is wrong with them, "
    "and our team meetings now start from that.",
}


def load(stdout=None) -> None:
    themes = {t.name: t for t in Theme.objects.all()}
    agencies = {short: agency(short) for short in AGENCIES}
    courses = _courses(themes)
    _sessions(courses, agencies)
    _upcoming(courses)
    _completions(courses, agencies)
    if stdout is not None:
        stdout.write("Training: courses, sessions, registers, evaluations and completions.")


def _courses(themes: dict[str, Theme]) -> dict[str, Course]:
    courses = {}
    for title, (delivery, level, theme_names, introduced, funder, description) in COURSES.items():
        course, _ = Course.objects.update_or_create(
            title=title,
            defaults={
                "delivery": delivery,
                "level": level,
                "introduced_on": introduced,
                "funder": agency(funder) if funder else None,
                "description": description,
                "provider": "CSCP Learning & Development",
                "audience": "Everyone working with children and families in Croydon",
                "duration_minutes": 45 if delivery == Delivery.E_LEARNING else 180,
                "active": True,
            },
        )
        course.themes.set([themes[n] for n in theme_names if n in themes])
        courses[title] = course
    return courses


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value)


def _person(n: int) -> tuple[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    return f"{first} {last}", f"{first}.{last}{n}@demo.example.org".lower()


def _sessions(courses: dict[str, Course], agencies: dict[str, Agency]) -> None:
    rng = random.Random(2021)  # noqa: S311 - demo data only
    quoted: set[str] = set()
    for i, (title, start, mode, capacity, attended, dna) in enumerate(SESSIONS):
        starts_at = _aware(start)
        session, _ = Session.objects.update_or_create(
            course=courses[title],
            starts_at=starts_at,
            defaults={
                "ends_at": starts_at + dt.timedelta(hours=3),
                "mode": mode,
                "venue": VENUE if mode == "face_to_face" else "",
                "joining_link": "https://teams.microsoft.com/l/meetup-join/demo"
                if mode == "virtual"
                else "",
                "trainer": "CSCP Learning & Development",
                "capacity": capacity,
            },
        )
        existing = {b.email: b for b in session.bookings.all()}
        evaluated = set(
            Evaluation.objects.filter(booking__session=session).values_list("booking", flat=True)
        )
        for n in range(attended + dna):
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
            if status != Booking.Status.ATTENDED or n % 5 == 4:
                continue  # about four in five attendees evaluate
            before = rng.choice([2, 2, 3, 3, 3])
            quote = n == 0 and start >= dt.datetime(2021, 4, 1) and title not in quoted
            if quote:
                quoted.add(title)
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
                doing_differently=QUOTES[title] if quote else "",
                follow_up_submitted_at=starts_at + dt.timedelta(days=95) if quote else None,
                quote_in_report=quote,
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
            joining_link="https://teams.microsoft.com/l/meetup-join/demo"
            if mode == "virtual"
            else "",
            trainer="CSCP Learning & Development",
            capacity=capacity,
        )


def _completions(courses: dict[str, Course], agencies: dict[str, Agency]) -> None:
    batch, _ = ImportBatch.objects.get_or_create(
        filename="demo-learning-platform-export.csv",
        defaults={"status": ImportBatch.Status.IMPORTED},
    )
    expected = sum(COMPLETIONS.values())
    if Completion.objects.filter(batch=batch).count() >= expected:
        return
    agency_ids = [agencies[a].pk for a in AGENCIES] + [None]
    rows = []
    for start_year, count in COMPLETIONS.items():
        first_day = dt.date(start_year, 4, 1)
        # The trauma-informed e-learning module went live in 2021-22.
        titles = E_LEARNING + ([TRAUMA] if start_year >= 2021 else [])
        course_ids = [courses[t].pk for t in titles]
        for n in range(count):
            course_id = course_ids[n % len(course_ids)]
            completed_on = first_day + dt.timedelta(days=(n * 7) % 365)
            if course_id == courses[TRAUMA].pk and completed_on < COURSES[TRAUMA][3]:
                completed_on += dt.timedelta(days=61)
            rows.append(
                (
                    f"Learner {start_year}-{n}",
                    f"learner{n % 4000}.{start_year}@demo.example.org",
                    agency_ids[n % len(agency_ids)],
                    course_id,
                    completed_on,
                    batch.pk,
                )
            )
    insert_completions(rows)
    Completion.history.filter(batch=batch).delete()
    batch.row_count = expected
    batch.created_count = record_history_of_batch(batch=batch)
    batch.imported_at = batch.imported_at or timezone.now()
    batch.status = ImportBatch.Status.IMPORTED
    batch.save()
