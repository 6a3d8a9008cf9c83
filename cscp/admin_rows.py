"""Changelist rows at the cost of their cells.

Django's `ModelAdmin.action_checkbox` renders a `CheckboxInput` through the form renderer's
templates for every row: about half a millisecond a row here, as much as all the other cells
of a rapid review's row together (bench/scale.py, decision 0020). The same markup is written
directly; a test compares it with Django's own for awkward record names.
"""

from __future__ import annotations

from django.contrib.admin import helpers
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
