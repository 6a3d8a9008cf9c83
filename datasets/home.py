"""Home-page panels: an agency lead's returns due or overdue; business support's grid of
agency × quarter with RAG status for the current reporting year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cscp.models import ReportingYear
from cscp.panels import Panel
from cscp.roles import Role

from . import selectors
from .models import Return


def panels(user) -> list[Panel]:
    result = []
    if user.has_role(Role.AGENCY_LEAD):
        result.append(_lead_panel(user))
    if user.has_role(Role.BUSINESS_SUPPORT):
        result.append(_support_grid())
    return result


def _lead_panel(user) -> Panel:
    today = timezone.localdate()
    current = ReportingYear.current()
    years = list(
        ReportingYear.objects.filter(
            start_year__in=[current.start_year - 1, current.start_year]
        ).order_by("-start_year")
    )
    items = []
    for row in selectors.returns_for_user(user, years):
        if row["status"] not in Return.EDITABLE:
            continue
        year, quarter = row["year"], row["quarter"]
        if year.quarter(quarter).end >= today:
            continue  # the quarter has not ended yet
        overdue = today > row["due"]
        if row["status"] == Return.Status.QUERIED:
            tag, colour = "Queried", "orange"
        elif overdue:
            tag, colour = "Overdue", "red"
        else:
            tag, colour = "Due", "yellow"
        items.append(
            {
                "text": f"{row['agency']} {year.label} Q{quarter} – due {row['due']:%-d %B %Y}",
                "url": reverse(
                    "return_form",
                    kwargs={
                        "agency_id": row["agency"].pk,
                        "start_year": year.start_year,
                        "quarter": quarter,
                    },
                ),
                "tag": tag,
                "tag_colour": colour,
            }
        )
    return Panel(
        title="Dataset returns due",
        items=items,
        empty_text="No dataset returns are due.",
        link_url=reverse("return_list"),
        link_text="All your returns",
        order=40,
    )


def _support_grid() -> Panel:
    today = timezone.localdate()
    year = ReportingYear.current()
    rows = []
    for row in selectors.completeness(year):
        cells = [row["agency"]]
        for quarter, status in zip(year.quarters, row["quarters"], strict=True):
            if quarter.end >= today and status == Return.Status.NOT_STARTED:
                cells.append("Not due yet")
                continue
            word, _ = selectors.rag(status, selectors.due_date_for(year, quarter.number), today)
            cells.append(f"{word}: {Return.Status(status).label}")
        rows.append(cells)
    return Panel(
        title=f"Dataset returns {year.label}",
        table={
            "caption": "RAG status of each agency's return by quarter",
            "headings": ["Agency", "Q1", "Q2", "Q3", "Q4"],
            "rows": rows,
        },
        empty_text="No agency has indicators to return.",
        link_url=reverse("return_list"),
        link_text="Review returns",
        order=40,
    )
