from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = []
