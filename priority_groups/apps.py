from django.apps import AppConfig

from cscp.roles import READERS, Role


class PriorityGroupsConfig(AppConfig):
    name = "priority_groups"
    verbose_name = "Priority groups"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [
        ("Priority groups", "priority_groups", READERS, "Priority groups"),
        ("Group actions", "priority_group_actions", (Role.AGENCY_LEAD,), "Priority groups"),
    ]
