"""The datasets app's part of the annual report: Safeguarding Statistics and Impact from Data
Examination, as plain JSON-serialisable data computed with a constant number of queries."""

from __future__ import annotations

from django.db.models import Subquery
from django.urls import reverse

from cscp import disclosure
from cscp.formatting import approximate_share
from cscp.models import ReportingYear
from cscp.partnership.models import LocalAuthority, Partnership, area_text
from cscp.queries import json_rows, one_query

from . import selectors
from .models import Indicator, Population, Return


def contribution(year: ReportingYear) -> dict:
    data = selectors.year_data(year)
    figures = selectors.figures(year, data=data)
    population = data.population(year)
    # The whole population and the partnership's area, in one query (cscp.queries).
    first_partnership = Partnership.objects.order_by("pk").values("pk")[:1]
    read = one_query(
        year,
        all_ages=Subquery(Population.objects.filter(year=year).values("all_ages")[:1]),
        authorities=json_rows(
            LocalAuthority.objects.filter(partnership=Subquery(first_partnership)), name="name"
        ),
    )
    all_ages = read["all_ages"]
    flags = selectors.quality_flags(year, data=data)
    completeness = selectors.completeness(year)
    with_value = [f for f in figures if f["value"] is not None]
    headlines = [f for f in with_value if f["headline"]]
    counts = [f for f in with_value if f["unit"] == Indicator.Unit.COUNT]
    year_counts = [_slim(f) for f in counts if f["basis"] != Indicator.Basis.PERIOD_END]
    as_at = [_slim(f) for f in counts if f["basis"] == Indicator.Basis.PERIOD_END]
    year_end_accepted = sum(
        1 for row in completeness if row["quarters"][3] == Return.Status.ACCEPTED
    )
    collected = [
        q
        for q in range(4)
        if any(row["quarters"][q] != Return.Status.NOT_STARTED for row in completeness)
    ] or list(range(4))
    flag_summary = {
        "rate": sum(1 for f in flags if f["kind"] == "rate"),
        "jump": sum(1 for f in flags if f["kind"] == "jump"),
        "ethnicity": sum(1 for f in flags if f["kind"] == "ethnicity"),
    }
    returns_url = reverse("return_list")
    return {
        "has_records": bool(with_value),
        "year_label": year.label,
        "previous_label": year.previous_label,
        "as_at_date": year.end.isoformat(),
        "previous_as_at_date": year.end.replace(year=year.end.year - 1).isoformat(),
        "population": population,
        # "almost 25%": the children's share of the whole population, from both records.
        "population_share": approximate_share(population, all_ages),
        # As current_partnership().area: the first partnership's authorities, by name.
        "area": area_text(sorted(row["name"] for row in read["authorities"])),
        "headlines": [
            {
                **_slim(f),
                "london": f["london"],
                "statistical_neighbours": f["statistical_neighbours"],
                "comparator_year": f["comparator_year"],
                "sentence": f["sentence"],
                "direction": f["direction"],
                "reported_note": f["reported_note"],
            }
            for f in headlines
        ],
        "year_counts": year_counts,
        "as_at": as_at,
        "flags": [{"kind": f["kind"], "text": f["text"]} for f in flags],
        "flag_summary": flag_summary,
        # The quarters the year's dataset was collected for: a quarter no agency has a return
        # for is left out (the seed year was collected at year end only), not shown as
        # "Not started" for every agency.
        "quarters_collected": [q + 1 for q in collected],
        "completeness": [
            {
                "agency": row["agency"],
                "quarters": [Return.Status(row["quarters"][q]).label for q in collected],
                "accepted": sum(
                    1 for q in collected if row["quarters"][q] == Return.Status.ACCEPTED
                ),
            }
            for row in completeness
        ],
        "checks": [
            {
                "label": f"Under-18 population entered for {year.label}",
                "ok": population is not None,
                "fix_url": reverse("admin:datasets_population_add"),
            },
            {
                "label": f"Year-end (Q4) dataset returns accepted for {year.label} "
                f"({year_end_accepted} of {len(completeness)} agencies)",
                "ok": bool(completeness) and year_end_accepted == len(completeness),
                "fix_url": returns_url,
            },
            {
                "label": "Headline indicators have London and statistical-neighbour comparators",
                "ok": bool(headlines)
                and all(
                    h["london"] is not None and h["statistical_neighbours"] is not None
                    for h in headlines
                ),
                "fix_url": reverse("admin:datasets_comparator_changelist"),
            },
        ],
    }


def _slim(f: dict) -> dict:
    return {
        "code": f["code"],
        "counts": f["counts"],
        "numerator": f["numerator"],
        "name": f["name"],
        "unit": f["unit"],
        "unit_label": f["unit_label"],
        "value": f["value"],
        "last_value": f["last_value"],
        "note": f["note"],
    }


PEOPLE = (Indicator.Counts.CHILDREN, Indicator.Counts.PEOPLE)


def public(data: dict) -> dict:
    """The statistics as the public sees them (cscp.disclosure): counts of children and people
    of 1 to 5 are "c", and so is every figure from which one could be worked out — a rate
    derived from a suppressed count (rate × population ÷ 10,000 gives the count back), and
    the sentence comparing it with last year."""
    suppressed_this, suppressed_last = set(), set()
    for row in data.get("year_counts", []) + data.get("as_at", []):
        if row.get("counts") not in PEOPLE:
            continue
        row["value"] = disclosure.count(row["value"])
        row["last_value"] = disclosure.count(row["last_value"])
        if disclosure.is_suppressed(row["value"]):
            suppressed_this.add(row["code"])
        if disclosure.is_suppressed(row["last_value"]):
            suppressed_last.add(row["code"])
    for h in data.get("headlines", []):
        source = h.get("numerator") or h["code"]
        if h.get("counts") in PEOPLE:
            h["value"] = disclosure.count(h["value"])
            h["last_value"] = disclosure.count(h["last_value"])
        if source in suppressed_this:
            h["value"] = disclosure.SUPPRESSED
        if source in suppressed_last:
            h["last_value"] = disclosure.SUPPRESSED
        if disclosure.is_suppressed(h["value"]) or disclosure.is_suppressed(h["last_value"]):
            h["sentence"] = "c (suppressed: it could reveal a count of 1 to 5 children or people)"
            h["reported_note"] = ""
    return data
