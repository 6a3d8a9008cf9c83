import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from datasets.services import comparators_import, comparators_import_open_data


class Command(BaseCommand):
    help = (
        "Import London / statistical-neighbour / England comparators from a CSV with the "
        "columns code, year (e.g. 2021-22), london, statistical_neighbours, england, or from "
        "a DfE explore-education-statistics open-data CSV (time_period, geographic_level, "
        "new_la_code, …). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--la-code", action="append", dest="la_codes")
        parser.add_argument("--neighbours", help="Comma-separated new_la_codes")

    def handle(self, *args, path, la_codes=None, neighbours=None, **options):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            text = handle.read()
        try:
            if "time_period" in text.partition("\n")[0]:
                saved = comparators_import_open_data(
                    text=text,
                    la_codes=la_codes,
                    neighbours=neighbours.split(",") if neighbours else None,
                )
            else:
                saved = comparators_import(rows=list(csv.DictReader(text.splitlines())))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{saved} comparators imported.")
