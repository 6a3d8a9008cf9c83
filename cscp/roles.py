"""The four roles of the partnership, held as Django groups. Deny by default: a user with no
role sees nothing but the login page."""

from enum import Enum


class Role(Enum):
    BUSINESS_SUPPORT = "Business support"
    AGENCY_LEAD = "Agency lead"
    EXECUTIVE = "Executive member"
    SCRUTINEER = "Independent scrutineer"

    @property
    def label(self) -> str:
        return self.value


# Who reads partnership-wide pages (dashboards, the report, review details).
READERS = (Role.BUSINESS_SUPPORT, Role.EXECUTIVE, Role.SCRUTINEER)
ALL_ROLES = tuple(Role)

PROJECT_APPS = (
    "cscp",
    "reporting",
    "reviews",
    "priority_groups",
    "training",
    "datasets",
    "feedback",
)


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give them their model permissions (run after every migrate,
    so a model added later is covered without a data migration).

    Business support manage every record of the project's apps in the admin; the scrutineer
    may view them all (read-only); agency leads and executive members use the site's own pages,
    whose views check their roles.
    """
    from django.contrib.auth.models import Group, Permission

    project_perms = Permission.objects.filter(content_type__app_label__in=PROJECT_APPS)
    # Roles themselves are fixed here in code: nobody edits groups' permissions in the admin.
    view_roles = Permission.objects.filter(content_type__app_label="auth", codename="view_group")
    # Sign-in lockouts and two-factor devices: business support may look at and clear them
    # (unlocking an account, removing a lost phone).
    lockouts = Permission.objects.filter(content_type__app_label__in=("axes", "otp_totp"))
    project_perms = project_perms | lockouts
    support, _ = Group.objects.get_or_create(name=Role.BUSINESS_SUPPORT.label)
    support.permissions.set(project_perms | view_roles)
    scrutineer, _ = Group.objects.get_or_create(name=Role.SCRUTINEER.label)
    scrutineer.permissions.set(project_perms.filter(codename__startswith="view_") | view_roles)
    for role in (Role.AGENCY_LEAD, Role.EXECUTIVE):
        Group.objects.get_or_create(name=role.label)
