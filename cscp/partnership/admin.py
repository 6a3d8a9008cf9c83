from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cscp.concurrency import VersionedAdminMixin, VersionedInlineMixin

from .models import (
    GovernanceMember,
    LocalAuthority,
    PartnerDecision,
    Partnership,
    ReportSignOff,
    ScrutinyReview,
)


class LocalAuthorityInline(VersionedInlineMixin, admin.TabularInline):
    model = LocalAuthority
    extra = 1
    min_num = 1


@admin.register(Partnership)
class PartnershipAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """The partnership's identity: one record, which business support keep up to date."""

    inlines = [LocalAuthorityInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "website"]}),
        (
            "Numbers the public see",
            {
                "fields": [
                    "children_services_phone",
                    "out_of_hours_phone",
                    "police_emergency_phone",
                    "police_non_emergency_phone",
                    "contact_phone",
                    "contact_email",
                ]
            },
        ),
        ("Look and e-mails", {"fields": ["brand_colour", "logo", "email_sign_off"]}),
        ("The annual report", {"fields": ["glossary_terms_used_only"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Partnership.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GovernanceMember)
class GovernanceMemberAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "post", "role_title", "agency", "from_date", "to_date"]
    list_filter = ["post", ("to_date", admin.EmptyFieldListFilter)]
    list_select_related = ["agency"]
    search_fields = ["name", "role_title"]


@admin.register(PartnerDecision)
class PartnerDecisionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["decided_on", "title", "made_by", "review_on"]
    list_filter = ["made_by"]
    search_fields = ["title", "decision"]
    date_hierarchy = "decided_on"


@admin.register(ScrutinyReview)
class ScrutinyReviewAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["report", "scrutineer", "reviewed_on"]


@admin.register(ReportSignOff)
class ReportSignOffAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["report", "post", "name", "role_title", "signed_on"]
    list_filter = ["post"]
