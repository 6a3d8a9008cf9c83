import time

from django.conf import settings
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect

LAST_SEEN_KEY = "cscp_last_seen"


class SessionIdleTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                return redirect_to_login(request.get_full_path())
            # Writing the session on every request is wasteful; once a minute is precise enough.
            if now - last_seen >= 60 or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class AdminLookupOverflowMiddleware:
    """An admin list filtered by a number too large for SQLite's integers (`?year=1e20` typed
    as digits) is the admin's "invalid lookup" answer, as any other bad filter value is, not
    a 500. PostgreSQL finds no rows for it (Django checks the range there); SQLite's driver
    raises OverflowError when the query is run. Only changelists with a query string are
    answered so: an OverflowError anywhere else is a fault and stays one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if (
            isinstance(exception, OverflowError)
            and match is not None
            and "admin" in match.namespaces
            and (match.url_name or "").endswith("_changelist")
            and request.GET
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return None
