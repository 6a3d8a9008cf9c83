from django.apps import AppConfig


class PriorityGroupsConfig(AppConfig):
    name = "priority_groups"
    verbose_name = "Priority groups"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = []
