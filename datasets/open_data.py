"""Comparators from DfE explore-education-statistics open data: a CSV with `time_period`,
`time_identifier`, `geographic_level` (National / Regional / Local authority), `new_la_code`,
`la_name` (and region columns), then one column per indicator. Matched to the partnership's
local-authority code(s) and its statistical neighbours (settings; the DfE/NFER model gives
ten per authority), it gives England, the partnership's region, London where the region is
London, and the mean of the neighbours, for every indicator with an `open_data_column`."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from cscp.formatting import half_up

from . import rules
from .models import Indicator

REQUIRED = ["time_period", "time_identifier", "geographic_level", "new_la_code", "la_name"]
LEVELS = {"National", "Regional", "Local authority"}
SYMBOLS = {"c", "z", ":", "x", "k", "u", "low", ""}  # not available, suppressed, …
LONDON_REGION = "E12000007"
MAX_ROWS = 20000


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # one per (indicator, year)
    errors: list[str] = field(default_factory=list)


def partnership_codes() -> set[str]:
    """The partnership's local authorities' codes, from its record (admin → Partnership);
    the PARTNERSHIP_LA_CODES setting only where the record has none."""
    from cscp.partnership.models import LocalAuthority

    recorded = set(
        LocalAuthority.objects.exclude(new_la_code="").values_list("new_la_code", flat=True)
    )
    return recorded or set(getattr(settings, "PARTNERSHIP_LA_CODES", []))


def neighbour_codes() -> list[str]:
    return list(getattr(settings, "STATISTICAL_NEIGHBOURS", []))


def start_year_of(time_period: str) -> int:
    """ "202122" is the year 2021-22; "2022" (as at 31 March 2022) is also 2021-22."""
    text = (time_period or "").strip()
    if len(text) == 6 and text.isdigit() and int(text[4:]) == (int(text[:4]) + 1) % 100:
        return int(text[:4])
    if len(text) == 4 and text.isdigit():
        return int(text) - 1
    raise ValueError(text)


def _number(text: str, where: str):
    text = (text or "").strip()
    if text in SYMBOLS:
        return None
    return rules.parse_figure(text, where)


def preview(text: str, *, la_codes=None, neighbours=None, indicators=None) -> Preview:
    """Read the file and compute the comparators; every row's problem is listed."""
    la_codes = set(la_codes if la_codes is not None else partnership_codes())
    neighbours = list(neighbours if neighbours is not None else neighbour_codes())
    indicators = list(
        indicators
        if indicators is not None
        else Indicator.objects.exclude(open_data_column="").order_by("order", "code")
    )
    result = Preview()
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        result.errors.append(f"Row 1: the file has no column {', '.join(missing)}")
        return result
    if not la_codes:
        result.errors.append("Set PARTNERSHIP_LA_CODES: the partnership's local-authority code")
        return result
    wanted = [i for i in indicators if i.open_data_column in columns]
    if not wanted:
        result.errors.append("Row 1: no column matches an indicator's open-data column")
        return result
    # (start_year, indicator code) -> {"england", "regions": {code: v}, "la": {code: v}}
    found: dict[tuple, dict] = {}
    own_region: dict[int, str] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            result.errors.append(f"The file has more than {MAX_ROWS:,} rows")
            break
        level = (row.get("geographic_level") or "").strip()
        if level not in LEVELS:
            continue  # other levels (e.g. local authority district) are not used
        try:
            start_year = start_year_of(row.get("time_period"))
        except ValueError:
            result.errors.append(
                f"Row {number}: time_period {row.get('time_period')!r} is not a year"
            )
            continue
        la = (row.get("new_la_code") or "").strip()
        region = (row.get("region_code") or "").strip()
        if level == "Local authority" and la in la_codes and region:
            own_region[start_year] = region
        for ind in wanted:
            where = f"{ind.open_data_column} ({row.get('la_name') or level})"
            try:
                value = _number(row.get(ind.open_data_column), where)
            except rules.FigureError as exc:
                result.errors.append(f"Row {number}: {exc}")
                continue
            slot = found.setdefault((start_year, ind.code), {"regions": {}, "la": {}})
            if level == "National":
                slot["england"] = value
            elif level == "Regional":
                slot["regions"][region] = value
            else:
                slot["la"][la] = value
    if result.errors:
        return result
    for ind in wanted:
        for (start_year, code), slot in sorted(found.items()):
            if code != ind.code:
                continue
            region = own_region.get(start_year, "")
            shown = [slot["la"].get(n) for n in neighbours]
            known = [v for v in shown if v is not None]
            mean = half_up(sum(known, Decimal(0)) / len(known), 1) if known else None
            result.rows.append(
                {
                    "code": ind.code,
                    "name": ind.name,
                    "start_year": start_year,
                    "england": slot.get("england"),
                    "region": slot["regions"].get(region),
                    "london": slot["regions"].get(LONDON_REGION)
                    if region == LONDON_REGION
                    else None,
                    "statistical_neighbours": mean,
                    "neighbours_found": len(known),
                    "own": [slot["la"].get(c) for c in sorted(la_codes)],
                }
            )
    if not result.rows:
        result.errors.append("The file has no rows for the partnership's indicators")
    return result
