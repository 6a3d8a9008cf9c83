from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_migrate

from .roles import ALL_ROLES, PROJECT_APPS, READERS, Role


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """After `migrate`: the role groups get every project app's permissions. Django makes an
    app's permissions in that app's own post_migrate, and cscp's comes before the other apps'
    (the report's among them): make them all first, so a fresh database's roles are complete."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .roles import sync_role_groups

    for label in PROJECT_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    sync_role_groups()


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
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # With no broker, the first request of a serving process starts its outbox thread.
        from .outbox import embedded_worker

        request_started.connect(embedded_worker.start, dispatch_uid="cscp-embedded-outbox")
        self._connect_partnership_cache()

    @staticmethod
    def _connect_partnership_cache() -> None:
        """The partnership is read once per request (cscp.partnership.selectors)."""
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete, post_save

        from .partnership import selectors
        from .partnership.models import LocalAuthority, Partnership

        request_started.connect(selectors.request_cache_start, dispatch_uid="cscp-pship-start")
        request_finished.connect(selectors.request_cache_end, dispatch_uid="cscp-pship-end")
        for model in (Partnership, LocalAuthority):
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.request_cache_forget,
                    sender=model,
                    dispatch_uid=f"cscp-pship-forget-{signal is post_save}-{model.__name__}",
                )
