"""Reads shared by the dashboard, the report contribution and the home panels. Each function
runs a fixed number of aggregate queries, however many records there are."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q
from django.utils import timezone

from cscp.formatting import half_up, half_up_float, percentage
from cscp.models import ReportingYear

from .models import Booking, Completion, Course, Evaluation, Session

OTHER_ORGANISATIONS = "Other organisations"
NO_AGENCY = "Not a partner agency"


def year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def aware_bounds(start_year: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a reporting year as aware datetimes in local time."""
    start, end = year_bounds(start_year)
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)),
    )


def direction(this: int | float | None, last: int | float | None) -> str | None:
    """'up', 'down' or 'same' compared with last year; None when there is nothing to compare."""
    if this is None or last is None or (not last and not this):
        return None
    if this > last:
        return "up"
    if this < last:
        return "down"
    return "same"


def _rows_this_last(queryset, group_field: str, date_field: str, this_start, label_default=""):
    """Count per group for this year and last year, in one query."""
    rows = (
        queryset.values(group_field)
        .annotate(
            this=Count("pk", filter=Q(**{f"{date_field}__gte": this_start})),
            last=Count("pk", filter=Q(**{f"{date_field}__lt": this_start})),
        )
        .order_by(group_field)
    )
    return [
        {"label": row[group_field] or label_default, "this": row["this"], "last": row["last"]}
        for row in rows
    ]


def completions_summary(start_year: int) -> dict:
    this_start, this_end = year_bounds(start_year)
    last_start, _ = year_bounds(start_year - 1)
    qs = Completion.objects.filter(completed_on__gte=last_start, completed_on__lte=this_end)
    totals = qs.aggregate(
        this=Count("pk", filter=Q(completed_on__gte=this_start)),
        last=Count("pk", filter=Q(completed_on__lt=this_start)),
    )
    return {
        "this": totals["this"],
        "last": totals["last"],
        "direction": direction(totals["this"], totals["last"]),
        "change_percent": (
            percentage(abs(totals["this"] - totals["last"]), totals["last"])
            if totals["last"]
            else None
        ),
        "qs": qs,
    }


def attendance_rows(start_year: int) -> list[dict]:
    """Attended / did not attend per agency, this year and last, with the DNA rate."""
    this_start, this_end = aware_bounds(start_year)
    last_start, _ = aware_bounds(start_year - 1)
    rows = (
        Booking.objects.filter(
            session__starts_at__gte=last_start,
            session__starts_at__lt=this_end,
            status__in=(Booking.Status.ATTENDED, Booking.Status.DID_NOT_ATTEND),
        )
        .values("agency__name")
        .annotate(
            attended=Count(
                "pk",
                filter=Q(session__starts_at__gte=this_start, status=Booking.Status.ATTENDED),
            ),
            dna=Count(
                "pk",
                filter=Q(session__starts_at__gte=this_start, status=Booking.Status.DID_NOT_ATTEND),
            ),
            attended_last=Count(
                "pk", filter=Q(session__starts_at__lt=this_start, status=Booking.Status.ATTENDED)
            ),
            dna_last=Count(
                "pk",
                filter=Q(session__starts_at__lt=this_start, status=Booking.Status.DID_NOT_ATTEND),
            ),
        )
        .order_by("agency__name")
    )
    result = []
    for row in rows:
        marked, marked_last = row["attended"] + row["dna"], row["attended_last"] + row["dna_last"]
        result.append(
            {
                "agency": row["agency__name"] or OTHER_ORGANISATIONS,
                "attended": row["attended"],
                "did_not_attend": row["dna"],
                "dna_rate": percentage(row["dna"], marked),
                "attended_last": row["attended_last"],
                "did_not_attend_last": row["dna_last"],
                "dna_rate_last": percentage(row["dna_last"], marked_last),
            }
        )
    # "Other organisations" last, partner agencies alphabetically.
    result.sort(key=lambda r: (r["agency"] == OTHER_ORGANISATIONS, r["agency"]))
    return result


def session_rows(start_year: int, group_field: str) -> list[dict]:
    """Sessions delivered and attendance per course or per delivery mode, this year and last."""
    this_start, this_end = aware_bounds(start_year)
    last_start, _ = aware_bounds(start_year - 1)
    attended = Q(bookings__status=Booking.Status.ATTENDED)
    rows = (
        Session.objects.filter(starts_at__gte=last_start, starts_at__lt=this_end)
        .values(group_field)
        .annotate(
            sessions=Count("pk", distinct=True, filter=Q(starts_at__gte=this_start)),
            sessions_last=Count("pk", distinct=True, filter=Q(starts_at__lt=this_start)),
            attended=Count("bookings", filter=attended & Q(starts_at__gte=this_start)),
            attended_last=Count("bookings", filter=attended & Q(starts_at__lt=this_start)),
        )
        .order_by(group_field)
    )
    labels = dict(Session.Mode.choices)
    return [
        {
            "label": labels.get(row[group_field], row[group_field]),
            "sessions": row["sessions"],
            "sessions_last": row["sessions_last"],
            "attended": row["attended"],
            "attended_last": row["attended_last"],
        }
        for row in rows
    ]


def evaluation_summary(start_year: int) -> dict:
    this_start, this_end = aware_bounds(start_year)
    last_start, _ = aware_bounds(start_year - 1)
    this = Q(booking__session__starts_at__gte=this_start)
    last = Q(booking__session__starts_at__lt=this_start)
    agg = Evaluation.objects.filter(
        booking__session__starts_at__gte=last_start, booking__session__starts_at__lt=this_end
    ).aggregate(
        count=Count("pk", filter=this),
        before=Avg("confidence_before", filter=this),
        after=Avg("confidence_after", filter=this),
        usefulness=Avg("usefulness", filter=this),
        follow_ups=Count("pk", filter=this & Q(follow_up_submitted_at__isnull=False)),
        count_last=Count("pk", filter=last),
        before_last=Avg("confidence_before", filter=last),
        after_last=Avg("confidence_after", filter=last),
    )

    def r(value):
        return half_up_float(value, 1)

    def change(after, before):
        # From the rounded means, so the figures a reader sees add up.
        a, b = half_up(after, 1), half_up(before, 1)
        if a is None or b is None:
            return None
        return float(a - b)

    return {
        "count": agg["count"],
        "mean_confidence_before": r(agg["before"]),
        "mean_confidence_after": r(agg["after"]),
        "mean_confidence_change": change(agg["after"], agg["before"]),
        "mean_usefulness": r(agg["usefulness"]),
        "follow_ups": agg["follow_ups"],
        "count_last": agg["count_last"],
        "mean_confidence_before_last": r(agg["before_last"]),
        "mean_confidence_after_last": r(agg["after_last"]),
        "mean_confidence_change_last": change(agg["after_last"], agg["before_last"]),
    }


def impact_quotes(start_year: int, limit: int = 5) -> list[dict]:
    this_start, this_end = aware_bounds(start_year)
    rows = (
        Evaluation.objects.filter(
            quote_in_report=True,
            booking__session__starts_at__gte=this_start,
            booking__session__starts_at__lt=this_end,
        )
        .exclude(comments="", doing_differently="")
        .values("comments", "doing_differently", "booking__session__course__title")
        .order_by("-submitted_at")[:limit]
    )
    return [
        {
            "text": row["doing_differently"] or row["comments"],
            "course": row["booking__session__course__title"],
        }
        for row in rows
    ]


def new_courses(start_year: int) -> list[dict]:
    start, end = year_bounds(start_year)
    rows = (
        Course.objects.filter(introduced_on__gte=start, introduced_on__lte=end)
        .select_related("funder")
        .order_by("introduced_on", "title")
    )
    return [
        {
            "title": c.title,
            "delivery": c.get_delivery_display(),
            "introduced_on": c.introduced_on.isoformat() if c.introduced_on else None,
            "funder": c.funder.name if c.funder else None,
        }
        for c in rows
    ]


def funded_courses() -> list[dict]:
    return [
        {"title": c.title, "funder": c.funder.name if c.funder else ""}
        for c in Course.objects.filter(funder__isnull=False, active=True)
        .select_related("funder")
        .order_by("title")
    ]


def by_year(start_years: list[int]) -> list[dict]:
    """Completions and attendance for each reporting year: two queries, however many records."""
    if not start_years:
        return []
    first, _ = year_bounds(min(start_years))
    _, last = year_bounds(max(start_years))
    completions = Completion.objects.filter(
        completed_on__gte=first, completed_on__lte=last
    ).aggregate(
        **{
            str(y): Count(
                "pk",
                filter=Q(completed_on__gte=year_bounds(y)[0], completed_on__lte=year_bounds(y)[1]),
            )
            for y in start_years
        }
    )
    first_at, _ = aware_bounds(min(start_years))
    _, last_at = aware_bounds(max(start_years))
    attended = Booking.objects.filter(
        status=Booking.Status.ATTENDED,
        session__starts_at__gte=first_at,
        session__starts_at__lt=last_at,
    ).aggregate(
        **{
            str(y): Count(
                "pk",
                filter=Q(
                    session__starts_at__gte=aware_bounds(y)[0],
                    session__starts_at__lt=aware_bounds(y)[1],
                ),
            )
            for y in start_years
        }
    )
    return [
        {
            "year": ReportingYear(start_year=y).label,
            "completions": completions[str(y)],
            "attended": attended[str(y)],
        }
        for y in sorted(start_years)
    ]


def dashboard(year: ReportingYear) -> dict:
    completions = completions_summary(year.start_year)
    qs = completions.pop("qs")
    this_start, _ = year_bounds(year.start_year)
    return {
        "completions": completions,
        "completions_by_course": _rows_this_last(qs, "course__title", "completed_on", this_start),
        "completions_by_agency": _rows_this_last(
            qs, "agency__name", "completed_on", this_start, NO_AGENCY
        ),
        "attendance_by_agency": attendance_rows(year.start_year),
        "sessions_by_course": session_rows(year.start_year, "course__title"),
        "sessions_by_mode": session_rows(year.start_year, "mode"),
        "evaluation": evaluation_summary(year.start_year),
        "by_year": by_year(
            [
                y
                for y in ReportingYear.objects.values_list("start_year", flat=True)
                if y <= year.start_year
            ]
        ),
    }
