from django.apps import AppConfig

from cscp.roles import READERS, Role


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [
        ("Reviews", "review_list", READERS, "Reviews"),
        ("Theme tracker", "theme_tracker", READERS, "Reviews"),
        ("Learning & audits", "review_learning", READERS, "Reviews"),
        ("Review actions", "review_action_list", (*READERS, Role.AGENCY_LEAD), "Reviews"),
    ]
