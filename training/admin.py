from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_rows import CappedCountMixin, GrowingTableMixin, QuickActionCheckboxMixin
from cscp.admin_widgets import KeySafeAutocompleteAdminMixin
from cscp.concurrency import VersionedAdminMixin, VersionedInlineMixin
from cscp.years import year_list_filter

from . import services
from .models import Booking, Completion, Course, Evaluation, ImportBatch, Session


class SessionInline(VersionedInlineMixin, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "mode", "venue", "trainer", "capacity"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "delivery", "level", "funder", "introduced_on", "active"]
    list_filter = ["delivery", "level", "active", "themes"]
    list_select_related = ["funder"]
    search_fields = ["title", "description"]
    filter_horizontal = ["themes"]
    inlines = [SessionInline]


class BookingInline(KeySafeAutocompleteAdminMixin, VersionedInlineMixin, admin.TabularInline):
    model = Booking
    extra = 0
    fields = ["name", "email", "agency", "agency_other", "job_role", "status", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["agency"]


@admin.register(Session)
class SessionAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["course", "starts_at", "mode", "trainer", "capacity"]
    list_filter = ["mode", "course"]
    list_select_related = ["course"]
    date_hierarchy = "starts_at"
    inlines = [BookingInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        promoted = services.session_fill_free_places(session=form.instance)
        if promoted:
            names = ", ".join(b.name for b in promoted)
            messages.info(request, f"Given a place from the waiting list: {names}.")


@admin.register(Booking)
class BookingAdmin(
    KeySafeAutocompleteAdminMixin, GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    # Newest first, by the key's index: the model's order (by the session's date, a joined
    # column) made the database sort every booking for each page.
    ordering = ["-pk"]

    list_display = ["name", "session", "agency", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["session__course", "agency"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["session"]
    actions = ["cancel_and_promote"]

    @admin.action(
        description="Cancel selected bookings (the waiting list moves up)", permissions=["change"]
    )
    def cancel_and_promote(self, request, queryset):
        cancelled = 0
        for booking in queryset:
            try:
                services.booking_cancel(booking=booking, enforce_cutoff=False)
            except ValidationError as exc:
                messages.warning(request, f"{booking}: {' '.join(exc.messages)}")
            else:
                cancelled += 1
        messages.success(request, f"Cancelled {cancelled} booking(s).")


@admin.register(Evaluation)
class EvaluationAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "booking",
        "confidence_before",
        "confidence_after",
        "usefulness",
        "quote_in_report",
        "submitted_at",
    ]
    list_filter = ["quote_in_report"]
    list_editable = ["quote_in_report"]
    list_select_related = ["booking__session__course"]
    raw_id_fields = ["booking"]


ReportingYearFilter = year_list_filter("completed_on")


@admin.register(Completion)
class CompletionAdmin(CappedCountMixin, QuickActionCheckboxMixin, SimpleHistoryAdmin):
    list_display = ["learner_name", "email", "course", "agency", "completed_on"]
    list_filter = [ReportingYearFilter, "course"]
    list_select_related = ["course", "agency"]
    search_fields = ["email", "learner_name"]
    raw_id_fields = ["batch"]


@admin.register(ImportBatch)
class ImportBatchAdmin(SimpleHistoryAdmin):
    list_display = ["filename", "status", "row_count", "created_count", "uploaded_at"]
    list_filter = ["status"]
    exclude = ["rows"]
    readonly_fields = [
        "filename",
        "uploaded_by",
        "uploaded_at",
        "status",
        "row_count",
        "error_count",
        "errors",
        "unknown_courses",
        "unknown_agencies",
        "course_mapping",
        "agency_mapping",
        "created_count",
        "duplicate_count",
        "imported_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("rows")

    def has_add_permission(self, request):
        return False  # uploads go through the preview page
