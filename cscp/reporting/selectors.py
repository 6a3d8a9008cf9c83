"""Reads the report pages share. Every query here is a fixed number of queries whatever the
amount of data (select_related / prefetch_related), so the report page's count is constant."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from cscp.formatting import percentage
from cscp.models import Agency

from .models import (
    AgencyAssurance,
    AnnualReport,
    AssuranceStandard,
    Contribution,
    GlossaryTerm,
    ImpactEvidence,
    NarrativeBlock,
    NextYearPriority,
    PartnerFunding,
    PartnershipBudget,
    PriorityProgress,
    RecommendationResponse,
    ReportSection,
    ScrutinyActivity,
)
from .narrative import render_markdown

AWAITS = "(awaits)"

# ImpactEvidence prompts shown under "Impact of our briefing materials", and under "Impact from
# data examination"; community support shows the voluntary sector's evidence; the rest is
# "Impact of our activity".
BRIEFING_PROMPTS = {ImpactEvidence.Prompt.BRIEFING}
DATA_PROMPTS = {ImpactEvidence.Prompt.DATA_CHALLENGE}


def reports_for_list():
    return (
        AnnualReport.objects.select_related("year")
        .prefetch_related("snapshots")
        .order_by("-year__start_year")
    )


def narrative(report) -> dict[str, list[dict]]:
    blocks = NarrativeBlock.objects.filter(section__report=report).select_related("section")
    by_key: dict[str, list[dict]] = {}
    for block in blocks.order_by("section_id", "position", "pk"):
        by_key.setdefault(block.section.key, []).append(
            {
                "heading": block.heading,
                "html": render_markdown(block.body),
                "signature": block.signature,
            }
        )
    return by_key


def contributions(report, today=None) -> list[dict]:
    today = today or timezone.localdate()
    rows = []
    for c in Contribution.objects.filter(report=report).order_by("position", "pk"):
        status = c.status_on(today)
        rows.append(
            {
                "id": c.pk,
                "name": c.name,
                "role": c.role_title,
                "status": status,
                "due_on": c.due_on,
                "html": render_markdown(c.text) if status == Contribution.Status.RECEIVED else "",
                "awaits": AWAITS if status != Contribution.Status.RECEIVED else "",
                "decision": (
                    f"published without it by decision of business support on "
                    f"{c.not_received_on:%-d %B %Y} ({c.not_received_reason})"
                    if status == Contribution.Status.NOT_RECEIVED
                    else ""
                ),
            }
        )
    return rows


def _impact_row(e: ImpactEvidence) -> dict:
    return {
        "title": e.title,
        "agency": e.agency.name if e.agency else "",
        "date": e.date,
        "html": render_markdown(e.change),
        "prompted_by": e.get_prompted_by_display(),
        "prompted_by_label": e.prompted_by_label,
        "prompted_by_url": e.prompted_by_url,
        "theme": e.theme.name if e.theme else "",
        "people_reached": e.people_reached,
        "people_reached_label": e.people_reached_label,
    }


def impact(year) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {"briefing": [], "data": [], "community": [], "activity": []}
    evidence = ImpactEvidence.objects.filter(year=year).select_related("agency", "theme")
    for e in evidence:
        groups[impact_group(e)].append(_impact_row(e))
    return groups


def impact_group(evidence: ImpactEvidence) -> str:
    """Which section shows a piece of impact evidence."""
    if evidence.prompted_by in BRIEFING_PROMPTS:
        return "briefing"
    if evidence.prompted_by in DATA_PROMPTS:
        return "data"
    if evidence.agency is not None and evidence.agency.kind == Agency.Kind.VOLUNTARY:
        return "community"
    return "activity"


def scrutiny(year) -> list[dict]:
    return [
        {
            "date": s.date,
            "date_label": s.date.strftime("%B %Y"),
            "kind": s.get_kind_display(),
            "with_whom": s.with_whom,
            "html": render_markdown(s.summary),
            "key_points": s.key_point_list,
            "participants": s.participants,
        }
        for s in ScrutinyActivity.objects.filter(year=year)
    ]


def assurance(year) -> list[dict]:
    records = (
        AgencyAssurance.objects.filter(year=year)
        .select_related("agency")
        .prefetch_related(Prefetch("standards", queryset=AssuranceStandard.objects.order_by("pk")))
    )
    return [
        {
            "framework": a.get_framework_display(),
            "agency": a.agency.name,
            "date": a.date,
            "date_label": a.date.strftime("%B %Y"),
            "challenge_notes": a.challenge_notes,
            "follow_up_actions": a.follow_up_actions,
            "standards": [
                {
                    "standard": s.standard,
                    "rag": s.rag,
                    "rag_label": s.get_rag_display(),
                    "comment": s.comment,
                }
                for s in a.standards.all()
            ],  # fmt: skip
            "rag_counts": rag_counts([s.rag for s in a.standards.all()]),
        }
        for a in records
    ]


def rag_counts(rags: list[str]) -> dict[str, int]:
    return {rag: rags.count(rag) for rag in ("red", "amber", "green")}


STATUTORY_LABELS: dict[str, str] = {
    Agency.Kind.LOCAL_AUTHORITY: "Local authority",
    Agency.Kind.POLICE: "Police",
    Agency.Kind.HEALTH: "Health",
}


def funding(year) -> dict:
    rows = list(PartnerFunding.objects.filter(year=year).select_related("agency"))
    return funding_balance(
        [(STATUTORY_LABELS.get(r.agency.kind, r.agency.name), r.amount) for r in rows],
        year_label=year.label,
    )


# Shares further apart than this (percentage points) are stated as an imbalance.
IMBALANCE_POINTS = 10


def funding_balance(amounts: list[tuple[str, Decimal | float]], *, year_label: str) -> dict:
    """Each statutory partner's share of the year's funding and a plain-English statement of the
    balance, from the figures (never typed into narrative)."""
    totals: dict[str, Decimal] = {}
    for partner, amount in amounts:
        totals[partner] = totals.get(partner, Decimal(0)) + Decimal(str(amount))
    total = sum(totals.values(), Decimal(0))
    if not totals or not total:
        return {"rows": [], "total": 0, "statement": "", "imbalanced": False,
                "year_label": year_label}  # fmt: skip
    # Shares of the amounts as they are (pence included): a total under £1 has shares too.
    rows: list[dict[str, Any]] = [
        {"agency": partner, "amount": float(amount), "share": percentage(amount, total) or 0}
        for partner, amount in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    shares: list[int] = [r["share"] for r in rows]
    imbalanced = len(rows) > 1 and max(shares) - min(shares) > IMBALANCE_POINTS
    parts = [f"{r['agency'].lower()} £{r['amount']:,.0f} ({r['share']}%)" for r in rows]
    statement = f"In {year_label} the partners’ contributions totalled £{float(total):,.0f}: "
    statement += ", ".join(parts) + "."
    if imbalanced:
        top, bottom = rows[0], rows[-1]
        statement += (
            f" There is an imbalance in the level of funding: the {top['agency'].lower()} "
            f"contributes {top['share']}% and the {bottom['agency'].lower()} {bottom['share']}%."
        )
    elif len(rows) > 1:
        statement += " Funding is broadly balanced between the partners."
    return {"rows": rows, "total": float(total), "statement": statement,
            "imbalanced": imbalanced, "year_label": year_label}  # fmt: skip


def priorities(year) -> list[dict]:
    return [
        {"title": p.title, "html": render_markdown(p.rationale), "lead": p.lead}
        for p in NextYearPriority.objects.filter(year=year)
    ]


def glossary() -> list[dict]:
    return [{"term": g.term, "meaning": g.meaning} for g in GlossaryTerm.objects.all()]


def glossary_terms_used_only() -> bool:
    """The partnership's choice: print only the glossary terms the report's text uses (by
    default a published glossary prints all of its terms)."""
    from cscp.partnership.selectors import current_partnership

    return current_partnership().glossary_terms_used_only


def sections_present(report) -> list[str]:
    return list(ReportSection.objects.filter(report=report).values_list("key", flat=True))


def stage_impact(year) -> list[dict]:
    """Impact evidence by stage of help, in the order of children's journey."""
    order = {stage: i for i, stage in enumerate(ImpactEvidence.Stage.values)}
    evidence = ImpactEvidence.objects.filter(year=year).exclude(stage="")
    rows = sorted(evidence.select_related("agency", "theme"), key=lambda e: order[e.stage])
    return [{**_impact_row(e), "stage": e.get_stage_display()} for e in rows]


def priority_progress(year) -> list[dict]:
    return [
        {
            "priority": p.priority,
            "status": p.status,
            "status_label": p.get_status_display() if p.status else "Not assessed",
            "html": render_markdown(p.analysis),
        }
        for p in PriorityProgress.objects.filter(year=year)
    ]


def recommendation_responses(year) -> list[dict]:
    return [
        {
            "source": r.get_source_display(),
            "review": r.review,
            "recommendation": r.recommendation,
            "decision": r.decision,
            "actions": r.actions,
            "improvement": r.get_improvement_status_display(),
            "evidence": r.improvement_evidence,
        }
        for r in RecommendationResponse.objects.filter(year=year)
    ]


def education_agencies() -> list[dict]:
    return [
        {"name": a.name, "kind": a.get_kind_display()}
        for a in Agency.objects.filter(designated_education_childcare=True, active=True)
    ]


def scrutiny_review(report) -> dict | None:
    from cscp.partnership.models import ScrutinyReview

    review = ScrutinyReview.objects.filter(report=report).select_related("scrutineer").first()
    if review is None:
        return None
    return {
        "scrutineer": review.scrutineer.name,
        "role": review.scrutineer.role_title,
        "reviewed_on": review.reviewed_on,
        "reviewed_label": review.reviewed_on.strftime("%-d %B %Y"),
        "findings_html": render_markdown(review.findings),
        "response_html": render_markdown(review.partners_response),
    }


def budget(year) -> dict | None:
    record = PartnershipBudget.objects.filter(year=year).first()
    if record is None:
        return None
    return {
        "amount": float(record.amount),
        "agreed_on": record.agreed_on,
        "html": render_markdown(record.note),
    }


# Records shown only where the report's template has a section for them (structure.RECORDS).
EXTRA_RECORDS = {
    "stage_impact": lambda report: stage_impact(report.year),
    "priority_progress": lambda report: priority_progress(report.year),
    "recommendation_responses": lambda report: recommendation_responses(report.year),
    "education_agencies": lambda report: education_agencies(),
    "scrutiny_review": scrutiny_review,
}


def own_records(report, extra: AbstractSet[str] = frozenset()) -> dict:
    year = report.year
    impact_groups = impact(year)
    extras = {name: EXTRA_RECORDS[name](report) for name in sorted(extra) if name in EXTRA_RECORDS}
    if "funding" in extra or extras:  # a WT2023-style report shows the shared budget
        extras["budget"] = budget(year)
    return {
        **extras,
        "narrative": narrative(report),
        "contributions": contributions(report),
        "briefing_impact": impact_groups["briefing"],
        "data_impact": impact_groups["data"],
        "community_impact": impact_groups["community"],
        "activity_impact": impact_groups["activity"],
        "scrutiny": scrutiny(year),
        "assurance": assurance(year),
        "funding": funding(year),
        "priorities": priorities(year),
        "glossary": glossary(),
        "glossary_terms_used_only": glossary_terms_used_only(),
        "sections_present": sections_present(report),
    }
