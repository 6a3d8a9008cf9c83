"""Home-page panels: an agency lead's returns due or overdue; business support's grid of
agency × quarter with RAG status for the current reporting year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cscp.models import ReportingYear
from cscp.panels import Panel
from cscp.roles import Role

from . import movers, selectors, worklist
from .models import Return, due_date_for


def panels(user) -> list[Panel]:
    result = []
    if user.has_role(Role.AGENCY_LEAD):
        result.append(_lead_panel(user))
    if user.has_role(Role.BUSINESS_SUPPORT):
        result.append(_support_grid())
    if user.has_role(Role.EXECUTIVE):
        result.extend(_indicator_panels())
    return result


DIRECTION_COLOURS = {"better": "green", "worse": "red"}


def _indicator_panels() -> list[Panel]:
    """The few indicators that moved most against the same quarter last year and against the
    comparators (issue 16), each with whether that is better or worse."""
    found = movers.movers()
    year = found["year"]
    if year is None:
        return []
    pack = f"{reverse('dataset_pack')}?year={year.label}"

    def items(moved):
        return [
            {
                "text": f"{m['name']}: {m['text']}",
                "url": pack,
                "tag": m["direction"] or "",
                "tag_colour": DIRECTION_COLOURS.get(m["direction"], "grey"),
            }
            for m in moved
        ]

    return [
        Panel(
            title=f"Indicators that moved most since last year ({year.label}, like for like)",
            items=items(found["against_last_year"]),
            empty_text="No indicator has a figure to compare with the same quarter last year.",
            link_url=pack,
            link_text=f"Dataset pack {year.label}",
            order=10,
        ),
        Panel(
            title="Indicators furthest from comparable areas",
            items=items(found["against_comparators"]),
            empty_text="No rate or percentage has published comparators to compare with.",
            order=11,
        ),
    ]


def _lead_panel(user) -> Panel:
    """Every return of theirs that needs the lead (issue 16): queried, late and due returns,
    and drafts of any year, each with its status, due date and a link to the form."""
    today = timezone.localdate()
    items = []
    for row in worklist.needing_lead(user, today=today):
        if row.status == Return.Status.QUERIED:
            tag, colour = "Queried: answer the query", "orange"
        elif row.late:
            tag, colour = f"{row.status_label}, {row.late_by}", "red"
        elif row.ended:
            tag, colour = f"Due: {row.status_label.lower()}", "yellow"
        else:
            tag, colour = "Draft: quarter not yet ended", "grey"
        items.append(
            {
                "text": f"{row.agency} {row.year.label} Q{row.quarter} – due {row.due:%-d %B %Y}",
                "url": row.url,
                "tag": tag,
                "tag_colour": colour,
            }
        )
    return Panel(
        title="Your dataset returns to make",
        items=items,
        empty_text="None of your dataset returns needs you now.",
        link_url=reverse("return_list"),
        link_text="All your returns",
        order=20,
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
            word, _ = selectors.rag(status, due_date_for(year, quarter.number), today)
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
