"""Home page panels: group actions that are open or overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cscp.panels import Panel
from cscp.roles import Role

from .models import Action

SHOWN = 5


def _items(actions, today):
    return [
        {
            "text": f"{a.description} ({a.owner_agency.name}, due {a.due_date:%-d %b %Y})",
            "url": reverse("priority_group_action", kwargs={"pk": a.pk}),
            "tag": "Overdue" if a.is_overdue(today) else "",
            "tag_colour": "red",
        }
        for a in actions
    ]


def panels(user) -> list[Panel]:
    today = timezone.localdate()
    base = Action.objects.open().select_related("owner_agency").order_by("due_date", "id")
    if user.has_role(Role.EXECUTIVE, Role.BUSINESS_SUPPORT, Role.SCRUTINEER):
        overdue = base.filter(due_date__lt=today)
        count = overdue.count()
        return [
            Panel(
                title="Overdue priority group actions",
                items=_items(overdue[:SHOWN], today),
                empty_text="No priority group action is overdue.",
                link_url=reverse("priority_groups"),
                link_text=f"Priority groups ({count} overdue action{'s' if count != 1 else ''})",
                order=40,
            )
        ]
    if user.has_role(Role.AGENCY_LEAD):
        mine = base.filter(owner_agency__in=user.agency_ids())
        return [
            Panel(
                title="Your agency's priority group actions",
                items=_items(mine, today),  # every action the lead's agencies own
                empty_text="Your agency has no open priority group actions.",
                link_url=reverse("priority_group_actions"),
                link_text="All your agency's group actions",
                order=40,
            )
        ]
    return []
