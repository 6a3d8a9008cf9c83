from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_shipped_templates(using="default", **kwargs) -> None:
    """The two shipped report templates exist after every migrate and every flush (a flush,
    as the browser tests' live server does between tests, empties what the data migration
    seeded; flush emits post_migrate as migrate does). Idempotent by name."""
    from django.apps import apps
    from django.db import connections

    from .models import ReportTemplate
    from .structure import seed

    if ReportTemplate._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the report had templates
    if not ReportTemplate.objects.using(using).exists():
        seed(apps)


class ReportingConfig(AppConfig):
    """The annual report (its records, workflow, composition and documents). Its tables were
    made by app "cscp" and keep their names (see cscp/reporting/models.py)."""

    name = "cscp.reporting"
    label = "reporting"
    verbose_name = "Annual report"

    def ready(self):
        post_migrate.connect(ensure_shipped_templates, sender=self)
