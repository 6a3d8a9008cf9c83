from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, OutboxMessage, ReportingYear, Theme, User

# django-otp's own admin shows each device's secret and QR code; business support only need to
# see who has two-factor sign-in and to remove a lost device (the user then sets up again).
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Business support see e-mails and PDFs waiting to be sent, and why one failed."""

    list_display = ["task_name", "key", "state", "attempts", "created_at", "last_error"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task_name"]
    search_fields = ["key", "task_name"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected messages again now", permissions=["view"])
    def send_again(self, request, queryset):
        from .outbox import dispatch

        sent = sum(
            dispatch(pk) for pk in queryset.filter(done_at=None).values_list("pk", flat=True)
        )
        self.message_user(request, f"{sent} message(s) handed to the task queue.")


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "active",
        "relevant_agency",
        "designated_education_childcare",
    ]
    list_filter = ["kind", "active", "relevant_agency", "designated_education_childcare"]
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


from .partnership import admin as partnership_admin  # noqa: E402,F401
from .reporting import admin as reporting_admin  # noqa: E402,F401
