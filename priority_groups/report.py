"""This app's part of the annual report: each priority group active in the year."""

from __future__ import annotations

from django.urls import reverse

from cscp.models import ReportingYear

from .selectors import attendance_by_group_and_agency, attendance_summary, group_summaries


def contribution(year: ReportingYear) -> dict:
    by_group, overall = attendance_by_group_and_agency(year)
    groups = group_summaries(year, attendance=by_group)
    checks = [
        {
            "label": f"{group['name']} has outcome evidence for {year.label}",
            "ok": group["has_outcome_evidence"],
            "fix_url": reverse("admin:priority_groups_prioritygroup_change", args=[group["id"]]),
        }
        for group in groups
    ]
    return {
        "has_records": bool(groups),
        "year": year.label,
        "groups": groups,
        "groups_without_evidence": [g["name"] for g in groups if not g["has_outcome_evidence"]],
        # Across all groups' meetings: each agency's share of the meetings it was expected at.
        "attendance": attendance_summary(overall, sum(g["attendance"]["meetings"] for g in groups)),
        "checks": checks,
    }
