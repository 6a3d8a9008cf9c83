"""Rate limits of the public (no login) forms, counted in the shared cache.

Under gunicorn the cache must be shared between processes (REDIS_URL), or each process
counts on its own. The address is `cscp.netaddr.client_ip` (X-Forwarded-For believed only
from TRUSTED_PROXIES), the same one the login lockout keys on.
"""

from django.core.cache import cache

from cscp.netaddr import client_ip


def client_address(request) -> str:
    # Requests with no address share one allowance rather than escaping the limit.
    return client_ip(request) or "unknown"


def over_limit(request, scope: str, *, limit: int, window: int) -> bool:
    """Count this attempt against the address's allowance for `scope`; True once used up."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    if cache.add(key, 1, window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
