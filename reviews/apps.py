from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = []
