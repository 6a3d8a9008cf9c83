"""Reading the partnership. `current_partnership()` is read once per request, however many
templates, selectors and the report's composition ask for it: the request's cache starts empty
at every request and is emptied when the partnership or its local authorities are saved or
deleted. Outside a request (tasks, commands) every call reads the database."""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar

from django.utils import timezone

from .models import PLACEHOLDER_NAME, GovernanceMember, Partnership

# None outside a request; a dict (empty, or holding the partnership) while one is served.
_per_request: ContextVar[dict | None] = ContextVar("cscp_partnership_per_request", default=None)


def request_cache_start(**kwargs) -> None:
    _per_request.set({})


def request_cache_end(**kwargs) -> None:
    _per_request.set(None)


def request_cache_forget(**kwargs) -> None:
    cache = _per_request.get()
    if cache is not None:
        cache.clear()


def current_partnership(request=None) -> Partnership:
    """The partnership, or an unsaved placeholder before business support have set it up (so a
    first-run site still renders; `is_set_up` tells the two apart). A request object given
    outside a served request (a RequestFactory's) keeps its own cache."""
    cache = _per_request.get()
    if cache is None and request is not None:
        cache = request.__dict__.setdefault("_cscp_partnership", {})
    if cache is not None and "partnership" in cache:
        return cache["partnership"]
    partnership = Partnership.objects.prefetch_related("local_authorities").first()
    if partnership is None:
        partnership = Partnership(
            name=PLACEHOLDER_NAME, short_name="SCP", children_services_phone=""
        )
    if cache is not None:
        cache["partnership"] = partnership
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
