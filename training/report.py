"""Training's part of the annual report: plain JSON-serialisable data, computed with a fixed
number of queries."""

from __future__ import annotations

from django.urls import reverse

from cscp.models import ReportingYear

from . import selectors


def contribution(year: ReportingYear) -> dict:
    completions = selectors.completions_summary(year.start_year)
    completions.pop("qs")
    attendance = selectors.attendance_rows(year.start_year)
    sessions = selectors.session_rows(year.start_year, "course__title")
    evaluation = selectors.evaluation_summary(year.start_year)
    new = selectors.new_courses(year.start_year)
    quotes = selectors.impact_quotes(year.start_year)
    sessions_delivered = sum(row["sessions"] for row in sessions)
    attended = sum(row["attended"] for row in attendance)
    did_not_attend = sum(row["did_not_attend"] for row in attendance)
    has_records = bool(completions["this"] or sessions_delivered or new or evaluation["count"])
    return {
        "has_records": has_records,
        "year": year.label,
        "previous_year": year.previous_label,
        "completions": completions["this"],
        "completions_previous": completions["last"],
        "completions_direction": completions["direction"],
        "completions_change_percent": completions["change_percent"],
        "sessions_delivered": sessions_delivered,
        "courses_delivered": [
            {"course": row["label"], "sessions": row["sessions"], "attended": row["attended"]}
            for row in sessions
            if row["sessions"]
        ],
        "attended": attended,
        "did_not_attend": did_not_attend,
        "attendance_by_agency": [
            {
                "agency": row["agency"],
                "attended": row["attended"],
                "did_not_attend": row["did_not_attend"],
            }
            for row in attendance
            if row["attended"] or row["did_not_attend"]
        ],
        "evaluations": evaluation["count"],
        "mean_confidence_before": evaluation["mean_confidence_before"],
        "mean_confidence_after": evaluation["mean_confidence_after"],
        "mean_confidence_change": evaluation["mean_confidence_change"],
        "follow_ups": evaluation["follow_ups"],
        "quotes": quotes,
        "new_courses": new,
        "funded_courses": selectors.funded_courses(),
        "checks": [
            {
                "label": f"Training has evaluation evidence for {year.label}, not only attendance",
                "ok": evaluation["count"] > 0,
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
