from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, ReportingYear, Theme, User


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "short_name"]


@admin.register(ReportingYear)
class ReportingYearAdmin(SimpleHistoryAdmin):
    list_display = ["label", "start", "end"]


@admin.register(User)
class PartnershipUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "email", "is_active", "role_names"]
    list_filter = ["groups", "is_active", "agencies"]
    fieldsets = UserAdmin.fieldsets + (("Agency lead for", {"fields": ("agencies",)}),)
    filter_horizontal = ["groups", "user_permissions", "agencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def role_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
