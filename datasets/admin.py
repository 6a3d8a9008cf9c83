from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cscp.concurrency import VersionedAdminMixin, VersionedFormMixin, VersionedInlineMixin

from .models import (
    Comparator,
    Indicator,
    Population,
    ReminderSent,
    Return,
    ReturnTransition,
    ReturnValue,
)


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "unit", "basis", "owner", "polarity", "rate_source", "active")
    list_filter = ("unit", "basis", "owner", "active", "headline")
    list_select_related = ("owner",)
    search_fields = ("code", "name")
    raw_id_fields = ("numerator",)


@admin.register(Population)
class PopulationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("year", "under_18", "source")
    list_select_related = ("year",)


@admin.register(Comparator)
class ComparatorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "year", "london", "statistical_neighbours", "england")
    list_filter = ("year",)
    list_select_related = ("indicator", "year")


class ReturnValueInline(VersionedInlineMixin, admin.TabularInline):
    model = ReturnValue
    extra = 0
    raw_id_fields = ("indicator",)


class ReturnAdminForm(VersionedFormMixin, forms.ModelForm):
    """Declares `opened_version` on the form class itself, so the admin's fieldsets (which
    list it) also work where simple-history builds the form (the history form view)."""

    class Meta:
        model = Return
        fields = ["agency", "year", "quarter", "status", "query_comment"]


@admin.register(Return)
class ReturnAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = ReturnAdminForm
    list_display = ("agency", "year", "quarter", "status", "version")
    list_filter = ("status", "year", "quarter")
    list_select_related = ("agency", "year")
    inlines = [ReturnValueInline]


@admin.register(ReturnTransition)
class ReturnTransitionAdmin(SimpleHistoryAdmin):
    list_display = ("ret", "from_status", "to_status", "by", "at")
    list_select_related = ("ret__agency", "ret__year", "by")


@admin.register(ReminderSent)
class ReminderSentAdmin(SimpleHistoryAdmin):
    list_display = ("ret", "sent_on", "kind", "recipients")
    list_select_related = ("ret__agency", "ret__year")
