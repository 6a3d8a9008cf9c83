"""First-run set-up: what a new partnership still has to enter before its first returns, step by
step, each saying what is missing and linking to where it is entered. Read-only: the records are
kept where they always are (the admin), so the set-up page never becomes a second way in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from cscp.models import Agency, ReportingYear, User
from cscp.roles import Role

from .selectors import current_partnership, lead_partners_on


@dataclass
class Step:
    key: str
    title: str
    missing: list[str] = field(default_factory=list)
    # Worth checking, but not a gap: the step is done without them.
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.missing


def _this_start_year() -> int:
    return ReportingYear.start_year_for(timezone.localdate())


def _admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def _identity() -> Step:
    partnership = current_partnership()
    step = Step("identity", "The partnership's name, area and public numbers")
    if not partnership.is_set_up:
        step.missing.append("The partnership's name and numbers have not been entered.")
        step.links.append(("Enter the partnership", _admin("cscp_partnership_add")))
        return step
    if not partnership.local_authorities.exists():
        step.missing.append("No local authority (with its code) is recorded as covered.")
    if not partnership.children_services_phone:
        step.missing.append("No children's services number for the public.")
    step.links.append(("Edit the partnership", _admin("cscp_partnership_change", partnership.pk)))
    return step


def _agencies() -> Step:
    step = Step("agencies", "Agencies: the safeguarding partners and relevant agencies")
    kinds = set(Agency.objects.filter(active=True).values_list("kind", flat=True))
    for kind in Agency.STATUTORY_KINDS:
        if kind not in kinds:
            step.missing.append(f"No agency of kind “{Agency.Kind(kind).label}”.")
    step.links.append(("Add an agency", _admin("cscp_agency_add")))
    step.links.append(("All agencies", _admin("cscp_agency_changelist")))
    return step


def _partners() -> Step:
    step = Step("partners", "Lead and delegated safeguarding partners")
    for row in lead_partners_on():
        if row["lead"] is None:
            step.missing.append(f"Nobody recorded as {row['post'].label.lower()}.")
        if row["delegate"] is None:
            step.missing.append(f"Nobody recorded as {row['delegate_post'].label.lower()}.")
    step.links.append(("Record a post holder", _admin("cscp_governancemember_add")))
    return step


def _indicator_model(name: str):
    return apps.get_model("datasets", name)


def _indicators() -> Step:
    Indicator = _indicator_model("Indicator")
    step = Step("indicators", "Indicator sets: the figures each agency returns")
    owners = set(Indicator.objects.filter(active=True).values_list("owner_id", flat=True))
    if not owners:
        step.missing.append("No indicators yet: agencies have nothing to return.")
    else:
        # Agencies have something to return: the step is done. A safeguarding partner none of
        # whose agencies returns figures is worth a look but is no gap: the arrangements decide
        # what each partner returns (a partnership's health figures may be reported through
        # another agency, or its health partners contribute in words, as in the demo's seed).
        covered = set(Agency.objects.filter(pk__in=owners).values_list("kind", flat=True))
        for kind in Agency.STATUTORY_KINDS:
            if kind not in covered:
                label = Agency.Kind(kind).label
                step.notes.append(f"No agency of kind “{label}” returns figures.")
    step.links.append(("Add an indicator", _admin("datasets_indicator_add")))
    step.links.append(("All indicators", _admin("datasets_indicator_changelist")))
    return step


def _agency_leads() -> Step:
    Indicator = _indicator_model("Indicator")
    step = Step("leads", "Agency leads: who makes each agency's returns")
    owners = Agency.objects.filter(indicators__active=True, active=True).distinct()
    led = set(
        User.objects.filter(is_active=True, groups__name=Role.AGENCY_LEAD.label)
        .exclude(email="")
        .values_list("agencies", flat=True)
    )
    for agency in owners:
        if agency.pk not in led:
            step.missing.append(f"{agency.name} has no agency lead (with an e-mail address).")
    if not Indicator.objects.filter(active=True).exists():
        step.missing.append("Add indicators first: agency leads are for agencies with returns.")
    step.links.append(("Add a person", _admin("cscp_user_add")))
    step.links.append(("All people", _admin("cscp_user_changelist")))
    return step


def _first_year(year: ReportingYear | None) -> Step:
    step = Step("year", "The first reporting year")
    if year is None:
        label = ReportingYear(start_year=_this_start_year()).label
        step.missing.append(f"The reporting year {label} has not been started.")
    step.links.append(("Reporting years", _admin("cscp_reportingyear_changelist")))
    return step


def _population(year: ReportingYear | None) -> Step:
    Population = _indicator_model("Population")
    step = Step("population", "Population: children under 18 (ONS mid-year estimate)")
    if year is None or not Population.objects.filter(year=year).exists():
        label = year.label if year else "the first year"
        step.missing.append(f"No under-18 population for {label}: rates cannot be worked out.")
    step.links.append(("Enter the population", _admin("datasets_population_add")))
    return step


def _comparators() -> Step:
    Indicator = _indicator_model("Indicator")
    Comparator = _indicator_model("Comparator")
    step = Step("comparators", "Comparators for the headline indicators")
    headline = Indicator.objects.filter(active=True, headline=True)
    if not headline.exists():
        step.missing.append("No indicator is marked as a headline (shown with comparators).")
    with_comparators = set(Comparator.objects.values_list("indicator_id", flat=True))
    for indicator in headline.exclude(pk__in=with_comparators):
        step.missing.append(f"{indicator.code} has no comparators (England, region, neighbours).")
    step.links.append(("Add comparators", _admin("datasets_comparator_add")))
    return step


def setup_steps() -> list[Step]:
    year = ReportingYear.objects.filter(start_year=_this_start_year()).first()
    return [
        _identity(),
        _agencies(),
        _partners(),
        _indicators(),
        _agency_leads(),
        _first_year(year),
        _population(year),
        _comparators(),
    ]
