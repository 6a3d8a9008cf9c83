from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_rows import GrowingTableMixin
from cscp.admin_widgets import KeySafeAutocompleteAdminMixin
from cscp.concurrency import VersionedAdminMixin, VersionedInlineMixin
from cscp.exports import ExportMixin
from cscp.years import year_list_filter

from . import services
from .models import (
    Action,
    Aim,
    AimAssessment,
    Attendance,
    Escalation,
    Meeting,
    MemberResponse,
    Outcome,
    PriorityGroup,
    Workstream,
)


class AimInline(VersionedInlineMixin, admin.TabularInline):
    model = Aim
    extra = 0
    fields = ["order", "text"]
    show_change_link = True


class WorkstreamInline(VersionedInlineMixin, admin.StackedInline):
    model = Workstream
    extra = 0
    fields = ["order", "name", "intended_outcomes"]


class OutcomeInline(KeySafeAutocompleteAdminMixin, VersionedInlineMixin, admin.StackedInline):
    model = Outcome
    extra = 0
    fields = [
        ("workstream", "label", "date", "status"),
        "text",
        ("evidence", "evidence_url", "evidence_file"),
        ("theme", "produced_by", "link_url"),
    ]
    autocomplete_fields = ["theme"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("workstream", "theme")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "workstream":
            group_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Workstream.objects.filter(group_id=group_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeetingInline(VersionedInlineMixin, admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["date", "minutes_url"]
    show_change_link = True


class EscalationInline(VersionedInlineMixin, admin.TabularInline):
    model = Escalation
    extra = 0
    fields = ["date", "issue", "raised_to", "outcome", "resolved_on"]


@admin.register(PriorityGroup)
class PriorityGroupAdmin(ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "chair_name", "chair_agency", "start_date", "cadence", "status"]
    list_filter = ["status", "cadence"]
    search_fields = ["name", "chair_name", "purpose"]
    list_select_related = ["chair_agency"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    inlines = [AimInline, WorkstreamInline, OutcomeInline, MeetingInline, EscalationInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Escalation:
            for escalation in formset.new_objects:
                services.escalation_notify(escalation=escalation)

    actions = ["export_csv", "export_xlsx"]
    export_filename = "priority-groups"
    export_columns = [
        ("Group", "name"),
        ("Chair", "chair_name"),
        ("Chair's agency", "chair_agency__name"),
        ("Started", "start_date"),
        ("Ended", "end_date"),
        ("Cadence", "cadence"),
        ("Status", "status"),
    ]


class AimAssessmentInline(VersionedInlineMixin, admin.TabularInline):
    model = AimAssessment
    extra = 0
    fields = ["year", "result", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("year")


@admin.register(Aim)
class AimAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["text", "group", "order"]
    list_filter = ["group"]
    search_fields = ["text"]
    list_select_related = ["group"]
    inlines = [AimAssessmentInline]


@admin.register(Outcome)
class OutcomeAdmin(
    KeySafeAutocompleteAdminMixin, ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "group", "workstream", "date", "status", "has_evidence_display"]
    list_filter = ["group", "status", "workstream", "theme"]
    search_fields = ["text", "evidence", "produced_by"]
    date_hierarchy = "date"
    list_select_related = ["group", "workstream"]
    autocomplete_fields = ["theme"]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "priority-group-outcomes"
    export_columns = [
        ("Group", "group__name"),
        ("Workstream", "workstream__name"),
        ("Label", "label"),
        ("Outcome", "text"),
        ("Date", "date"),
        ("Status", "status"),
        ("Evidence", "evidence"),
        ("Evidence link", "evidence_url"),
        ("Theme", "theme__name"),
        ("Produced by", "produced_by"),
    ]

    @admin.display(boolean=True, description="Evidence")
    def has_evidence_display(self, obj):
        return obj.has_evidence


class AttendanceInline(VersionedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["agency", "status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class ActionInline(VersionedInlineMixin, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["description", "owner_agency", "due_date", "status", "completed_on"]
    fk_name = "meeting"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner_agency")


# Meetings by reporting year (April to March), ?year=2021-22 (cscp.years, decision 0014).
MeetingYearFilter = year_list_filter("date")


@admin.register(Meeting)
class MeetingAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["group", "date", "minutes_url"]
    # A reporting-year filter, not a date hierarchy: its links scan every meeting's date,
    # which grows with the years of history (bench/scale.py).
    list_filter = [MeetingYearFilter, "group"]
    search_fields = ["group__name", "decisions"]
    list_select_related = ["group"]
    inlines = [AttendanceInline, ActionInline]

    def save_formset(self, request, form, formset, change):
        # Actions agreed at a meeting belong to the meeting's group.
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Action) and not obj.group_id:
                obj.group_id = form.instance.group_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Attendance)
class AttendanceAdmin(ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "agency", "status"]
    list_filter = ["status", "meeting__group", "agency"]
    search_fields = ["agency__name", "meeting__group__name"]
    list_select_related = ["meeting__group", "agency"]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "priority-group-attendance"
    export_columns = [
        ("Group", "meeting__group__name"),
        ("Meeting", "meeting__date"),
        ("Agency", "agency__name"),
        ("Attendance", "status"),
    ]


@admin.register(Action)
class ActionAdmin(ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "group", "owner_agency", "due_date", "status"]
    list_filter = ["status", "group", "owner_agency"]
    search_fields = ["description", "update"]
    date_hierarchy = "due_date"
    list_select_related = ["group", "owner_agency"]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "priority-group-actions"
    export_columns = [
        ("Group", "group__name"),
        ("Action", "description"),
        ("Owner", "owner_agency__name"),
        ("Due", "due_date"),
        ("Status", "status"),
        ("Completed", "completed_on"),
        ("Latest update", "update"),
    ]


@admin.register(MemberResponse)
class MemberResponseAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["answer", "agency", "group", "year"]
    list_filter = ["group", "year", "agency"]
    search_fields = ["answer", "question"]
    list_select_related = ["agency", "group", "year"]


@admin.register(Escalation)
class EscalationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["issue", "group", "date", "raised_to", "resolved_on"]
    list_filter = ["group"]
    search_fields = ["issue", "outcome"]
    list_select_related = ["group"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a new escalation: tell the executive
            services.escalation_notify(escalation=obj)


@admin.register(Workstream)
class WorkstreamAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "group", "order"]
    list_filter = ["group"]
    search_fields = ["name", "intended_outcomes"]
    list_select_related = ["group"]
