"""/health/: 200 while the database answers (503 when it does not), with the state of the
database, cache and broker, for a load balancer and for people."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from .access import public


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def cache_ok() -> bool:
    try:
        cache.set("cscp-health", "ok", 5)
        return cache.get("cscp-health") == "ok"
    except Exception:
        return False


def broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "unavailable"


@public
@never_cache
def ping(request):
    """Liveness: the process answers (no database, cache or broker touched)."""
    return HttpResponse("ok", content_type="text/plain")


@public
@never_cache
def health(request):
    db = database_ok()
    body = {
        "database": "ok" if db else "unavailable",
        "cache": "ok" if cache_ok() else "unavailable",
        "broker": broker_state(),
    }
    return JsonResponse(body, status=200 if db else 503)
