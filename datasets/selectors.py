"""Reads the pages and the report share; each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery

from cscp.models import Agency, ReportingYear
from cscp.queries import json_rows

from . import rules
from .models import (
    Comparator,
    Indicator,
    Population,
    Return,
    ReturnValue,
    YearIndicator,
    derived_rate,
)

REPORTED_STATUSES = (Return.Status.ACCEPTED,)
NOT_READ = object()


def indicators_in_year(year: ReportingYear):
    """The year's indicator set; a year without one uses every active indicator."""
    chosen = YearIndicator.objects.filter(year=year)
    # One query, not a look-up first: the set's indicators, or (no set) the active ones.
    return Indicator.objects.filter(
        Q(pk__in=chosen.values("indicator_id")) | (Q(active=True) & ~Exists(chosen))
    )


def agencies_returning(year: ReportingYear):
    """Active agencies with at least one indicator in the year's set."""
    owners = indicators_in_year(year).values("owner_id")
    return Agency.objects.filter(pk__in=owners, active=True)


def population_for(year: ReportingYear) -> int | None:
    return Population.objects.filter(year=year).values_list("under_18", flat=True).first()


def _values(start_years, statuses):
    """{(indicator_id, start_year, quarter): row} for returns in `statuses`."""
    rows = ReturnValue.objects.filter(
        ret__year__start_year__in=start_years, ret__status__in=statuses
    ).values(
        "indicator_id",
        "value",
        "commentary",
        "explanation",
        "ethnicity",
        "ret__year__start_year",
        "ret__quarter",
        "ret__agency__name",
    )
    return {(r["indicator_id"], r["ret__year__start_year"], r["ret__quarter"]): r for r in rows}


def _effective(indicator, start_year, quarter, raw, populations):
    """A derived rate from its count and the population when both are known, otherwise the
    stored (reported) value."""
    own = raw.get((indicator.pk, start_year, quarter))
    reported = own["value"] if own else None
    if indicator.is_derived and indicator.numerator_id:
        num = raw.get((indicator.numerator_id, start_year, quarter))
        derived = derived_rate(num["value"] if num else None, populations.get(start_year))
        if derived is not None:
            return derived
    return reported


@dataclass(frozen=True)
class YearData:
    """What figures() and quality_flags() both read, read once: the report and the dataset
    pack ask for both (and the population) of the same year."""

    indicators: list  # active, in order, with their owner
    raw: dict  # _values() of the year and the one before
    populations: dict  # {start_year: under-18 population} of the year and the one before

    def population(self, year: ReportingYear) -> int | None:
        return self.populations.get(year.start_year)


def year_data(year: ReportingYear, statuses=REPORTED_STATUSES) -> YearData:
    this, last = year.start_year, year.start_year - 1
    return YearData(
        indicators=list(
            indicators_in_year(year).select_related("owner", "numerator").order_by("order", "code")
        ),
        raw=_values([this, last], statuses),
        populations=dict(
            Population.objects.filter(year__start_year__in=[this, last]).values_list(
                "year__start_year", "under_18"
            )
        ),
    )


def figures(
    year: ReportingYear, statuses=REPORTED_STATUSES, *, data: YearData | None = None
) -> list[dict]:
    """Every active indicator with its quarters, the year, last year and comparators."""
    comp: Comparator | None  # each indicator's latest comparator, if any
    this, last = year.start_year, year.start_year - 1
    data = data or year_data(year, statuses)
    indicators, raw, populations = data.indicators, data.raw, data.populations
    latest_comparator: dict[int, Comparator] = {}
    # Each indicator's latest comparator up to the year, chosen by the database: one row per
    # indicator however many years of comparators there are. Only the year's indicators are
    # looked at: the latest is found for each row looked at, and retired indicators' decades
    # of comparators made that most of the dataset pack's time (bench/scale.py).
    latest = (
        Comparator.objects.filter(indicator=OuterRef("indicator"), year__start_year__lte=this)
        .order_by("-year__start_year")
        .values("pk")[:1]
    )
    for comp in (
        Comparator.objects.filter(
            indicator__in=[ind.pk for ind in indicators],
            year__start_year__lte=this,
            pk=Subquery(latest),
        )
        .select_related("year")
        .order_by("-year__start_year")
    ):
        latest_comparator.setdefault(comp.indicator_id, comp)
    result = []
    for ind in indicators:
        quarters = {q: _effective(ind, this, q, raw, populations) for q in range(1, 5)}
        last_quarters = {q: _effective(ind, last, q, raw, populations) for q in range(1, 5)}
        value = rules.year_value(ind.basis, quarters)
        last_value = rules.year_value(ind.basis, last_quarters)
        reported = None
        if ind.is_derived:
            own = {
                q: raw[(ind.pk, this, q)]["value"] for q in range(1, 5) if (ind.pk, this, q) in raw
            }
            reported = rules.year_value(ind.basis, own) if own else None
        comp = latest_comparator.get(ind.pk)
        london = comp.london if comp else None
        sn = comp.statistical_neighbours if comp else None
        commentary = [
            {
                "quarter": q,
                "agency": raw[(ind.pk, this, q)]["ret__agency__name"],
                "text": raw[(ind.pk, this, q)]["commentary"],
            }
            for q in range(1, 5)
            if (ind.pk, this, q) in raw and raw[(ind.pk, this, q)]["commentary"]
        ]
        result.append(
            {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "unit_label": ind.unit_label,
                "basis": ind.basis,
                "basis_label": ind.get_basis_display(),
                "polarity": ind.polarity,
                "owner": ind.owner.short_name or ind.owner.name,
                "headline": ind.headline,
                "derived": ind.is_derived,
                "counts": ind.counts if ind.is_count else "",
                "numerator": ind.numerator.code if ind.numerator_id else "",
                "note": ind.note,
                "quarters": [plain(quarters[q]) for q in range(1, 5)],
                "last_quarters": [plain(last_quarters[q]) for q in range(1, 5)],
                "value": plain(value),
                "last_value": plain(last_value),
                "london": plain(london),
                "statistical_neighbours": plain(sn),
                "england": plain(comp.england if comp else None),
                "comparator_year": comp.year.label if comp else None,
                "direction": rules.direction(value, last_value, ind.polarity),
                "sentence": rules.comparison_sentence(
                    value, last_value, year.previous_label, london, sn, ind.unit
                ),
                "commentary": commentary,
                "reported": plain(reported),
                "reported_note": rules.reported_note(
                    reported, value, ind.owner.short_name or ind.owner.name, ind.unit
                ),
            }
        )
    return result


def quality_flags(
    year: ReportingYear, statuses=REPORTED_STATUSES, *, data: YearData | None = None
) -> list[dict]:
    """Data-quality flags of a year: reported rates that disagree with the derived rate,
    like-for-like changes beyond the expected range ("jump" when unexplained, "change" with the
    agency's explanation), and the share of ethnicity "not recorded"."""
    this = year.start_year
    data = data or year_data(year, statuses)
    indicators = {i.pk: i for i in data.indicators}
    raw = data.raw
    population = data.population(year)
    flags: list[dict] = []
    for ind in indicators.values():
        for q in range(1, 5):
            row = raw.get((ind.pk, this, q))
            if row is None:
                continue
            where = f"{ind.name}, Q{q}"
            if ind.unit == Indicator.Unit.RATE and ind.numerator_id:
                num = raw.get((ind.numerator_id, this, q))
                numerator = num["value"] if num else None
                if rules.rate_disagrees(row["value"], numerator, population):
                    flags.append(
                        {
                            "kind": "rate",
                            "code": ind.code,
                            "quarter": q,
                            "text": f"{where}: reported rate "
                            f"{rules.format_value(row['value'], ind.unit)} differs by more than 1% "
                            "from the rate derived from the count and "
                            f"population ({derived_rate(numerator, population)})",
                        }
                    )
            if not ind.is_derived:
                history = {
                    (sy, quarter): raw[(ind.pk, sy, quarter)]["value"]
                    for sy in (this - 1, this)
                    for quarter in range(1, 5)
                    if (ind.pk, sy, quarter) in raw
                }
                explanation = (row["explanation"] or "").strip()
                for change in rules.changes(ind, this, q, history):
                    text = f"Q{q}: {rules.change_text(ind, change)}"
                    flags.append(
                        {
                            "kind": "change" if explanation else "jump",
                            "code": ind.code,
                            "quarter": q,
                            "explanation": explanation,
                            "text": f"{text}. Explained: {explanation}"
                            if explanation
                            else f"{text}, with no explanation",
                        }
                    )
            share = rules.not_recorded_share(row["ethnicity"]) if ind.ethnicity_breakdown else None
            if share is not None:
                flags.append(
                    {
                        "kind": "ethnicity",
                        "code": ind.code,
                        "quarter": q,
                        "share": share,
                        "text": f"{where}: ethnicity not recorded for {share}% of children",
                    }
                )
    return flags


def completeness(year: ReportingYear) -> list[dict]:
    """Per returning agency: each quarter's status and how many returns are accepted."""
    returns = Return.objects.filter(agency=OuterRef("pk"), year=year)
    agencies = list(
        agencies_returning(year)
        .annotate(return_rows=json_rows(returns, quarter="quarter", status="status"))
        .order_by("name")
    )
    rows = []
    for agency in agencies:
        statuses = {r["quarter"]: r["status"] for r in agency.return_rows or []}
        quarters = [statuses.get(q, Return.Status.NOT_STARTED) for q in range(1, 5)]
        rows.append(
            {
                "agency": agency.short_name or agency.name,
                "agency_id": agency.pk,
                "quarters": quarters,
                "accepted": sum(1 for s in quarters if s == Return.Status.ACCEPTED),
            }
        )
    return rows


def rag(status: str, due, today) -> tuple[str, str]:
    """(RAG word, GOV.UK tag colour) of a return against its due date."""
    if status == Return.Status.ACCEPTED:
        return "Green", "green"
    if status == Return.Status.SUBMITTED:
        return "Green", "green"
    if today > due:
        return "Red", "red"
    return "Amber", "yellow"


def plain(value) -> int | float | None:
    """JSON-friendly numbers: whole numbers as int, others as float to one decimal place."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(rules.round_half_up(value))


def derived_rates_of(
    ret: Return, *, population=NOT_READ, counts=None, indicators=None
) -> list[dict]:
    """The rates calculated from this return's counts and the year's population (the counts,
    the population and the agency's indicators of the year, with their numerators, may be
    given when the caller has read them already: the return form has)."""
    if indicators is None:
        rates = list(
            indicators_in_year(ret.year)
            .filter(owner_id=ret.agency_id, rate_source=Indicator.RateSource.DERIVED)
            .select_related("numerator")
        )
    else:
        rates = [i for i in indicators if i.rate_source == Indicator.RateSource.DERIVED]
    if not rates:
        return []
    if counts is None:
        counts = dict(ret.values.values_list("indicator_id", "value"))
    if population is NOT_READ:
        population = population_for(ret.year)
    return [
        {
            "name": rate.name,
            "numerator": rate.numerator.name,
            "value": rules.format_value(
                derived_rate(counts.get(rate.numerator_id), population), rate.unit
            ),
            "population": population,
        }
        for rate in rates
    ]
