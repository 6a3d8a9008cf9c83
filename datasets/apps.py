from django.apps import AppConfig

from cscp.roles import READERS, Role


class DatasetsConfig(AppConfig):
    name = "datasets"
    verbose_name = "Datasets"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [
        ("Returns", "return_list", (Role.AGENCY_LEAD, Role.BUSINESS_SUPPORT)),
        ("Dataset pack", "dataset_pack", READERS),
    ]
