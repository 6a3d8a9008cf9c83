"""The report's admin: business support drive the workflow here (buttons on the report and
actions on the list), write narrative, record contributions and the partnership's records.
The scrutineer may look at everything and change nothing."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cscp.admin_widgets import KeySafeAutocompleteAdminMixin
from cscp.concurrency import VersionedAdminMixin, VersionedFormMixin, VersionedInlineMixin

from . import services
from .models import (
    AgencyAssurance,
    AnnualReport,
    AssuranceStandard,
    ChecklistRequirement,
    Contribution,
    GlossaryTerm,
    ImpactEvidence,
    NarrativeBlock,
    NextYearPriority,
    PartnerFunding,
    PartnershipBudget,
    PdfRender,
    PriorityProgress,
    RecommendationResponse,
    ReportDispatch,
    ReportSection,
    ReportSnapshot,
    ReportTemplate,
    ReportTransition,
    ScrutinyActivity,
    TemplatePart,
    TemplateSection,
)

S = AnnualReport.Status


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = "Status history"


class SnapshotInline(ReadOnlyInline):
    model = ReportSnapshot
    fields = ["version", "published_at", "published_by", "content_hash"]
    readonly_fields = fields
    verbose_name_plural = "Published versions (frozen)"


class ContributionInline(ReadOnlyInline):
    model = Contribution
    fields = ["name", "role_title", "requested_on", "due_on", "received_on", "status_label"]
    readonly_fields = fields
    show_change_link = True

    @admin.display(description="Status")
    def status_label(self, obj):
        return obj.get_status_display()


class SectionInline(ReadOnlyInline):
    model = ReportSection
    fields = ["title"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = "Sections (open one to write its narrative)"

    @admin.display(description="Section")
    def title(self, obj):
        # The template's titles once per report, not once per section.
        cache = self.__dict__.setdefault("_titles", {})
        if obj.report_id not in cache:
            cache[obj.report_id] = ReportSection.titles_of(obj.report)
        return cache[obj.report_id].get(obj.key, obj.key)


def _run(modeladmin, request, queryset, to_status):
    for report in queryset:
        try:
            services.report_transition(report=report, to_status=to_status, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(getattr(exc, "messages", [str(exc) or "Not allowed for your role."]))
            modeladmin.message_user(request, f"{report}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, f"{report}: now “{S(to_status).label}”.", messages.SUCCESS
            )


@admin.action(description="Request contributions for the selected reports", permissions=["change"])
def request_contributions(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, S.CONTRIBUTIONS_REQUESTED)


@admin.action(description="Send the selected reports for review", permissions=["change"])
def send_for_review(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, S.IN_REVIEW)


@admin.action(description="Publish the selected (approved) reports", permissions=["change"])
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, S.PUBLISHED)


@admin.register(AnnualReport)
class AnnualReportAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "versions", "view_link"]
    list_filter = ["status"]
    list_select_related = ["year"]
    readonly_fields = ["status", "view_link"]
    fields = ["year", "title", "template", "period_start", "period_end", "status", "view_link"]
    inlines = [SectionInline, ContributionInline, TransitionInline, SnapshotInline]
    actions = [request_contributions, send_for_review, publish]
    change_form_template = "cscp/report/admin_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("snapshots"))

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    @admin.display(description="Published versions", ordering="version_count")
    def versions(self, obj):
        return getattr(obj, "version_count", None)

    @admin.display(description="Report page")
    def view_link(self, obj):
        if not obj or not obj.pk:
            return "-"
        url = reverse("report_detail", kwargs={"label": obj.label})
        return format_html('<a href="{}">{}</a>', url, "Open the report")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.report_sections_ensure(report=obj)  # every section of its (perhaps new) template

    def get_urls(self):
        return [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="reporting_annualreport_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id):
        # get_object: the admin's own queryset, and None (a 404 here) for a key that is not
        # a number, as Django's change view treats it.
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        change_url = reverse("admin:reporting_annualreport_change", args=[report.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        _run(self, request, AnnualReport.objects.filter(pk=report.pk), request.POST.get("to", ""))
        return HttpResponseRedirect(change_url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        report = self.get_object(request, unquote(object_id))  # None for "abc": Django's 302
        if report is not None:
            extra_context["report_actions"] = (
                services.available_transitions(request.user, report)
                if self.has_change_permission(request, report)
                else []
            )
            if report.status not in (S.APPROVED, S.PUBLISHED):
                extra_context["report_checklist"] = services.report_checklist(report)
        return super().change_view(request, object_id, form_url, extra_context)


class NarrativeInline(ReadOnlyInline):
    model = NarrativeBlock
    fields = ["position", "heading", "body", "signature"]
    readonly_fields = fields
    show_change_link = True


@admin.register(ReportSection)
class ReportSectionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "block_count"]
    list_filter = ["report"]
    list_select_related = ["report__year"]
    fields = ["report", "key", "add_block"]
    readonly_fields = ["report", "key", "add_block"]
    inlines = [NarrativeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(blocks_n=Count("blocks"))

    @admin.display(description="Narrative blocks")
    def block_count(self, obj):
        return getattr(obj, "blocks_n", None)

    @admin.display(description="Narrative")
    def add_block(self, obj):
        url = reverse("admin:reporting_narrativeblock_add") + f"?section={obj.pk}"
        return format_html('<a href="{}">Add a narrative block to this section</a>', url)

    def has_add_permission(self, request):
        return False


class NarrativeBlockForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NarrativeBlock
        fields = ["section", "position", "heading", "body", "signature"]


class ContributionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["report", "name", "role_title", "user", "email", "requested_on", "due_on",
                  "received_on", "text", "not_received_on", "not_received_reason",
                  "position"]  # fmt: skip


@admin.register(NarrativeBlock)
class NarrativeBlockAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = NarrativeBlockForm
    list_display = ["__str__", "section", "position"]
    list_filter = ["section__report"]
    list_select_related = ["section__report__year"]
    search_fields = ["heading", "body"]


@admin.register(Contribution)
class ContributionAdmin(KeySafeAutocompleteAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = ContributionForm
    list_display = ["name", "role_title", "report", "due_on", "received_on", "status_label"]
    list_filter = ["report", "received_on"]
    list_select_related = ["report__year"]
    search_fields = ["name", "role_title"]
    autocomplete_fields = ["user"]
    readonly_fields = ["last_reminded_on"]

    @admin.display(description="Status")
    def status_label(self, obj):
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        if obj.not_received_on and obj.not_received_by_id is None:
            obj.not_received_by = request.user  # who decided to publish without it
        super().save_model(request, obj, form, change)
        if not change and obj.report.status != S.DRAFT and obj.received_on is None:
            services.contribution_notify_requested(contribution=obj)


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "published_at", "published_by", "content_hash"]
    list_select_related = ["report__year", "published_by"]
    exclude = ["html", "public_html"]
    readonly_fields = ["report", "version", "published_at", "published_by", "content_hash",
                       "content"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description="Try the selected failed PDFs again", permissions=["change"])
def retry_pdfs(modeladmin, request, queryset):
    for render in queryset.filter(status=PdfRender.Status.FAILED):
        services.pdf_retry(render=render, by=request.user)
    modeladmin.message_user(request, "Failed PDFs queued again.", messages.SUCCESS)


@admin.register(PdfRender)
class PdfRenderAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "attempts", "requested_at", "finished_at", "error"]
    list_filter = ["status"]
    list_select_related = ["report__year", "snapshot"]
    readonly_fields = ["report", "snapshot", "status", "error", "file", "attempts",
                       "requested_by", "requested_at", "finished_at"]  # fmt: skip
    actions = [retry_pdfs]

    def has_add_permission(self, request):
        return False


@admin.register(ImpactEvidence)
class ImpactEvidenceAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "agency", "year", "date", "prompted_by"]
    list_filter = ["year", "prompted_by", "stage", "agency"]
    list_select_related = ["agency", "year"]
    search_fields = ["title", "change", "prompted_by_label"]


@admin.register(ScrutinyActivity)
class ScrutinyActivityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "year", "date", "kind", "responded_on"]
    list_filter = ["year", "kind"]
    list_select_related = ["year"]


class StandardInline(VersionedInlineMixin, admin.TabularInline):
    model = AssuranceStandard
    extra = 1
    # A compact comment box keeps the table of standards inside a 1,280 px window.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 30})},
    }


@admin.register(AgencyAssurance)
class AgencyAssuranceAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "year", "framework", "agency", "date"]
    list_filter = ["year", "framework"]
    list_select_related = ["agency", "year"]
    inlines = [StandardInline]


@admin.register(PartnerFunding)
class PartnerFundingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["agency", "year", "amount", "note"]
    list_filter = ["year"]
    list_select_related = ["agency", "year"]


@admin.register(NextYearPriority)
class NextYearPriorityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "year", "position", "lead"]
    list_filter = ["year"]
    list_select_related = ["year"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["term", "meaning"]
    search_fields = ["term", "meaning"]


# --- Report templates: business support adapt the structure here, without code ----------


class TemplatePartInline(VersionedInlineMixin, admin.TabularInline):
    model = TemplatePart
    fields = ["position", "key", "title", "subtitle"]
    extra = 0
    show_change_link = True
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


class RequirementInline(VersionedInlineMixin, admin.TabularInline):
    model = ChecklistRequirement
    fields = ["position", "rule", "requirement", "section"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            template_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TemplateSection.objects.filter(
                part__template_id=template_id
            ).select_related("part")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "guidance", "default_from_year", "report_count"]
    fields = ["name", "guidance", "default_from_year"]
    inlines = [TemplatePartInline, RequirementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reports_n=Count("reports"))

    @admin.display(description="Reports using it")
    def report_count(self, obj):
        return getattr(obj, "reports_n", None)


class TemplateSectionInline(VersionedInlineMixin, admin.StackedInline):
    model = TemplateSection
    fields = ["position", "key", "title", "shows", "records", "narrative_required", "heading",
              "narrative_after"]  # fmt: skip
    extra = 0


@admin.register(TemplatePart)
class TemplatePartAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "template", "position"]
    list_filter = ["template"]
    list_select_related = ["template"]
    fields = ["template", "position", "key", "title", "subtitle"]
    inlines = [TemplateSectionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.template_reports_sync(template=form.instance.template, by=request.user)


@admin.register(TemplateSection)
class TemplateSectionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "part", "position", "records", "narrative_required"]
    list_filter = ["part__template"]
    list_select_related = ["part__template"]
    fields = ["part", "position", "key", "title", "shows", "records", "narrative_required",
              "heading", "narrative_after"]  # fmt: skip

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.template_reports_sync(template=obj.part.template, by=request.user)


@admin.register(ChecklistRequirement)
class ChecklistRequirementAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["requirement", "template", "rule", "section", "position"]
    list_filter = ["template"]
    list_select_related = ["template", "section"]


@admin.register(PriorityProgress)
class PriorityProgressAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["priority", "year", "status", "position"]
    list_filter = ["year", "status"]
    list_select_related = ["year"]


@admin.register(RecommendationResponse)
class RecommendationResponseAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["review", "source", "year", "improvement_status"]
    list_filter = ["year", "source", "improvement_status"]
    list_select_related = ["year"]
    search_fields = ["review", "recommendation", "decision"]


@admin.register(PartnershipBudget)
class PartnershipBudgetAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "amount", "agreed_on"]
    list_select_related = ["year"]


@admin.register(ReportDispatch)
class ReportDispatchAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "due_on", "sent_on", "sent_by"]
    list_filter = ["recipient", "sent_on"]
    list_select_related = ["report__year", "sent_by"]
    fields = ["report", "snapshot", "recipient", "due_on", "sent_on", "how", "sent_by"]
    readonly_fields = ["report", "snapshot", "recipient", "due_on", "sent_by"]

    def has_add_permission(self, request):
        return False  # made when the report is published

    def save_model(self, request, obj, form, change):
        if obj.sent_on and obj.sent_by_id is None:
            obj.sent_by = request.user
        super().save_model(request, obj, form, change)
