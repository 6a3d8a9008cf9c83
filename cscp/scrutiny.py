"""The independent scrutineer's page: what changed in the partnership's records since their
previous sign-in, the checklist of the report in progress, and the challenges still waiting for
the partners' response. Read-only: it writes nothing, not even a "seen" marker (the previous
sign-in is remembered in the session when they sign in)."""

from __future__ import annotations

import datetime as dt
import heapq

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.models import registered_models

from .roles import PROJECT_APPS

SESSION_KEY = "previous_sign_in"
DEFAULT_WINDOW = dt.timedelta(days=30)
MAX_CHANGES = 100
CHANGE_WORDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def since_for(request) -> tuple[dt.datetime, bool]:
    """(since when, whether that is the user's previous sign-in) for the changes list."""
    stored = request.session.get(SESSION_KEY)
    if stored:
        try:
            return dt.datetime.fromisoformat(stored), True
        except ValueError:
            pass
    return timezone.now() - DEFAULT_WINDOW, False


def _tracked_models():
    """Every project model whose history is kept (many-to-many tables' history aside)."""
    tracked = set(registered_models.values())
    for name in PROJECT_APPS:
        for model in apps.get_app_config(name).get_models():
            if model in tracked and hasattr(model, "history"):
                yield model


def changes_since(since: dt.datetime, limit: int = MAX_CHANGES) -> list[dict]:
    """The most recent changes to any record since `since`, newest first: one query for each
    tracked model, whatever the number of changes (each keeps at most `limit` rows)."""
    streams = []
    for model in _tracked_models():
        rows = (
            model.history.filter(history_date__gt=since)
            .select_related("history_user")
            .only(
                "history_id",
                "history_date",
                "history_type",
                "history_user__username",
                "history_user__first_name",
                "history_user__last_name",
                "id",
            )
            .order_by("-history_date")[:limit]
        )
        streams.append([(row.history_date, model, row) for row in rows])
    newest = heapq.merge(*streams, key=lambda entry: entry[0], reverse=True)
    changes = []
    for when, model, row in newest:
        if len(changes) >= limit:
            break
        user = row.history_user
        meta = model._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[row.id])
        except NoReverseMatch:
            url = ""
        changes.append(
            {
                "when": when,
                "what": f"{meta.verbose_name.capitalize()} {row.id}",
                "change": CHANGE_WORDS.get(row.history_type, row.history_type),
                "by": (user.get_full_name() or user.username) if user else "System",
                "url": url if row.history_type != "-" else "",
            }
        )
    return changes


def open_challenges():
    from .reporting.models import ScrutinyActivity

    return (
        ScrutinyActivity.objects.filter(
            kind=ScrutinyActivity.Kind.CHALLENGE, responded_on__isnull=True
        )
        .select_related("year")
        .order_by("date", "pk")
    )


def report_in_progress():
    from .reporting.models import AnnualReport

    return (
        AnnualReport.objects.exclude(status=AnnualReport.Status.PUBLISHED)
        .select_related("year")
        .order_by("-year__start_year")
        .first()
    )
