"""The live demo year beside the seed (issue 13, item 8): a 2025-26 yearly report in progress
under the Working Together 2023 template (contributions requested, the scrutineer's review due,
the lead partners' sign-offs pending) and 2026-27 dataset returns in flight (some submitted,
one queried, some overdue), so that on 1 December 2026 every role's home page has real work.

The content is in `cscp/demo_data/live-2025-26.yaml` and `live-2026-27.yaml`; it is written
through the services where they exist. Every record is invented and says so ("demo data") in
the field business support see first in the admin. The seed year (2021-22) is not touched.

Idempotent: a part already loaded is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cscp import demodata
from cscp.demo import agency
from cscp.models import GovernanceMember, ReportingYear, User
from cscp.partnership.services import reporting_year_start
from cscp.reporting import services as reports
from cscp.reporting.models import (
    AnnualReport,
    ImpactEvidence,
    NarrativeBlock,
    PartnerFunding,
    PartnershipBudget,
    PriorityProgress,
    RecommendationResponse,
    ReportSection,
)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _save(record):
    record.full_clean()
    record.save()
    return record


def load(stdout=None) -> None:
    support = User.objects.get(username="support")
    report_year = demodata.read("cscp", "live-2025-26")
    returns = load_returns(report_year, support)
    report = load_report(report_year, support)
    returns += load_returns(demodata.read("cscp", "live-2026-27"), support)
    if stdout is not None:
        stdout.write(
            f"Live demo year: {report} ({report.get_status_display()}), "
            f"{returns} dataset returns of 2025-26 and 2026-27\n"
        )


# --- 2025-26: the yearly report in progress ---------------------------------------------


def load_governance(rows: list[dict]) -> None:
    for row in rows:
        if GovernanceMember.objects.filter(post=row["post"], name=row["name"]).exists():
            continue
        _save(
            GovernanceMember(
                post=row["post"],
                name=row["name"],
                role_title=row["role_title"],
                agency=agency(row["agency"]) if row.get("agency") else None,
                from_date=_date(row["from"]),
            )
        )


def load_report(data: dict, support: User) -> AnnualReport:
    year = reporting_year_start(start_year=data["start_year"], by=support)
    load_governance(data.get("governance", []))
    load_year_records(data, year)
    existing = AnnualReport.objects.filter(year=year).first()
    if existing is not None:
        return existing
    spec = data["report"]
    report = reports.report_create(year=year, by=support, title=spec["title"])
    for key, body in spec.get("narrative", {}).items():
        section = ReportSection.objects.get(report=report, key=key)
        _save(NarrativeBlock(section=section, position=1, body=body))
    for row in spec.get("contributions", []):
        user = User.objects.filter(username=row["user"]).first() if row.get("user") else None
        contribution = reports.contribution_request(
            report=report,
            name=row["name"],
            role_title=row["role"],
            email=row.get("email", ""),
            user=user,
            due_on=_date(row["due_on"]),
            requested_on=_date(row["requested_on"]),
            by=support,
        )
        if row.get("received_on"):
            reports.contribution_record(
                contribution=contribution,
                text=row["text"],
                received_on=_date(row["received_on"]),
                by=support,
            )
    reports.report_request_contributions(report=report, by=support, note=data["label"])
    return report


def load_year_records(data: dict, year: ReportingYear) -> None:
    for position, row in enumerate(data.get("priorities", []), start=1):
        if not PriorityProgress.objects.filter(year=year, priority=row["priority"]).exists():
            _save(
                PriorityProgress(
                    year=year,
                    position=position,
                    priority=row["priority"],
                    status=row.get("status", ""),
                    analysis=row.get("analysis", ""),
                )
            )
    for row in data.get("recommendations", []):
        if not RecommendationResponse.objects.filter(year=year, review=row["review"]).exists():
            _save(RecommendationResponse(year=year, **row))
    if (budget := data.get("budget")) and not PartnershipBudget.objects.filter(year=year):
        _save(
            PartnershipBudget(
                year=year,
                amount=Decimal(str(budget["amount"])),
                agreed_on=_date(budget["agreed_on"]),
                note=budget.get("note", ""),
            )
        )
    for row in data.get("funding", []):
        if not PartnerFunding.objects.filter(year=year, agency=agency(row["agency"])).exists():
            _save(
                PartnerFunding(
                    year=year,
                    agency=agency(row["agency"]),
                    amount=Decimal(str(row["amount"])),
                    note=data["label"],
                )
            )
    for row in data.get("impact", []):
        if not ImpactEvidence.objects.filter(year=year, title=row["title"]).exists():
            _save(
                ImpactEvidence(
                    year=year,
                    agency=agency(row["agency"]),
                    date=_date(row["date"]),
                    title=row["title"],
                    change=row["change"],
                    stage=row["stage"],
                    prompted_by=row["prompted_by"],
                )
            )


# --- 2026-27: dataset returns in flight ---------------------------------------------------


def _figures(indicators, quarter: int, commentary: str) -> dict:
    """Each indicator's seed 2021-22 figure scaled to the quarter (counts of a year to date
    grow by the quarter, in-quarter counts are a quarter of the year, stocks stay)."""
    from datasets.demo import FIGURES_CSV, read_figures
    from datasets.models import Indicator

    ethnicity_shares = demodata.read("datasets", "2021-22").get("ethnicity", {})

    seed = {row["code"]: row["value_2021_22"] for row in read_figures(FIGURES_CSV)}
    values = {}
    for indicator in indicators:
        raw = seed.get(indicator.code) or "0"
        value = Decimal(raw)
        if indicator.unit == Indicator.Unit.COUNT:
            if indicator.basis == Indicator.Basis.YEAR_TO_DATE:
                value = value * quarter / 4
            elif indicator.basis == Indicator.Basis.IN_QUARTER:
                value = value / 4
            value = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        entry = {"value": value, "commentary": commentary, "explanation": commentary}
        if indicator.ethnicity_breakdown and value > 0:
            entry["ethnicity"] = _ethnicity(ethnicity_shares.get(indicator.code, {}), int(value))
        values[indicator.code] = entry
    return values


def _ethnicity(shares: dict[str, int], total: int) -> dict[str, int]:
    """The seed's ethnicity shares scaled to `total` (the rest as not recorded)."""
    whole = sum(shares.values()) or 1
    scaled = {k: n * total // whole for k, n in shares.items() if k != "not_recorded"}
    scaled["not_recorded"] = total - sum(scaled.values())
    return scaled


def load_returns(data: dict, support: User) -> int:
    from datasets import services as returns
    from datasets.models import Population, Return
    from datasets.selectors import agencies_returning

    year = reporting_year_start(start_year=data["start_year"], by=support)
    population = data["population"]
    if not Population.objects.filter(year=year).exists():
        _save(Population(year=year, under_18=population["under_18"], source=population["source"]))
    lead = User.objects.get(username="agencylead")
    returning = {a.short_name: a for a in agencies_returning(year)}
    count = 0
    for quarter, by_agency in data["returns"].items():
        for short_name, target in by_agency.items():
            owner = returning.get(short_name)
            if owner is None:
                continue
            ret, created = Return.objects.get_or_create(agency=owner, year=year, quarter=quarter)
            count += 1
            if not created or target == "not_started":
                continue
            by = lead if lead.agencies.filter(pk=owner.pk).exists() else support
            values = _figures(
                returns.enterable_indicators(owner.pk, year), int(quarter), data["commentary"]
            )
            if target == "draft":
                returns.return_save_draft(ret=ret, by=by, values=values, opened_version=ret.version)
                continue
            returns.return_submit(ret=ret, by=by, values=values, opened_version=ret.version)
            if target == "accepted":
                returns.return_accept(ret=ret, by=support)
            elif target == "queried":
                returns.return_query(ret=ret, by=support, comment=data["query"])
    return count
