from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from cscp.concurrency import VersionedAdminMixin

from . import services
from .models import Agency, OutboxMessage, ReportingYear, RoleChange, Theme, User
from .roles import Role

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


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class SignInLockoutAdmin(AccessAttemptAdmin):
    """django-axes' admin, its one action declaring what it needs (every admin action does:
    tests/test_permission_matrix.py): clearing expired attempts deletes them."""

    actions = ["clear_expired_attempts"]

    @admin.action(description="Clean up expired attempts", permissions=["delete"])
    def clear_expired_attempts(self, request, queryset):
        return self.cleanup_expired_attempts(request, queryset)


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

    def has_send_permission(self, request):
        """Sending is business support's (and a system administrator's): the scrutineer,
        who may look at the outbox, may not set e-mails going."""
        user = request.user
        return user.is_superuser or user.has_role(Role.BUSINESS_SUPPORT)

    @admin.action(description="Send the selected messages again now", permissions=["send"])
    def send_again(self, request, queryset):
        from .outbox import dispatch

        sent = sum(
            dispatch(pk) for pk in queryset.filter(done_at=None).values_list("pk", flat=True)
        )
        self.message_user(request, f"{sent} message(s) handed to the task queue.")


@admin.register(Agency)
class AgencyAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
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
class ReportingYearAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["label", "start", "end"]


@admin.register(User)
class PartnershipUserAdmin(VersionedAdminMixin, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "email", "is_active", "role_names"]
    list_filter = ["groups", "is_active", "agencies"]
    fieldsets = UserAdmin.fieldsets + (("Agency lead for", {"fields": ("agencies",)}),)
    filter_horizontal = ["groups", "user_permissions", "agencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def role_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    # Separation of duties (cscp.services, decision 0004): business support edit agency
    # leads' accounts only and grant nothing beyond the agency-lead role; nobody changes
    # their own roles. The form offers only that, and the service refuses anything else.

    ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
    SYSTEM_ADMINISTRATOR_FIELDS = ("is_staff", "is_superuser", "user_permissions")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_edit_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_edit_account(request.user, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or services.is_system_administrator(request.user):
            return fieldsets
        hidden = self.SYSTEM_ADMINISTRATOR_FIELDS
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += [f for f in self.ROLE_FIELDS if f not in readonly]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not services.is_system_administrator(request.user):
            kwargs["queryset"] = Group.objects.filter(name=Role.AGENCY_LEAD.label)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Read before saving: the form's instance already holds the new values.
        request._cscp_roles_before = services.RoleState.of(obj if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Refused here, the admin's transaction rolls the whole save back (a 403).
        services.role_change_record(
            user=form.instance, before=request._cscp_roles_before, by=request.user
        )


@admin.register(RoleChange)
class RoleChangeAdmin(SimpleHistoryAdmin):
    """The audit of role changes: read-only for everyone."""

    list_display = ["at", "username", "changed_by_username", "before_text", "after_text"]
    list_filter = ["at"]
    search_fields = ["username", "changed_by_username"]
    fields = ["at", "username", "changed_by_username", "before_text", "after_text"]
    readonly_fields = fields

    @admin.display(description="Before")
    def before_text(self, obj):
        return services.describe(obj.before)

    @admin.display(description="After")
    def after_text(self, obj):
        return services.describe(obj.after)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


from .partnership import admin as partnership_admin  # noqa: E402,F401

# --- The admin's index and sidebar: business records first, the machinery under "System" ------

# Technical records: sign-in lockouts, two-factor devices, role groups, the task outbox, PDF
# renders and reminder bookkeeping. They matter to a system administrator, not to the people
# who keep the partnership's records, so only superusers see them, in a section of their own.
SYSTEM_APPS = {"axes", "otp_totp", "auth"}
SYSTEM_MODELS = {
    ("cscp", "outboxmessage"),
    ("reporting", "pdfrender"),
    ("datasets", "remindersent"),
}


def is_system_model(app_label: str, model_name: str) -> bool:
    return app_label in SYSTEM_APPS or (app_label, model_name) in SYSTEM_MODELS


_default_get_app_list = admin.site.get_app_list


def get_app_list(request, app_label=None):
    apps = _default_get_app_list(request, app_label)
    if app_label is not None:  # one app's own index page: as Django builds it
        return apps
    business, system = [], []
    for app in apps:
        kept = []
        for model in app["models"]:
            technical = is_system_model(app["app_label"], model["object_name"].lower())
            (system if technical else kept).append(model)
        if kept:
            business.append({**app, "models": kept})
    if system and request.user.is_superuser:
        business.append(
            {
                "name": "System",
                "app_label": "system",
                "app_url": "",
                "has_module_perms": True,
                "models": sorted(system, key=lambda model: model["name"]),
            }
        )
    return business


admin.site.get_app_list = get_app_list
