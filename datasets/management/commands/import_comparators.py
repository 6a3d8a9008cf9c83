import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from datasets.services import comparators_import


class Command(BaseCommand):
    help = (
        "Import London / statistical-neighbour / England comparators from a CSV with the "
        "columns code, year (e.g. 2021-22), london, statistical_neighbours, england. "
        "All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        try:
            saved = comparators_import(rows=rows)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{saved} comparators imported.")
