"""Demo datasets: the seed report's statistics (2021-22 and 2020-21, from the catalogue and
figures in `fixtures/dataset_figures.csv`) as accepted year-end returns of the owning agencies,
the population 95,309, London and statistical-neighbour comparators, and what
`demo_data/<year>.yaml` adds (the population's source, an ethnicity breakdown, a 2022-23 Q1
return left in draft for the demo agency lead; `demo_data/catalogue.yaml`: headline and derived
indicators).

The content is data (decision 0001, "Demo content as data"); this module only writes it.
Idempotent: every record is looked up by its natural key."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from cscp import demodata
from cscp.demo import agency
from cscp.models import ReportingYear, User

from .models import (
    Comparator,
    Indicator,
    Population,
    Return,
    ReturnTransition,
    ReturnValue,
)

FIGURES_CSV = Path(__file__).resolve().parent / "fixtures" / "dataset_figures.csv"
POPULATION_CODE = "POP_U18"
UNITS = {"count": Indicator.Unit.COUNT, "rate_per_10k": Indicator.Unit.RATE}
BASES = {"year": Indicator.Basis.YEAR_TO_DATE, "as at 31 March": Indicator.Basis.PERIOD_END}
APP = "datasets"


def read_figures(path: Path = FIGURES_CSV) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _dec(text: str) -> Decimal | None:
    text = (text or "").strip()
    return Decimal(text) if text else None


def load_catalogue(rows: list[dict], ethnicity_codes=frozenset()) -> dict[str, Indicator]:
    catalogue = demodata.read(APP, "catalogue")
    derived, headline = catalogue.get("derived", {}), set(catalogue.get("headline", []))
    indicators: dict[str, Indicator] = {}
    for order, row in enumerate(rows):
        if row["code"] == POPULATION_CODE:
            continue
        unit = UNITS[row["unit"]]
        indicators[row["code"]], _ = Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "unit": unit,
                "basis": BASES.get(row["basis"], Indicator.Basis.YEAR_TO_DATE),
                "owner": agency(row["owner"]),
                "order": order,
                "note": row.get("note", ""),
                "headline": row["code"] in headline,
                "ethnicity_breakdown": row["code"] in ethnicity_codes,
                "rate_source": (
                    Indicator.RateSource.DERIVED
                    if row["code"] in derived
                    else Indicator.RateSource.REPORTED
                    if unit == Indicator.Unit.RATE
                    else ""
                ),
            },
        )
    for code, numerator in derived.items():
        Indicator.objects.filter(code=code).update(numerator=indicators[numerator])
    return indicators


def _accepted_year_end(year, owner, values, lead, support):
    ret, _ = Return.objects.get_or_create(agency=owner, year=year, quarter=4)
    if ret.status != Return.Status.ACCEPTED:
        ret.status = Return.Status.ACCEPTED
        ret.save()
    for indicator, value, ethnicity in values:
        ReturnValue.objects.update_or_create(
            ret=ret, indicator=indicator, defaults={"value": value, "ethnicity": ethnicity}
        )
    submitted = timezone.make_aware(dt.datetime.combine(ret.due_date, dt.time(10)))
    for frm, to, by, at in [
        (Return.Status.NOT_STARTED, Return.Status.DRAFT, lead, submitted - dt.timedelta(days=7)),
        (Return.Status.DRAFT, Return.Status.SUBMITTED, lead, submitted),
        (Return.Status.SUBMITTED, Return.Status.ACCEPTED, support, submitted + dt.timedelta(2)),
    ]:
        ReturnTransition.objects.update_or_create(
            ret=ret, from_status=frm, to_status=to, defaults={"by": by, "at": at}
        )


def _draft(year, item: dict, indicators: dict[str, Indicator], lead) -> None:
    """A return an agency has started and not submitted (its values kept once entered)."""
    draft, _ = Return.objects.get_or_create(
        agency=agency(item["agency"]), year=year, quarter=item["quarter"]
    )
    if draft.status == Return.Status.NOT_STARTED:
        draft.status = Return.Status.DRAFT
        draft.save()
        ReturnTransition.objects.get_or_create(
            ret=draft,
            from_status=Return.Status.NOT_STARTED,
            to_status=Return.Status.DRAFT,
            defaults={"by": lead, "at": timezone.now()},
        )
    for code, value in item["values"].items():
        ReturnValue.objects.get_or_create(
            ret=draft,
            indicator=indicators[code],
            defaults={"value": Decimal(str(value)), "commentary": ""},
        )


def load(stdout=None) -> None:
    seed_year = demodata.read(APP, "2021-22")
    ethnicity_of = seed_year.get("ethnicity", {})
    rows = read_figures()
    indicators = load_catalogue(rows, frozenset(ethnicity_of))
    years = {y.start_year: y for y in ReportingYear.objects.filter(start_year__gte=2020)}
    population = next(r for r in rows if r["code"] == POPULATION_CODE)
    Population.objects.update_or_create(
        year=years[2021],
        defaults={
            "under_18": int(population["value_2021_22"]),
            "source": seed_year.get("population_source", ""),
            "note": population["note"],
        },
    )
    lead = User.objects.filter(username="agencylead").first()
    support = User.objects.filter(username="support").first()
    for start_year, column in [(2021, "value_2021_22"), (2020, "value_2020_21")]:
        by_owner: dict[str, list] = {}
        for row in rows:
            indicator = indicators.get(row["code"])
            value = _dec(row[column])
            if indicator is None or value is None:
                continue
            if indicator.is_derived and start_year == 2021:
                continue  # derived from the count and the population
            ethnicity = ethnicity_of.get(row["code"], {}) if start_year == 2021 else {}
            by_owner.setdefault(row["owner"], []).append((indicator, value, ethnicity))
        for owner, values in by_owner.items():
            _accepted_year_end(years[start_year], agency(owner), values, lead, support)
    for row in rows:
        london, sn = _dec(row["london_2020_21"]), _dec(row["statistical_neighbour_2020_21"])
        if row["code"] in indicators and (london is not None or sn is not None):
            Comparator.objects.update_or_create(
                indicator=indicators[row["code"]],
                year=years[2020],
                defaults={"london": london, "statistical_neighbours": sn},
            )
    for name in demodata.names(APP):
        if name[:4].isdigit() and int(name[:4]) in years:
            for item in demodata.read(APP, name).get("drafts", []):
                _draft(years[int(name[:4])], item, indicators, lead)
    if stdout is not None:
        stdout.write(f"Datasets: {len(indicators)} indicators, returns for 2020-21 to 2022-23\n")
