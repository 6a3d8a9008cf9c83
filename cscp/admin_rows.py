"""Changelists at the cost of the rows they show, not of the table.

Django's `ModelAdmin.action_checkbox` renders a `CheckboxInput` through the form renderer's
templates for every row: about half a millisecond a row here, as much as all the other cells
of a rapid review's row together (bench/scale.py, decision 0020). The same markup is written
directly; a test compares it with Django's own for awkward record names.

A changelist's paginator counts every row its filters match, on every page: 2.2 million
completions at the bench's size, 110-180 ms on PostgreSQL whatever the page shows.
`CappedCountPaginator` stops counting past its cap and the changelist says "more than"
(templates/admin/pagination.html and actions.html); below the cap the count is exact.
"""

from __future__ import annotations

from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _


class QuickActionCheckboxMixin:
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


class CappedCountPaginator(Paginator):
    """Counts at most `cap + 1` rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`): exact up
    to the cap, and `capped` (the count then cap + 1) beyond it. The pages after the cap's
    stay reachable by their number; the total is not read."""

    cap = 50_000

    @cached_property
    def count(self) -> int:
        # Unordered: which rows fill the first cap + 1 does not change how many there are,
        # and an ORDER BY would make the database sort the whole table first.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return counted

    capped = False


class GrowingTableMixin:
    """For the changelists of tables whose rows pile up year on year (reviews, actions,
    returns, meetings, sessions, bookings, evaluations, feedback): no second COUNT(*) of the
    whole table beside a filtered one, and 50 rows a page (each row's cells are most of a
    full page's time: bench/scale.py, decision 0020)."""

    show_full_result_count = False
    list_per_page = 50


class CappedCountMixin(GrowingTableMixin):
    """For the changelists of tables that grow into the millions (completions): the filtered
    count stops at the cap too."""

    paginator = CappedCountPaginator
