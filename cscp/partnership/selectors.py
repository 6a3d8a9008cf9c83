"""Reading the partnership. `current_partnership(request)` is cached on the request, so a page
asks the database once however many templates use it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import PLACEHOLDER_NAME, GovernanceMember, Partnership

_CACHE_ATTR = "_cscp_partnership"


def current_partnership(request=None) -> Partnership:
    """The partnership, or an unsaved placeholder before business support have set it up (so a
    first-run site still renders; `is_set_up` tells the two apart)."""
    if request is not None:
        cached = getattr(request, _CACHE_ATTR, None)
        if cached is not None:
            return cached
    partnership = Partnership.objects.prefetch_related("local_authorities").first()
    if partnership is None:
        partnership = Partnership(
            name=PLACEHOLDER_NAME, short_name="SCP", children_services_phone=""
        )
    if request is not None:
        setattr(request, _CACHE_ATTR, partnership)
    return partnership


def partnership_name() -> str:
    return current_partnership().name


def otp_issuer(device=None) -> str:
    """The name authenticator apps show next to the code (django-otp calls it per device)."""
    return current_partnership().name


def governance_on(day: dt.date | None = None) -> dict[str, GovernanceMember]:
    """Who holds each governance post on `day` (today by default), by post."""
    day = day or timezone.localdate()
    members = GovernanceMember.objects.select_related("agency").filter(from_date__lte=day)
    return {
        m.post: m for m in members.order_by("from_date") if m.to_date is None or m.to_date >= day
    }


def lead_partners_on(day: dt.date | None = None) -> list[dict]:
    """The three lead safeguarding partners and their delegates on `day`: a row per lead post,
    with None where nobody holds it (the set-up page and governance page show the gap)."""
    held = governance_on(day)
    Post = GovernanceMember.Post
    return [
        {
            "post": Post(lead),
            "lead": held.get(lead),
            "delegate_post": Post(delegate),
            "delegate": held.get(delegate),
        }
        for lead, delegate in GovernanceMember.DELEGATE_OF.items()
    ]
