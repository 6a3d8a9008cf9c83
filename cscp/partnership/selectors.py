"""Reading the partnership. `current_partnership(request)` is cached on the request, so a page
asks the database once however many templates use it."""

from __future__ import annotations

from .models import PLACEHOLDER_NAME, Partnership

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
