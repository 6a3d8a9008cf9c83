"""The demo annual report of the seed year (Croydon 2021-22): its narrative, the reflections
(Fiona Martin's received; three awaited), and the partnership records the report needs that no
other app owns. The content is data, in `cscp/demo_data/2021-22.yaml` (read with
`cscp.demodata.read`, decision 0015); this module only writes records from it. Every figure of
statistics, reviews, training and feedback comes from the apps' own demo records through their
contributions, not from text typed here.

Idempotent: records are looked up by natural keys and updated; the seed year's records the
file no longer has are removed (the file is that year's whole account).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from cscp import demodata
from cscp.demo import agency
from cscp.models import ReportingYear, Theme, User
from cscp.reporting import services
from cscp.reporting.models import (
    AgencyAssurance,
    AnnualReport,
    AssuranceStandard,
    Contribution,
    GlossaryTerm,
    ImpactEvidence,
    NarrativeBlock,
    NextYearPriority,
    PartnerFunding,
    ReportSection,
    ReportTransition,
    ScrutinyActivity,
)

D = dt.date
YEAR = "2021-22"


def data() -> dict:
    """The seed year's report content, as the data file has it."""
    return demodata.read("cscp", YEAR)


def _theme(name: str):
    return Theme.objects.filter(name__iexact=name).first() if name else None


def load(stdout=None) -> None:
    content = data()
    support = User.objects.get(username="support")
    year = ReportingYear.objects.get(start_year=int(YEAR[:4]))
    report, created = AnnualReport.objects.get_or_create(
        year=year, defaults={"title": content["report"]["title"]}
    )
    services.report_sections_ensure(report=report)
    _total_population(year, content.get("population") or {})
    sections = {s.key: s for s in ReportSection.objects.filter(report=report)}
    for key, blocks in content["narrative"].items():
        for position, item in enumerate(blocks, start=1):
            block = NarrativeBlock.objects.filter(section=sections[key], position=position).first()
            block = block or NarrativeBlock(section=sections[key], position=position)
            block.heading = item.get("heading", "")
            block.body = item["body"]
            block.signature = item.get("signature", "")
            block.save()

    for position, item in enumerate(content["reflections"], start=1):
        name, text = item["name"], item.get("text", "")
        contribution = Contribution.objects.filter(report=report, name=name).first()
        contribution = contribution or Contribution(report=report, name=name)
        contribution.role_title = item.get("role", "")
        contribution.position = position
        contribution.email = f"{name.lower().replace(' ', '.')}@cscp.example.org"
        contribution.requested_on = D(2022, 6, 1)
        contribution.due_on = D(2022, 7, 15)
        contribution.text = text
        contribution.received_on = D(2022, 7, 8) if text else None
        contribution.save()

    if report.status == AnnualReport.Status.DRAFT and not report.transitions.exists():
        report.status = AnnualReport.Status.CONTRIBUTIONS_REQUESTED
        report.save(update_fields=["status"])
        ReportTransition.objects.create(
            report=report,
            from_status=AnnualReport.Status.DRAFT,
            to_status=AnnualReport.Status.CONTRIBUTIONS_REQUESTED,
            by=support,
            note="Reflections requested from the executive members.",
        )

    impact = content.get("impact_evidence", [])
    # The file is the seed year's whole account: a record it no longer has is removed.
    ImpactEvidence.objects.filter(year=year).exclude(
        title__in=[i["title"] for i in impact]
    ).delete()
    for item in impact:
        ImpactEvidence.objects.update_or_create(
            year=year,
            title=item["title"],
            defaults={
                "agency": agency(item["agency"]) if item.get("agency") else None,
                "date": item["date"],
                "prompted_by": ImpactEvidence.Prompt(item["prompted_by"]),
                "prompted_by_label": item.get("prompted_by_label", ""),
                "theme": _theme(item.get("theme", "")),
                "change": item["change"],
                "people_reached": item.get("people_reached"),
                "people_reached_label": item.get("people_reached_label", ""),
            },
        )

    for item in content.get("scrutiny", []):
        ScrutinyActivity.objects.update_or_create(
            year=year,
            date=item["date"],
            with_whom=item["with_whom"],
            defaults={
                "kind": ScrutinyActivity.Kind(item.get("kind", "conversation")),
                "summary": item.get("summary", ""),
                "key_points": "\n".join(item.get("key_points", [])),
            },
        )

    assurances = content.get("assurance", [])
    kept = [
        AgencyAssurance.objects.filter(
            year=year, framework=item["framework"], agency=agency(item["agency"])
        ).first()
        for item in assurances
    ]
    AgencyAssurance.objects.filter(year=year).exclude(pk__in=[a.pk for a in kept if a]).delete()
    for item in assurances:
        assurance, _ = AgencyAssurance.objects.update_or_create(
            year=year,
            framework=AgencyAssurance.Framework(item["framework"]),
            agency=agency(item["agency"]),
            defaults={
                "date": item["date"],
                "challenge_notes": item.get("challenge", ""),
                "follow_up_actions": item.get("follow_up", ""),
            },
        )
        standards = item.get("standards", [])
        assurance.standards.exclude(standard__in=[s["standard"] for s in standards]).delete()
        for standard in standards:
            AssuranceStandard.objects.update_or_create(
                assurance=assurance,
                standard=standard["standard"],
                defaults={"rag": standard["rag"]},
            )

    funding = content.get("funding", [])
    PartnerFunding.objects.filter(year=year).exclude(
        agency__short_name__in=[f["agency"] for f in funding]
    ).delete()
    for item in funding:
        PartnerFunding.objects.update_or_create(
            year=year, agency=agency(item["agency"]), defaults={"amount": item["amount"]}
        )

    priorities = content.get("next_year_priorities", [])
    NextYearPriority.objects.filter(year=year).exclude(
        title__in=[p["title"] for p in priorities]
    ).delete()
    for position, item in enumerate(priorities, start=1):
        NextYearPriority.objects.update_or_create(
            year=year,
            title=item["title"],
            defaults={
                "position": position,
                "lead": item.get("lead", ""),
                "rationale": item["rationale"],
            },
        )

    for item in content.get("glossary", []):
        GlossaryTerm.objects.update_or_create(
            term=item["term"], defaults={"meaning": item["meaning"]}
        )

    _publish_as_the_real_report_was(report, support)

    if stdout is not None:
        stdout.write(f"Annual report {report.label}: {report.get_status_display()}.")


def _total_population(year, population: dict) -> None:
    """The area's whole population beside the datasets app's under-18 figure (its record), so
    the statistics say what share of the population children are."""
    if "all_ages" not in population or not apps.is_installed("datasets"):
        return
    record = apps.get_model("datasets", "Population").objects.filter(year=year).first()
    if record is not None and record.all_ages != population["all_ages"]:
        record.all_ages = population["all_ages"]
        record.full_clean()
        record.save()


NOT_RECEIVED_REASON = "Not received by the publication deadline; published without it"


def _publish_as_the_real_report_was(report, support) -> None:
    """The real 2021-22 report was published with three reflections "(awaits)": business
    support record each as not received (a recorded decision), then the report goes through
    its workflow to version 1, so the public page shows it from `make run` on."""
    S = AnnualReport.Status
    if report.snapshots.exists():
        return  # already published (the demo is idempotent)
    for contribution in Contribution.objects.filter(
        report=report, received_on__isnull=True, not_received_on__isnull=True
    ):
        services.contribution_record_not_received(
            contribution=contribution, by=support, reason=NOT_RECEIVED_REASON, on=D(2022, 9, 20)
        )
    executive = User.objects.get(username="executive")
    for to, by, note in [
        (S.IN_REVIEW, support, "All received or recorded as not received."),
        (S.APPROVED, executive, "Approved by the executive."),
        (
            S.PUBLISHED,
            support,
            "Published, as the real report was, with three reflections awaited.",
        ),
    ]:
        if report.status != to:
            services.report_transition(report=report, to_status=to, by=by, note=note)
            report.refresh_from_db()
