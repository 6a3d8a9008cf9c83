"""Business support's tools: the moderation queue first (received, then reviewed, ...), with
actions that move items through the services so the consent rules always apply."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_rows import GrowingTableMixin
from cscp.concurrency import VersionedAdminMixin, VersionedInlineMixin
from cscp.years import year_list_filter

from . import services
from .models import (
    CaseStudy,
    FeedbackItem,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    YouSaidWeDid,
)


def _run(modeladmin, request, queryset, action, done: str):
    moved, refused = 0, []
    for obj in queryset:
        try:
            action(item=obj, by=request.user)
            moved += 1
        except ValidationError as exc:
            refused.append(f"{obj}: {' '.join(exc.messages)}")
    if moved:
        modeladmin.message_user(request, f"{moved} {done}.", messages.SUCCESS)
    for problem in refused:
        modeladmin.message_user(request, problem, messages.ERROR)


@admin.action(description="Mark selected as reviewed", permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.feedback_mark_reviewed, "marked as reviewed")


@admin.action(description="Approve selected for publication", permissions=["change"])
def approve_for_publication(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.feedback_approve_for_publication,
        "approved for publication",
    )


@admin.action(description="Withhold selected from publication", permissions=["change"])
def withhold(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.feedback_withhold, "withheld")


MODERATION_FIELDS = (
    "publication_check",
    "status",
    "reviewed_by",
    "reviewed_at",
    "decided_by",
    "decided_at",
)


class QueueChangeList(ChangeList):
    """Unless a column is sorted: received first, then reviewed, approved, withheld."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["status_order", f"-{self.model.DATE_FIELD}", "-pk"]


class ModeratedAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    actions = [mark_reviewed, approve_for_publication, withhold]
    readonly_fields = MODERATION_FIELDS
    list_filter = ["status", "consent"]
    list_select_related = ["agency"]

    def get_queryset(self, request):
        # The moderation queue first: received, then reviewed, approved, withheld.
        # (ModelAdmin.get_queryset would order by status_order before it is annotated.)
        return self.model._default_manager.get_queryset().queue_ordered()

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    @admin.display(description="Status", ordering="status_order")
    def status_tag(self, obj):
        return obj.get_status_display()

    @admin.display(description="Can be approved for publication?")
    def publication_check(self, obj):
        problems = obj.publication_problems()
        return " ".join(problems) if problems else "Yes: consent allows it."


ReceivedInYearFilter = year_list_filter("received_on")


@admin.register(FeedbackItem)
class FeedbackItemAdmin(ModeratedAdmin):
    list_display = [
        "__str__",
        "status_tag",
        "consent",
        "publication_check",
        "source",
        "channel",
        "agency",
        "service",
        "sentiment",
    ]
    list_filter = [
        ReceivedInYearFilter,
        "status",
        "consent",
        "channel",
        "source",
        "sentiment",
        "agency",
        "themes",
    ]
    search_fields = ["text", "anonymised_text", "service"]
    filter_horizontal = ["themes"]
    fieldsets = [
        (
            "Feedback",
            {
                "fields": [
                    "received_on",
                    "source",
                    "attribution_role",
                    "channel",
                    "agency",
                    "service",
                    "text",
                    "themes",
                    "sentiment",
                ]
            },
        ),
        ("Consent and publication", {"fields": ["consent", "anonymised_text"]}),
        ("Moderation", {"fields": [*MODERATION_FIELDS, "withheld_reason"]}),
        (
            "Contact details (never published)",
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
    ]


@admin.register(CaseStudy)
class CaseStudyAdmin(ModeratedAdmin):
    list_display = ["title", "status_tag", "consent", "publication_check", "agency", "recorded_on"]
    list_filter = ["status", "consent", "agency"]
    search_fields = ["title", "what_happened", "outcome"]
    filter_horizontal = ["themes"]
    fieldsets = [
        (
            "Case study",
            {
                "fields": [
                    "title",
                    "recorded_on",
                    "agency",
                    "service",
                    "what_happened",
                    "outcome",
                    "themes",
                ]
            },
        ),
        (
            "Consent and publication",
            {"fields": ["consent", "anonymised_what_happened", "anonymised_outcome"]},
        ),
        ("Moderation", {"fields": [*MODERATION_FIELDS, "withheld_reason"]}),
    ]


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(GrowingTableMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "acted_on", "agency"]
    list_select_related = ["agency"]
    list_filter = ["agency", "themes"]
    search_fields = ["by", "you_said", "we_did"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["feedback_items"]
    date_hierarchy = "acted_on"


class SurveyQuestionInline(VersionedInlineMixin, admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["number", "text", "respondents"]
    show_change_link = True


class SurveyAnswerInline(VersionedInlineMixin, admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = ["order", "label", "count"]


class SurveyCommentInline(VersionedInlineMixin, admin.TabularInline):
    model = SurveyComment
    extra = 0
    fields = ["order", "text"]


@admin.register(Survey)
class SurveyAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "conducted_on", "audience"]
    search_fields = ["title", "audience"]
    date_hierarchy = "conducted_on"
    inlines = [SurveyQuestionInline]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "survey", "number"]
    list_select_related = ["survey"]
    list_filter = ["survey"]
    inlines = [SurveyAnswerInline, SurveyCommentInline]
