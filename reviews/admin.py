"""Business support log every review record here; the scrutineer reads it."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_rows import GrowingTableMixin
from cscp.admin_widgets import KeySafeAutocompleteAdminMixin
from cscp.concurrency import VersionedAdminMixin, VersionedFormMixin, VersionedInlineMixin
from cscp.exports import ExportMixin
from cscp.years import year_list_filter

from . import services
from .models import (
    MAX_CHILDREN_PER_INCIDENT,
    Action,
    Audit,
    AuditTarget,
    ClockState,
    HarmCategory,
    Inspection,
    InspectionFinding,
    KeyTheme,
    LearningActivity,
    LearningAttendance,
    ParallelProceeding,
    PracticeReview,
    RapidReview,
    RapidReviewAgency,
    RapidReviewChild,
    Recommendation,
    Regulation11,
    ReviewTheme,
    clock_label,
)

# --- Rapid reviews -----------------------------------------------------------------------------


class RapidReviewForm(VersionedFormMixin, forms.ModelForm):
    harm_categories = forms.MultipleChoiceField(
        choices=HarmCategory.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria = forms.MultipleChoiceField(
        label="Regulation 11 criteria the case meets",
        choices=Regulation11.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A decision to hold a local or thematic review names at least one.",
    )

    class Meta:
        model = RapidReview
        fields = [
            "reference",
            "year",
            "incident_type",
            "harm_categories",
            "incident_on",
            "la_aware_on",
            "notification_sent_on",
            "meeting_on",
            "submitted_to_panel_on",
            "panel_response",
            "panel_response_on",
            "panel_response_detail",
            "facts",
            "agency_involvement",
            "key_practice_episodes",
            "immediate_actions",
            "learning",
            "decision",
            "criteria",
            "decision_rationale",
        ]


class ClockFilter(admin.SimpleListFilter):
    title = "clock"
    parameter_name = "clock"

    def lookups(self, request, model_admin):
        return [
            (ClockState.OVERDUE, "Overdue"),
            (ClockState.DUE_SOON, "Due soon"),
        ]

    def queryset(self, request, queryset):
        wanted = self.value()
        if not wanted:
            return queryset
        today = timezone.localdate()
        ids = [
            review.pk
            for review in RapidReview.objects.open_clocks()
            if wanted in (review.notification_clock(today), review.rapid_review_clock(today))
        ]
        return queryset.filter(pk__in=ids)


class ChildFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = sum(
            1
            for f in self.forms
            if (f.instance.pk or f.has_changed())
            and not (self.can_delete and self._should_delete_form(f))
        )
        if kept > MAX_CHILDREN_PER_INCIDENT:
            raise ValidationError(
                f"An incident records at most {MAX_CHILDREN_PER_INCIDENT} children."
            )


class ChildInline(VersionedInlineMixin, admin.StackedInline):
    model = RapidReviewChild
    formset = ChildFormSet
    extra = 1
    max_num = MAX_CHILDREN_PER_INCIDENT


class AgencySummaryInline(KeySafeAutocompleteAdminMixin, VersionedInlineMixin, admin.StackedInline):
    """Stacked: an agency's summary is prose, and as a table row it pushed the form past a
    1,280 px window."""

    model = RapidReviewAgency
    extra = 1
    autocomplete_fields = ["agency"]


class RapidReviewThemeInline(VersionedInlineMixin, admin.TabularInline):
    model = ReviewTheme
    fk_name = "rapid_review"
    fields = ["theme", "cohort"]
    extra = 1
    verbose_name = "theme"
    verbose_name_plural = "themes"


def _clock_text(state, due) -> str:
    label = clock_label(state, due, timezone.localdate())
    if due is None:
        return label
    return f"{label} (due {due:%d %b %Y})"


@admin.register(RapidReview)
class RapidReviewAdmin(GrowingTableMixin, ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = RapidReviewForm
    list_display = [
        "reference",
        "year",
        "la_aware_on",
        "notification_clock_display",
        "rapid_review_clock_display",
        "decision",
    ]
    list_filter = ["year", ClockFilter, "decision", "incident_type", "themes__theme"]
    list_select_related = ["year"]
    search_fields = ["reference", "learning"]
    # No date hierarchy: its links scan every review's date (grows with the table); the
    # reporting year filter above does the same job.
    inlines = [ChildInline, AgencySummaryInline, RapidReviewThemeInline]
    actions = ["mark_submitted_today", "export_csv", "export_xlsx"]
    readonly_fields = [
        "word_document",
        "notification_clock_display",
        "rapid_review_clock_display",
        "panel_response_clock_display",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["reference", "year", "incident_type", "harm_categories", "word_document"]},
        ),
        (
            "Serious incident notification and statutory clocks",
            {
                "fields": [
                    "incident_on",
                    "la_aware_on",
                    "notification_clock_display",
                    "notification_sent_on",
                    "rapid_review_clock_display",
                    "meeting_on",
                    "submitted_to_panel_on",
                ],
                "description": "Due dates are worked out in working days (weekends and "
                "England & Wales bank holidays are skipped): the notification 5 after the "
                "local authority became aware, the rapid review 15 after the notification.",
            },
        ),
        (
            "The Panel's response",
            {
                "fields": [
                    "panel_response_clock_display",
                    "panel_response",
                    "panel_response_on",
                    "panel_response_detail",
                ]
            },
        ),
        (
            "Rapid review report",
            {
                "fields": [
                    "facts",
                    "agency_involvement",
                    "key_practice_episodes",
                    "immediate_actions",
                    "learning",
                ],
                "description": "The headings of the Word document sent to the Panel.",
            },
        ),
        (
            "Decision on a local child safeguarding practice review",
            {"fields": ["decision", "criteria", "decision_rationale"]},
        ),
    ]
    export_filename = "rapid-reviews"
    export_columns = [
        ("Reference", lambda r: r.reference),
        ("Year", lambda r: r.year.label),
        ("Incident", lambda r: r.get_incident_type_display()),
        ("Harm categories", lambda r: "; ".join(r.harm_category_labels())),
        ("LA aware", lambda r: r.la_aware_on),
        ("Notification due", lambda r: r.notification_due_on),
        ("Notification sent", lambda r: r.notification_sent_on),
        ("Notification clock", lambda r: r.notification_clock().label),
        ("Rapid review due", lambda r: r.rapid_review_due_on),
        ("Meeting", lambda r: r.meeting_on),
        ("Submitted to Panel", lambda r: r.submitted_to_panel_on),
        ("Rapid review clock", lambda r: r.rapid_review_clock().label),
        ("Panel's response", lambda r: r.get_panel_response_display()),
        ("Panel responded", lambda r: r.panel_response_on),
        ("Decision", lambda r: r.get_decision_display()),
        ("Regulation 11 criteria", lambda r: "; ".join(r.criteria_labels())),
        ("Rationale", lambda r: r.decision_rationale),
    ]

    def get_export_queryset(self, queryset):
        return queryset.select_related("year")

    def save_model(self, request, obj, form, change):
        # The service fills in a blank year (validation itself writes nothing).
        services.rapid_review_save(
            review=obj,
            expected_version=form.cleaned_data.get("opened_version") if change else None,
            by=request.user,
        )

    @admin.display(description="Notification clock")
    def notification_clock_display(self, obj):
        if obj is None or obj.pk is None:
            return "Worked out when saved: 5 working days after the LA became aware."
        return _clock_text(obj.notification_clock(), obj.notification_due_on)

    @admin.display(description="Rapid review clock")
    def rapid_review_clock_display(self, obj):
        if obj is None or obj.pk is None:
            return "Starts when the notification is sent: 15 working days."
        return _clock_text(obj.rapid_review_clock(), obj.rapid_review_due_on)

    @admin.display(description="The Panel's response (expected)")
    def panel_response_clock_display(self, obj):
        if obj is None or obj.pk is None or obj.panel_response_expected_on is None:
            return "Expected once the rapid review is submitted to the Panel."
        return _clock_text(obj.panel_response_clock(), obj.panel_response_expected_on)

    @admin.display(description="Word document")
    def word_document(self, obj):
        if obj is None or obj.pk is None:
            return "Available once the rapid review is saved."
        return format_html(
            '<a href="{}" download>Download the rapid review as a Word document</a>',
            reverse("rapid_review_docx", args=[obj.pk]),
        )

    @admin.action(description="Mark submitted to the Panel today", permissions=["change"])
    def mark_submitted_today(self, request, queryset):
        done, refused = 0, []
        for review in queryset:
            try:
                services.rapid_review_submit_to_panel(review=review, by=request.user)
                done += 1
            except ValidationError as exc:
                refused.append(f"{review}: {' '.join(exc.messages)}")
        if done:
            self.message_user(request, f"{done} marked submitted to the Panel today.")
        for message in refused:
            self.message_user(request, message, level=messages.ERROR)


# --- Practice reviews --------------------------------------------------------------------------


class RecommendationInline(VersionedInlineMixin, admin.StackedInline):
    model = Recommendation
    extra = 1
    show_change_link = True


class PracticeReviewThemeInline(RapidReviewThemeInline):
    fk_name = "practice_review"


class ProceedingFormSet(forms.BaseInlineFormSet):
    """The register as it will stand after this save decides whether the save may publish
    the review: closing a proceeding and publishing in one save is allowed."""

    def clean(self):
        super().clean()
        review = self.instance
        after = []
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            after.append(form.instance)
        review._proceedings_after_save = after
        if review.published_on and review.is_newly_published():
            problems = review.proceeding_refusals(review.published_on, after)
            if problems:
                raise ValidationError(problems)


class ParallelProceedingInline(VersionedInlineMixin, admin.TabularInline):
    model = ParallelProceeding
    formset = ProceedingFormSet
    fields = ["kind", "detail", "opened_on", "closed_on"]
    extra = 1
    verbose_name_plural = "parallel proceedings (an open one holds publication back)"


class PracticeReviewOverdueFilter(admin.SimpleListFilter):
    title = "completion"
    parameter_name = "completion"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue (past expected completion)"), ("open", "Not completed")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(completed_on__isnull=True)
        if self.value() == "overdue":
            ids = [
                r.pk
                for r in PracticeReview.objects.filter(completed_on__isnull=True)
                if r.is_overdue
            ]
            return queryset.filter(pk__in=ids)
        return queryset


class PracticeReviewForm(VersionedFormMixin, forms.ModelForm):
    publication_url = forms.URLField(
        label="Publication link", required=False, assume_scheme="https"
    )

    class Meta:
        model = PracticeReview
        fields = [
            "title",
            "kind",
            "rapid_reviews",
            "independent_reviewer",
            "summary",
            "decision_on",
            "revised_completion_on",
            "completed_on",
            "publication",
            "published_on",
            "publication_url",
            "not_published_reason",
            "pending_reason",
            "pending_detail",
            "sent_to_panel_on",
            "sent_to_secretary_of_state_on",
            "planned_publication_on",
            "removed_from_website_on",
        ]


@admin.register(PracticeReview)
class PracticeReviewAdmin(GrowingTableMixin, ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = PracticeReviewForm
    list_display = [
        "title",
        "kind",
        "decision_on",
        "expected_completion_on",
        "completed_on",
        "publication_clock_display",
        "publication",
    ]
    list_filter = ["kind", "publication", PracticeReviewOverdueFilter, "themes__theme"]
    search_fields = ["title", "independent_reviewer"]
    date_hierarchy = "decision_on"
    filter_horizontal = ["rapid_reviews"]
    inlines = [ParallelProceedingInline, RecommendationInline, PracticeReviewThemeInline]
    actions = ["export_csv", "export_xlsx"]
    readonly_fields = [
        "expected_completion_on",
        "publication_clock_display",
        "copy_clock_display",
        "removal_display",
    ]
    fieldsets = [
        (None, {"fields": ["title", "kind", "rapid_reviews", "independent_reviewer", "summary"]}),
        (
            "Progress",
            {
                "fields": [
                    "decision_on",
                    "expected_completion_on",
                    "revised_completion_on",
                    "completed_on",
                ]
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "publication_clock_display",
                    "planned_publication_on",
                    "copy_clock_display",
                    "sent_to_panel_on",
                    "sent_to_secretary_of_state_on",
                    "publication",
                    "published_on",
                    "publication_url",
                    "not_published_reason",
                    "pending_reason",
                    "pending_detail",
                    "removal_display",
                    "removed_from_website_on",
                ],
                "description": "Publication needs the review completed, the copies to the "
                "Panel and the Secretary of State sent in time and no parallel proceeding "
                "open (below).",
            },
        ),
    ]
    export_filename = "practice-reviews"
    export_columns = [
        ("Title", lambda r: r.title),
        ("Kind", lambda r: r.get_kind_display()),
        ("Decision", lambda r: r.decision_on),
        ("Expected completion", lambda r: r.expected_completion_on),
        ("Completed", lambda r: r.completed_on),
        ("Publication", lambda r: r.get_publication_display()),
        ("Published", lambda r: r.published_on),
        ("Reason", lambda r: r.publication_reason()),
        ("Sent to Panel", lambda r: r.sent_to_panel_on),
        ("Sent to Secretary of State", lambda r: r.sent_to_secretary_of_state_on),
        ("Publication due (6 months)", lambda r: r.publication_due_on),
        ("May come off the website", lambda r: r.removal_allowed_on),
        ("Taken off the website", lambda r: r.removed_from_website_on),
    ]

    def save_model(self, request, obj, form, change):
        # The proceedings inline's formset already checked the register as it will stand
        # after this save (ProceedingFormSet); the service checks the same list.
        services.practice_review_save(
            review=obj,
            expected_version=form.cleaned_data.get("opened_version") if change else None,
            by=request.user,
            proceedings=obj.__dict__.pop("_proceedings_after_save", None),
        )

    @admin.display(description="Publication (6 months from the decision)")
    def publication_clock_display(self, obj):
        if obj is None or obj.pk is None:
            return "Worked out when saved: 6 months after the decision to review."
        # From the review's own fields (the list shows it for every row: no query per row).
        if obj.publication == PracticeReview.Publication.NOT_PUBLISHED:
            return "Not to be published"
        return _clock_text(obj.publication_clock(), obj.publication_due_on)

    @admin.display(description="Copy to the Panel and the Secretary of State")
    def copy_clock_display(self, obj):
        days = PracticeReview.copy_working_days()
        if obj is None or obj.copy_due_on is None:
            return f"Due {days} working days before publication: set the planned publication."
        return f"{_clock_text(obj.copy_clock(), obj.copy_due_on)}, {days} working days before"

    @admin.display(description="May come off the website")
    def removal_display(self, obj):
        allowed = obj.removal_allowed_on if obj is not None else None
        if allowed is None:
            return "A year after publication, at the earliest."
        return f"From {allowed:%d %b %Y} (at least a year online)"


# --- Recommendations and actions ---------------------------------------------------------------


class ActionInline(KeySafeAutocompleteAdminMixin, VersionedInlineMixin, admin.StackedInline):
    model = Action
    extra = 1
    fields = ["description", "owner_agency", "owner", "due_on", "status", "evidence"]
    autocomplete_fields = ["owner_agency"]


@admin.register(Recommendation)
class RecommendationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["practice_review", "number", "text", "action_count"]
    list_filter = ["practice_review"]
    search_fields = ["text", "practice_review__title"]
    inlines = [ActionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("practice_review")
            .annotate(n_actions=Count("actions"))
        )

    @admin.display(description="Actions", ordering="n_actions")
    def action_count(self, obj):
        return obj.n_actions


class ActionOverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = Action.objects.overdue().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class ActionAdminForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "recommendation",
            "description",
            "owner_agency",
            "owner",
            "due_on",
            "status",
            "evidence",
            "completed_on",
        ]


@admin.register(Action)
class ActionAdmin(
    KeySafeAutocompleteAdminMixin,
    GrowingTableMixin,
    ExportMixin,
    VersionedAdminMixin,
    SimpleHistoryAdmin,
):
    form = ActionAdminForm
    list_display = [
        "description",
        "review",
        "owner_agency",
        "due_on",
        "status",
        "rag_display",
        "completed_on",
    ]
    # Filters whose choices do not grow with the table: a reporting year of the due date
    # instead of a date hierarchy (its links scan every action's date), and a review found by
    # searching its title instead of a filter listing every review (bench/scale.py at 100x).
    list_filter = [
        "status",
        ActionOverdueFilter,
        "owner_agency",
        year_list_filter("due_on"),
    ]
    list_select_related = ["owner_agency", "recommendation__practice_review"]
    search_fields = ["description", "owner", "evidence", "recommendation__practice_review__title"]
    autocomplete_fields = ["owner_agency"]
    raw_id_fields = ["recommendation"]
    readonly_fields = ["updated_by"]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "review-actions"
    export_columns = [
        ("Review", lambda a: a.recommendation.practice_review.title),
        ("Recommendation", lambda a: a.recommendation.number),
        ("Action", lambda a: a.description),
        ("Owner agency", lambda a: a.owner_agency.name),
        ("Owner", lambda a: a.owner),
        ("Due", lambda a: a.due_on),
        ("Status", lambda a: a.get_status_display()),
        ("RAG", lambda a: a.rag()),
        ("Completed", lambda a: a.completed_on),
        ("Evidence", lambda a: a.evidence),
    ]

    def get_export_queryset(self, queryset):
        return queryset.select_related("owner_agency", "recommendation__practice_review")

    @admin.display(description="Review", ordering="recommendation__practice_review__title")
    def review(self, obj):
        return obj.recommendation.practice_review.title

    @admin.display(description="RAG")
    def rag_display(self, obj):
        return Action.Rag(obj.rag()).label


# --- Themes, learning, audits and inspections --------------------------------------------------


@admin.register(KeyTheme)
class KeyThemeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "position", "theme"]
    list_filter = ["year"]
    list_select_related = ["year", "theme"]


@admin.register(ReviewTheme)
class ReviewThemeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["theme", "cohort", "rapid_review", "practice_review"]
    list_filter = ["cohort", "theme"]
    list_select_related = ["theme", "rapid_review", "practice_review"]
    search_fields = ["theme__name", "rapid_review__reference", "practice_review__title"]


class AttendanceInline(KeySafeAutocompleteAdminMixin, VersionedInlineMixin, admin.TabularInline):
    model = LearningAttendance
    extra = 1
    autocomplete_fields = ["agency"]


@admin.register(LearningActivity)
class LearningActivityAdmin(ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "held_on", "total_attendance"]
    list_filter = ["kind", "themes"]
    search_fields = ["title", "feedback"]
    date_hierarchy = "held_on"
    filter_horizontal = ["themes", "practice_reviews", "rapid_reviews"]
    inlines = [AttendanceInline]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "learning"
    export_columns = [
        ("Title", lambda a: a.title),
        ("Kind", lambda a: a.get_kind_display()),
        ("Date", lambda a: a.held_on),
        ("Attendance", lambda a: a.total or 0),
        ("Feedback", lambda a: a.feedback),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total=Sum("attendance__attendees"))

    @admin.display(description="Attendance", ordering="total")
    def total_attendance(self, obj):
        return obj.total or 0


@admin.register(AuditTarget)
class AuditTargetAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "target"]
    list_select_related = ["year"]


@admin.register(Audit)
class AuditAdmin(ExportMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["topic", "year", "started_on", "completed_on", "theme"]
    list_filter = ["year", "theme"]
    list_select_related = ["year", "theme"]
    search_fields = ["topic", "strengths", "areas_for_improvement"]
    filter_horizontal = ["agencies"]
    actions = ["export_csv", "export_xlsx"]
    export_filename = "audits"
    export_columns = [
        ("Topic", lambda a: a.topic),
        ("Year", lambda a: a.year.label),
        ("Started", lambda a: a.started_on),
        ("Completed", lambda a: a.completed_on),
        ("Strengths", lambda a: a.strengths),
        ("Areas for improvement", lambda a: a.areas_for_improvement),
        ("Actions", lambda a: a.actions),
    ]

    def get_export_queryset(self, queryset):
        return queryset.select_related("year")


class FindingInline(VersionedInlineMixin, admin.StackedInline):
    model = InspectionFinding
    extra = 1


@admin.register(Inspection)
class InspectionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "inspectorate", "inspected_on"]
    search_fields = ["title", "inspectorate", "summary"]
    date_hierarchy = "inspected_on"
    inlines = [FindingInline]
