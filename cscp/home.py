"""The core's home-page panel: until the partnership is set up, business support see what is
missing and the way to the set-up page (a new partnership needs to type no URL)."""

from __future__ import annotations

from django.urls import reverse

from cscp.panels import Panel
from cscp.roles import Role


def panels(user) -> list[Panel]:
    if not user.has_role(Role.BUSINESS_SUPPORT):
        return []
    from .partnership.setup import setup_steps

    steps = setup_steps()
    to_do = [s for s in steps if not s.done]
    if not to_do:
        return []
    url = reverse("partnership_setup")
    return [
        Panel(
            title=f"Set up the partnership: {len(to_do)} of {len(steps)} steps to do",
            items=[{"text": s.title, "url": f"{url}#step-{s.key}"} for s in to_do],
            link_url=url,
            link_text="Go to the set-up page",
            order=0,
        )
    ]
