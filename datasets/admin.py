from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_rows import GrowingTableMixin
from cscp.concurrency import VersionedAdminMixin, VersionedFormMixin, VersionedInlineMixin

from .models import (
    Comparator,
    Indicator,
    Population,
    ReminderSent,
    Return,
    ReturnTransition,
    ReturnValue,
    YearIndicator,
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
    list_display = ("year", "under_18", "all_ages", "source")
    list_select_related = ("year",)


class OpenDataUploadForm(forms.Form):
    file = forms.FileField(
        label="DfE open-data file (.csv)",
        help_text="From explore-education-statistics: time_period, time_identifier, "
        "geographic_level, new_la_code, la_name, then indicator columns. Up to 5 MB.",
    )


PREVIEW_KEY = "datasets.open_data_preview"


@admin.register(Comparator)
class ComparatorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "year", "london", "region", "statistical_neighbours", "england")
    list_filter = ("year",)
    list_select_related = ("indicator", "year")
    change_list_template = "admin/datasets/comparator/change_list.html"

    def get_urls(self):
        from django.urls import path

        own = [
            path(
                "open-data/",
                self.admin_site.admin_view(self.open_data_view),
                name="datasets_comparator_open_data",
            )
        ]
        return own + super().get_urls()

    def open_data_view(self, request):
        """Upload, preview, then save all or nothing (the file waits in the session)."""
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse

        from . import open_data, services

        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OpenDataUploadForm()
        result = None
        if request.method == "POST" and request.POST.get("action") == "save":
            text = request.session.get(PREVIEW_KEY)
            if text is None:
                messages.error(request, "Upload the file again: the preview has expired.")
                return redirect("admin:datasets_comparator_open_data")
            try:
                saved = services.comparators_import_open_data(text=text)
            except ValidationError as exc:
                result = open_data.Preview(errors=exc.messages)
            else:
                request.session.pop(PREVIEW_KEY, None)
                messages.success(request, f"{saved} comparators saved.")
                return redirect("admin:datasets_comparator_changelist")
        elif request.method == "POST":
            form = OpenDataUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                if upload.size > 5 * 1024 * 1024:
                    result = open_data.Preview(errors=["The file is larger than 5 MB"])
                else:
                    try:
                        text = upload.read().decode("utf-8-sig")
                    except UnicodeDecodeError:
                        result = open_data.Preview(errors=["The file is not UTF-8 text (CSV)"])
                    else:
                        result = open_data.preview(text)
                        if not result.errors:
                            request.session[PREVIEW_KEY] = text
        context = {
            **self.admin_site.each_context(request),
            "title": "Comparators from DfE open data",
            "opts": self.model._meta,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/datasets/comparator/open_data.html", context)


@admin.register(YearIndicator)
class YearIndicatorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """A year's indicator set: add or remove an indicator for one year only."""

    list_display = ("year", "indicator", "owner")
    list_filter = ("year", "indicator__owner")
    list_select_related = ("year", "indicator__owner")
    raw_id_fields = ("indicator",)

    @admin.display(description="Agency")
    def owner(self, obj):
        return obj.indicator.owner


def _locked(obj) -> bool:
    return obj is not None and obj.status == Return.Status.ACCEPTED


class ReturnValueInline(VersionedInlineMixin, admin.TabularInline):
    model = ReturnValue
    extra = 0
    raw_id_fields = ("indicator",)

    # An accepted return's figures are locked here too, until business support re-open it
    # (a recorded transition with its reason, on the return's review page).
    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


class ReturnAdminForm(VersionedFormMixin, forms.ModelForm):
    """Declares `opened_version` on the form class itself, so the admin's fieldsets (which
    list it) also work where simple-history builds the form (the history form view)."""

    class Meta:
        model = Return
        fields = ["agency", "year", "quarter", "query_comment"]


@admin.register(Return)
class ReturnAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = ReturnAdminForm
    list_display = ("agency", "year", "quarter", "status", "version")
    list_filter = ("status", "year", "quarter")
    list_select_related = ("agency", "year")
    inlines = [ReturnValueInline]
    # The status moves only through the workflow (submit, query, accept, re-open), which
    # records who and why; the admin cannot unlock an accepted return unrecorded.
    readonly_fields = ("status",)

    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


@admin.register(ReturnTransition)
class ReturnTransitionAdmin(GrowingTableMixin, SimpleHistoryAdmin):
    list_display = ("ret", "from_status", "to_status", "by", "at")
    list_select_related = ("ret__agency", "ret__year", "by")


@admin.register(ReminderSent)
class ReminderSentAdmin(SimpleHistoryAdmin):
    list_display = ("ret", "sent_on", "kind", "recipients")
    list_select_related = ("ret__agency", "ret__year")
