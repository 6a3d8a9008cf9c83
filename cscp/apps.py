from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_migrate

from .roles import ALL_ROLES, READERS, Role


class CscpConfig(AppConfig):
    name = "cscp"
    verbose_name = "Partnership"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    # An optional fourth element names the section the link belongs to (its own label if none).
    nav_items = [
        ("Home", "home", ALL_ROLES),
        ("Annual reports", "report_list", READERS, "Annual reports"),
        ("Governance", "governance", READERS, "Annual reports"),
        ("Scrutiny", "scrutiny", (Role.SCRUTINEER,), "Annual reports"),
        ("Set-up", "partnership_setup", (Role.BUSINESS_SUPPORT,), "Set-up & admin"),
        ("Admin", "admin:index", (Role.BUSINESS_SUPPORT, Role.SCRUTINEER), "Set-up & admin"),
    ]
    # The order of the navigation's sections (a section not named here comes last).
    nav_sections = [
        "Home",
        "Reviews",
        "Priority groups",
        "Training",
        "Returns & data",
        "Feedback",
        "Annual reports",
        "Set-up & admin",
    ]

    def ready(self):
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
        # With no broker, the first request of a serving process starts its outbox thread.
        from .outbox import embedded_worker

        request_started.connect(embedded_worker.start, dispatch_uid="cscp-embedded-outbox")
