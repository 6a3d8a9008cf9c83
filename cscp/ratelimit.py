"""Rate limits of the public (no login) forms, counted in the shared cache.

Under gunicorn the cache must be shared between processes (REDIS_URL), or each process
counts on its own. The address is REMOTE_ADDR only: X-Forwarded-For is whatever the client
says unless a trusted proxy rewrites it (configure the proxy to set REMOTE_ADDR instead).
"""

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
