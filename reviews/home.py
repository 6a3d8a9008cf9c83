"""Home page panels: rapid-review clocks for business support and the executive; an agency
lead's open and overdue review actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cscp.panels import Panel
from cscp.roles import Role

from .models import Action
from .selectors import clocks_needing_attention

MAX_ITEMS = 10


def clock_panel() -> Panel:
    items = []
    for row in clocks_needing_attention():
        review = row["review"]
        for name, state, colour, due, label in (
            (
                "notification",
                row["notification_state"],
                row["notification_colour"],
                row["notification_due_on"],
                row["notification_label"],
            ),
            (
                "rapid review",
                row["rapid_review_state"],
                row["rapid_review_colour"],
                row["rapid_review_due_on"],
                row["rapid_review_label"],
            ),
        ):
            if state in ("due_soon", "overdue"):
                items.append(
                    {
                        "text": f"{review.reference}: {name} due {due:%d %b %Y}",
                        "url": reverse("rapid_review_detail", args=[review.pk]),
                        "tag": label,
                        "tag_colour": colour,
                    }
                )
    return Panel(
        title="Rapid review clocks due soon or overdue",
        items=items[:MAX_ITEMS],
        empty_text="No rapid review clock is due in the next 3 working days or overdue.",
        link_url=reverse("review_list"),
        link_text="All reviews",
        order=20,
    )


def action_panel(user) -> Panel:
    today = timezone.localdate()
    actions = (
        Action.objects.open()
        .filter(owner_agency__in=user.agency_ids())
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )
    items = []
    # Every action the lead's agencies own (issue 16), not the first few.
    for action in actions:
        overdue = action.is_overdue(today)
        items.append(
            {
                "text": f"{action.description[:80]} – due {action.due_on:%d %b %Y}",
                "url": reverse("review_action_update", args=[action.pk]),
                "tag": "Overdue" if overdue else action.get_status_display(),
                "tag_colour": "red" if overdue else "blue",
            }
        )
    return Panel(
        title="Your agency's review actions",
        items=items,
        empty_text="Your agency has no open actions from safeguarding practice reviews.",
        link_url=reverse("review_action_list"),
        link_text="All your agency's review actions",
        order=30,
    )


def overdue_action_panel() -> Panel:
    """Every agency's review actions past their due date (issue 16: the executive's home)."""
    today = timezone.localdate()
    overdue = list(
        Action.objects.overdue(today).select_related("owner_agency").order_by("due_on", "pk")
    )
    items = [
        {
            "text": f"{a.description[:80]} ({a.owner_agency.short_name or a.owner_agency.name}"
            f", due {a.due_on:%-d %b %Y})",
            "tag": clock_label_for(a.due_on, today),
            "tag_colour": "red",
        }
        for a in overdue[:MAX_ITEMS]
    ]
    return Panel(
        title=f"Overdue review actions: {len(overdue)}",
        items=items,
        empty_text="No review action is overdue.",
        link_url=reverse("review_action_list"),
        link_text="All review actions",
        order=21,
    )


def clock_label_for(due, today) -> str:
    from .models import ClockState, clock_label

    return clock_label(ClockState.OVERDUE, due, today)


def panels(user) -> list[Panel]:
    result = []
    if user.has_role(Role.BUSINESS_SUPPORT, Role.EXECUTIVE):
        result.append(clock_panel())
    if user.has_role(Role.EXECUTIVE):
        result.append(overdue_action_panel())
    if user.has_role(Role.AGENCY_LEAD):
        result.append(action_panel(user))
    return result
