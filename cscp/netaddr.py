"""The address of the person making a request, for rate limits and the login lockout.

Behind a reverse proxy REMOTE_ADDR is the proxy's, so every visitor would share one allowance
(and one lockout). X-Forwarded-For says who the proxy was talking to, but the client can write
anything in it: only the entries appended by proxies we run are believed. With TRUSTED_PROXIES
empty (the default) the header is ignored. Walking the header from the right, every address
that is itself a trusted proxy is skipped; the first one that is not is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The client's address, or "" when the request has none (a test client's force_login, a
    management command): axes stores "" as no address, where a placeholder word would be
    refused by PostgreSQL's inet column."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    address = _parse(remote)
    if address is None or not networks or not _trusted(address, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        hop = _parse(entry)
        if hop is None:
            # Unreadable: nothing further left can be trusted; the last proxy is all we know.
            break
        if not _trusted(hop, networks):
            return str(hop)
        remote = str(hop)
    return remote
