import inspect
import time

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect

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


class AdminInvalidLookupMiddleware:
    """Values typed into admin URLs that no record or column can match (decision 0022).

    A record's key that cannot be one ("abc" for a number) is a 404 on every admin page that
    takes a key: Django's change view says so itself, django-simple-history's history view
    passed such a key to a query and failed with a 500.

    An admin list filtered by a value no database column can hold is the admin's "invalid
    lookup" answer (`?e=1`), as any other bad filter value is, not a 500:

    - a NUL character (`?status=%00`): PostgreSQL refuses it in any text parameter, so it is
      answered before the query is built;
    - a number too large for SQLite's integers (`?year=` and twenty 9s): PostgreSQL finds no
      rows for it (Django checks the range there); SQLite's driver raises OverflowError when
      the query runs.

    Only changelists with a query string are answered so: an OverflowError anywhere else is a
    fault and stays one. A NUL in the query string of any other admin page (the autocomplete
    of a record picker searched the same way) is a 400. Anyone not staff is left to the
    admin, which sends them to sign in before any query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @staticmethod
    def _is_filtered_changelist(request) -> bool:
        match = request.resolver_match
        return bool(
            match is not None
            and "admin" in match.namespaces
            and (match.url_name or "").endswith("_changelist")
            and request.GET
        )

    def _invalid_lookup(self, request):
        return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    @staticmethod
    def _refuse_malformed_key(view_func, view_kwargs) -> None:
        # The model is the admin's whose view this is: Django's own views and an admin's
        # `get_urls` views alike are its bound methods under their wrappers.
        object_id = view_kwargs.get("object_id")
        model = getattr(getattr(inspect.unwrap(view_func), "__self__", None), "model", None)
        if object_id is None or model is None:
            return
        try:
            model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("No record has that key.") from None

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or not request.user.is_staff:
            return None
        self._refuse_malformed_key(view_func, view_kwargs)
        if not any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return None
        if self._is_filtered_changelist(request):
            return self._invalid_lookup(request)
        return HttpResponseBadRequest("A value in the address holds a NUL character.")

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and self._is_filtered_changelist(request):
            return self._invalid_lookup(request)
        return None
