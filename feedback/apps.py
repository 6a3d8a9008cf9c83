from django.apps import AppConfig

from cscp.roles import READERS


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback"
    # Links this app adds to the site navigation: (label, url name, roles that see it).
    nav_items: list = [("Feedback", "feedback_overview", READERS)]
