from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cscp.roles import PROJECT_APPS


class Command(BaseCommand):
    help = "Restore a JSON backup (from `manage.py backup`) into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No backup at {path}")
        non_empty = [
            model._meta.label
            for name in PROJECT_APPS
            for model in apps.get_app_config(name).get_models()
            if model._default_manager.exists()
        ]
        if non_empty:
            raise CommandError(
                "Restore needs an empty database; these already hold records: "
                + ", ".join(non_empty[:5])
            )
        # All or nothing: a failure part-way leaves the database as it was. The backup holds
        # the history itself; recording the restore's own writes as history would double it.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
