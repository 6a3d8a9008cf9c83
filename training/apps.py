from django.apps import AppConfig

from cscp.roles import READERS, Role


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [
        ("Training", "training_dashboard", READERS, "Training"),
        ("Registers", "training_sessions", (Role.BUSINESS_SUPPORT,), "Training"),
        ("E-learning imports", "training_imports", (Role.BUSINESS_SUPPORT,), "Training"),
    ]
