from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "datasets"
    verbose_name = "Datasets"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = []
