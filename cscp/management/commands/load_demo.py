from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from cscp.demo import USERS
from cscp.roles import PROJECT_APPS


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo partnership of the seed report. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            # cscp first (agencies, years, people), then each app's records, then the report,
            # which is composed from them.
            for name in PROJECT_APPS:
                config = apps.get_app_config(name)
                if module_has_submodule(config.module, "demo"):
                    import_module(f"{name}.demo").load(stdout=self.stdout)
            if module_has_submodule(apps.get_app_config("cscp").module, "report_demo"):
                import_module("cscp.report_demo").load(stdout=self.stdout)
            # The live demo year beside the seed (2025-26 report, 2026-27 returns).
            import_module("cscp.demo_live").load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded."))
        self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for username, (_first, _last, role, agencies) in USERS.items():
            extra = f" for {', '.join(agencies)}" if agencies else ""
            self.stdout.write(f"  {username:<12} {role.label}{extra}")
