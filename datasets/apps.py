from django.apps import AppConfig

from cscp.roles import READERS, Role


class DatasetsConfig(AppConfig):
    name = "datasets"
    verbose_name = "Datasets"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [
        (
            "Returns",
            "return_list",
            (Role.AGENCY_LEAD, Role.BUSINESS_SUPPORT, Role.SCRUTINEER),
            "Returns & data",
        ),
        ("Dataset pack", "dataset_pack", READERS, "Returns & data"),
    ]

    def ready(self):
        from django.db.models.signals import post_save

        from cscp.models import ReportingYear

        post_save.connect(_year_created, sender=ReportingYear, dispatch_uid="datasets.year_set")


def _year_created(sender, instance, created, raw=False, **kwargs):
    """A new reporting year starts from last year's indicator set."""
    if created and not raw:
        from .services import indicator_set_start

        indicator_set_start(year=instance)
