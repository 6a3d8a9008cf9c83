"""Training's part of the annual report: plain JSON-serialisable data, computed with a fixed
number of queries."""

from __future__ import annotations

from django.db.models import OuterRef
from django.urls import reverse

from cscp.formatting import half_up, half_up_float, percentage
from cscp.models import Agency, ReportingYear
from cscp.queries import average, count, json_rows, one_query

from . import selectors
from .models import Booking, Completion, Course, Delivery, Evaluation, Session


def reads(year: ReportingYear) -> dict:
    """Everything the contribution reads, as expressions of its one query (cscp.queries):
    the same figures as the dashboard's selectors, counted by agency and course."""
    this_start, this_end = selectors.year_bounds(year.start_year)
    last_start, _ = selectors.year_bounds(year.start_year - 1)
    at_start, at_end = selectors.aware_bounds(year.start_year)
    in_year = {"session__starts_at__gte": at_start, "session__starts_at__lt": at_end}
    bookings = Booking.objects.filter(**in_year)
    attended = bookings.filter(status=Booking.Status.ATTENDED)
    not_attended = bookings.filter(status=Booking.Status.DID_NOT_ATTEND)
    evaluations = Evaluation.objects.filter(**{f"booking__{k}": v for k, v in in_year.items()})
    completions = Completion.objects.filter(completed_on__lte=this_end)
    agency, course = OuterRef("pk"), OuterRef("pk")
    sessions = Session.objects.filter(starts_at__gte=at_start, starts_at__lt=at_end)
    return {
        "completions": count(completions.filter(completed_on__gte=this_start)),
        "completions_previous": count(
            completions.filter(completed_on__gte=last_start, completed_on__lt=this_start)
        ),
        "attendance": json_rows(
            Agency.objects.all(),
            agency="name",
            attended=count(attended.filter(agency=agency)),
            did_not_attend=count(not_attended.filter(agency=agency)),
        ),
        "attended_other": count(attended.filter(agency__isnull=True)),
        "not_attended_other": count(not_attended.filter(agency__isnull=True)),
        "courses": json_rows(
            Course.objects.all(),
            course="title",
            sessions=count(sessions.filter(course=course)),
            attended=count(attended.filter(session__course=course)),
        ),
        "evaluations": count(evaluations),
        "confidence_before": average(evaluations, "confidence_before"),
        "confidence_after": average(evaluations, "confidence_after"),
        "follow_ups": count(evaluations.filter(follow_up_submitted_at__isnull=False)),
        "quotes": json_rows(
            evaluations.filter(quote_in_report=True).exclude(comments="", doing_differently=""),
            id="pk",
            submitted_at="submitted_at",
            comments="comments",
            doing_differently="doing_differently",
            course="booking__session__course__title",
        ),
        "new_courses": json_rows(
            Course.objects.filter(introduced_on__gte=this_start, introduced_on__lte=this_end),
            title="title",
            delivery="delivery",
            introduced_on="introduced_on",
            funder="funder__name",
        ),
        "funded_courses": json_rows(
            Course.objects.filter(funder__isnull=False, active=True),
            title="title",
            funder="funder__name",
        ),
    }


def _change(after, before) -> float | None:
    """From the rounded means, so the figures a reader sees add up."""
    a, b = half_up(after, 1), half_up(before, 1)
    return None if a is None or b is None else float(a - b)


def contribution(year: ReportingYear) -> dict:
    read = one_query(year, **reads(year))  # one query for the whole contribution
    this, last = read["completions"], read["completions_previous"]
    attendance = [row for row in read["attendance"] if row["attended"] or row["did_not_attend"]]
    attendance.sort(key=lambda r: r["agency"])
    if read["attended_other"] or read["not_attended_other"]:
        attendance.append(
            {
                "agency": selectors.OTHER_ORGANISATIONS,
                "attended": read["attended_other"],
                "did_not_attend": read["not_attended_other"],
            }
        )
    courses = sorted((row for row in read["courses"] if row["sessions"]), key=lambda r: r["course"])
    sessions_delivered = sum(row["sessions"] for row in courses)
    evaluations = read["evaluations"]
    before, after = read["confidence_before"], read["confidence_after"]
    new = [
        {
            "title": c["title"],
            "delivery": Delivery(c["delivery"]).label,
            "introduced_on": c["introduced_on"],
            "funder": c["funder"],
        }
        for c in sorted(read["new_courses"], key=lambda c: (c["introduced_on"], c["title"]))
    ]
    # The latest five, as the dashboard's selectors.impact_quotes.
    quotes = sorted(read["quotes"], key=lambda q: (q["submitted_at"] or "", q["id"]), reverse=True)
    has_records = bool(this or sessions_delivered or new or evaluations)
    return {
        "has_records": has_records,
        "year": year.label,
        "previous_year": year.previous_label,
        "completions": this,
        "completions_previous": last,
        "completions_direction": selectors.direction(this, last),
        "completions_change_percent": percentage(abs(this - last), last) if last else None,
        "sessions_delivered": sessions_delivered,
        "courses_delivered": courses,
        "attended": sum(row["attended"] for row in attendance),
        "did_not_attend": sum(row["did_not_attend"] for row in attendance),
        "attendance_by_agency": attendance,
        "evaluations": evaluations,
        "mean_confidence_before": half_up_float(before, 1),
        "mean_confidence_after": half_up_float(after, 1),
        "mean_confidence_change": _change(after, before),
        "follow_ups": read["follow_ups"],
        "quotes": [
            {"text": q["doing_differently"] or q["comments"], "course": q["course"]}
            for q in quotes[:5]
        ],
        "new_courses": new,
        "funded_courses": [
            {"title": c["title"], "funder": c["funder"]}
            for c in sorted(read["funded_courses"], key=lambda c: c["title"])
        ],
        "checks": [
            {
                "label": f"Training has evaluation evidence for {year.label}, not only attendance",
                "ok": evaluations > 0,
                "fix_url": reverse("training_sessions"),
            }
        ],
    }


def public(data: dict) -> dict:
    """Training figures as the public sees them (cscp.disclosure): counts of people of 1 to 5
    are "c"; in the attendance tables a second row is suppressed where the total attended
    would give a suppressed one away; a change in per cent beside a suppressed count goes too.
    Counts of sessions are not counts of people and are shown."""
    from cscp import disclosure

    for table in ("courses_delivered", "attendance_by_agency"):
        rows = data.get(table, [])
        for column in ("attended", "did_not_attend"):
            if rows and column in rows[0]:
                for row, shown in zip(
                    rows, disclosure.group([r[column] for r in rows]), strict=True
                ):
                    row[column] = shown
    data["attended"] = disclosure.count(data.get("attended"))
    data["evaluations"] = disclosure.count(data.get("evaluations"))
    data["completions_change_percent"] = disclosure.beside(
        data.get("completions_change_percent"),
        data.get("completions"),
        data.get("completions_previous"),
    )
    data["completions"] = disclosure.count(data.get("completions"))
    data["completions_previous"] = disclosure.count(data.get("completions_previous"))
    return data
