"""Fenmoor, a fictional partnership (not the demo's) reporting on 2025-26 under the Working
Together 2023 template, with every record the statutory checklist asks for; tests break one
requirement at a time. Its apps' contributions are stand-ins (APPS) a test can change."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from cscp.models import (
    Agency,
    GovernanceMember,
    LocalAuthority,
    Partnership,
    ReportingYear,
    ScrutinyReview,
)
from cscp.reporting import services
from cscp.reporting.models import (
    AgencyAssurance,
    ImpactEvidence,
    NarrativeBlock,
    PartnerFunding,
    PartnershipBudget,
    PriorityProgress,
    RecommendationResponse,
    ReportSection,
)
from cscp.reporting.structure import WT2023_SECTIONS

COMPLETE = {
    "reviews": {
        "has_records": True,
        "checks": [],
        "rapid_reviews": {"count": 2},
        "practice_reviews": {"completed": 1, "in_progress": []},
        "audits": {"done": 1},
    },
    "priority_groups": {"has_records": True, "checks": []},
    "training": {"has_records": True, "checks": [], "evaluations": 41},
    "datasets": {
        "has_records": True,
        "checks": [],
        "headlines": [
            {"name": "Children in need rate", "london": 310.2, "statistical_neighbours": 330.1}
        ],
    },
    "feedback": {
        "has_records": True,
        "checks": [],
        "quotes": [{"text": "They listened to me."}],
        "surveys": [],
        "case_studies": [],
        "you_said_we_did": [{"you_said": "Meetings at school", "we_did": "Moved them"}],
    },
}
APPS: dict[str, dict] = {}


def reset_apps() -> None:
    APPS.clear()
    APPS.update(copy.deepcopy(COMPLETE))


def _contribution(app):
    def contribution(year):
        return {"year_label": year.label, **copy.deepcopy(APPS[app])}

    return contribution


reviews = _contribution("reviews")
priority_groups = _contribution("priority_groups")
training = _contribution("training")
datasets = _contribution("datasets")
feedback = _contribution("feedback")


def _save(record):
    record.full_clean()
    record.save()
    return record


def make_fenmoor(*, support) -> dict:
    """The partnership, its governance and a 2025-26 report meeting every requirement."""
    partnership = _save(
        Partnership(
            name="Fenmoor Safeguarding Children Partnership",
            short_name="FSCP",
            children_services_phone="01632 960500",
        )
    )
    LocalAuthority.objects.create(partnership=partnership, name="Fenmoor", new_la_code="E06000951")
    agencies = {
        kind: _save(Agency(name=f"Fenmoor {label}", short_name=label, kind=kind))
        for kind, label in [
            (Agency.Kind.LOCAL_AUTHORITY, "Fenmoor Council"),
            (Agency.Kind.POLICE, "Fenmoor Police"),
            (Agency.Kind.HEALTH, "Fenmoor ICB"),
        ]
    }
    school = _save(
        Agency(
            name="Fenmoor Schools Trust",
            short_name="Schools",
            kind=Agency.Kind.EDUCATION,
            relevant_agency=True,
            designated_education_childcare=True,
        )
    )
    since = dt.date(2024, 4, 1)
    K = Agency.Kind
    P = GovernanceMember.Post
    leads = [
        _save(GovernanceMember(post=post, name=name, role_title=title, agency=agencies[kind],
                               from_date=since))
        for post, name, title, kind in [
            (P.LSP_LOCAL_AUTHORITY, "Iris Vane", "Chief Executive", K.LOCAL_AUTHORITY),
            (P.LSP_POLICE, "Owen Pike", "Chief Constable", K.POLICE),
            (P.LSP_HEALTH, "Nadia Frost", "ICB Chief Executive", K.HEALTH),
        ]
    ]  # fmt: skip
    scrutineer = _save(
        GovernanceMember(
            post=P.SCRUTINEER, name="Carys Moor", role_title="Independent scrutineer",
            from_date=since,
        )
    )  # fmt: skip
    year, _ = ReportingYear.objects.get_or_create(start_year=2025)
    report = services.report_create(year=year, by=support)
    for section in WT2023_SECTIONS:
        if section["needs_narrative"]:
            _save(
                NarrativeBlock(
                    section=ReportSection.objects.get(report=report, key=section["key"]),
                    body=f"Fenmoor's account: {section['title']}.",
                )
            )
    for stage in ImpactEvidence.REQUIRED_STAGES:
        _save(
            ImpactEvidence(
                year=year, agency=agencies[K.LOCAL_AUTHORITY], date=dt.date(2025, 10, 1),
                title=f"Impact at {stage}", change="What changed.", stage=stage,
                prompted_by=ImpactEvidence.Prompt.TRAINING,
            )
        )  # fmt: skip
    _save(PriorityProgress(year=year, position=1, priority="Neglect", status="green"))
    _save(
        PriorityProgress(
            year=year, position=2, priority="Exploitation", status="red",
            analysis="The panel started late.",
        )
    )  # fmt: skip
    for source, review in [("local", "Child F"), ("national", "Panel review of infant harm")]:
        _save(
            RecommendationResponse(
                year=year, source=source, review=review, recommendation="Do better.",
                decision="Adopted.", improvement_status="underway",
            )
        )  # fmt: skip
    _save(PartnershipBudget(year=year, amount=Decimal(300000), agreed_on=dt.date(2025, 3, 1)))
    for kind, amount in [(K.LOCAL_AUTHORITY, 150000), (K.POLICE, 75000), (K.HEALTH, 75000)]:
        _save(PartnerFunding(year=year, agency=agencies[kind], amount=Decimal(amount)))
    _save(
        AgencyAssurance(
            year=year, agency=agencies[K.POLICE], framework="section_11", date=dt.date(2025, 9, 1)
        )
    )
    _save(
        ScrutinyReview(
            report=report, scrutineer=scrutineer, reviewed_on=dt.date(2026, 5, 1),
            findings="A clear account.", partners_response="We accept the findings.",
        )
    )  # fmt: skip
    return {"report": report, "year": year, "leads": leads, "school": school,
            "agencies": agencies, "scrutineer": scrutineer}  # fmt: skip
