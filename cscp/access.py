"""Deny by default.

Every view of the site declares who may use it, with `allow(*roles)` or `public`. A view that
declares nothing is refused by `DenyByDefaultMiddleware` (the admin, which checks staff and
model permissions itself, is the one exception). Agency leads are further limited to their own
agencies' records by `for_user_agencies` and `get_for_agency_or_404`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .roles import Role

ACCESS_ATTR = "cscp_access"
PUBLIC = "public"


def allow(*roles: Role):
    """Let signed-in users holding any of `roles` use the view; others get the login page
    (anonymous) or 403 (signed in, wrong role)."""
    if not roles or not all(isinstance(r, Role) for r in roles):
        raise TypeError("allow() needs one or more Role values")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, frozenset(roles))
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, signed in or not (login, health, public forms)."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def declared_access(view) -> frozenset[Role] | str | None:
    """What a view declared (class-based views: wrap `as_view()` with `allow`)."""
    return getattr(view, ACCESS_ATTR, None)


class DenyByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            refuse_history_revert(request, match)
            return None
        if declared_access(view_func) is None:
            raise PermissionDenied("This page declares no access rule.")
        return None


HISTORY_FORM_SUFFIX = "_simple_history"


def refuse_history_revert(request, match) -> None:
    """Reverting a record from its admin history is disabled for everyone (decision 0004).

    django-simple-history's history form saves a POST after checking only *view* permission,
    and even for those who may edit it is a second change form that skips what the change
    view does (inlines, the stale-edit check, the user admin's role rules). Looking at a past
    version stays open; to restore old values, edit the record (which is itself audited).
    """
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.user.is_staff:
        return  # looking is allowed; the admin sends anyone not staff to its login page
    if (match.url_name or "").endswith(HISTORY_FORM_SUFFIX):
        raise PermissionDenied("Reverting from the history is disabled: edit the record.")


def is_partnership_wide(user) -> bool:
    """Business support, executive and scrutineer see every agency's records."""
    return user.has_role(Role.BUSINESS_SUPPORT, Role.EXECUTIVE, Role.SCRUTINEER)


def for_user_agencies(queryset, user, agency_field: str = "agency"):
    """Limit a queryset to what `user` may see: everything for partnership-wide roles, the
    agencies they lead for agency leads, nothing for anyone else."""
    if is_partnership_wide(user):
        return queryset
    if user.has_role(Role.AGENCY_LEAD):
        return queryset.filter(**{f"{agency_field}__in": user.agency_ids()})
    return queryset.none()


def agency_leads_only_own(queryset, user, agency_field: str = "agency"):
    """Like for_user_agencies, but for pages only agency leads (and business support) write:
    business support see all; agency leads their own agencies."""
    if user.has_role(Role.BUSINESS_SUPPORT):
        return queryset
    if user.has_role(Role.AGENCY_LEAD):
        return queryset.filter(**{f"{agency_field}__in": user.agency_ids()})
    return queryset.none()


def get_for_agency_or_404(queryset, user, agency_field: str = "agency", **lookup):
    """Fetch one object the user may see; another agency's id answers 404, never 403, so ids
    of other agencies' records are not confirmed to exist."""
    try:
        return for_user_agencies(queryset, user, agency_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
