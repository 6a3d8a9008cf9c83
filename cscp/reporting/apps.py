from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The annual report (its records, workflow, composition and documents). Its tables were
    made by app "cscp" and keep their names (see cscp/reporting/models.py)."""

    name = "cscp.reporting"
    label = "reporting"
    verbose_name = "Annual report"
