"""The statutory contents checklist of a report template, checked against live records.

A template lists its requirements (ChecklistRequirement: a rule named here, the requirement in
the guidance's words, and the section that reports it). Each rule reads the composed content
(the apps' contributions) and the partnership's own records, and says what is missing; a
requirement holds when nothing is, and its section's narrative is written. Until every
requirement of the report's template holds, the lead safeguarding partners cannot sign the
report off (cscp.partnership.services.report_sign_off) and it cannot be approved.

The rules for Working Together to Safeguard Children 2023 (the yearly report's contents):
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def _model(name: str):
    """A report model by name, from the app registry: the models module imports these rules
    (a template's checklist names them), so the rules do not import it back."""
    from django.apps import apps

    return apps.get_model("reporting", name)


@dataclass(frozen=True)
class Rule:
    label: str
    check: Callable[[object, dict], list[str]]
    # The admin model (app_label.model_name) where what is missing is put right.
    fix: str = ""


def _app(content: dict, app: str) -> dict:
    return (content.get("apps") or {}).get(app) or {}


def partners_activity(report, content) -> list[str]:
    AgencyAssurance = _model("AgencyAssurance")

    reviews = _app(content, "reviews")
    missing = []
    rapid = (reviews.get("rapid_reviews") or {}).get("count", 0)
    practice = reviews.get("practice_reviews") or {}
    if not (rapid or practice.get("completed") or practice.get("in_progress")):
        missing.append("No rapid or local child safeguarding practice review is recorded.")
    audits = (reviews.get("audits") or {}).get("done", 0)
    if not audits and not AgencyAssurance.objects.filter(year=report.year).exists():
        missing.append(
            "No multi-agency audit or agency assurance is recorded to show how effective "
            "the arrangements were."
        )
    return missing


def impact_outcomes(report, content) -> list[str]:
    ImpactEvidence = _model("ImpactEvidence")

    stages = set(ImpactEvidence.objects.filter(year=report.year).values_list("stage", flat=True))
    missing = [
        f"No impact evidence at the stage “{ImpactEvidence.Stage(stage).label}”."
        for stage in ImpactEvidence.REQUIRED_STAGES
        if stage not in stages
    ]
    if not _app(content, "training").get("evaluations"):
        missing.append("No training evaluation is recorded (the impact of training).")
    return missing


def priority_progress(report, content) -> list[str]:
    PriorityProgress = _model("PriorityProgress")

    rows = list(PriorityProgress.objects.filter(year=report.year))
    if not rows:
        return ["No priority is recorded for the year, so none has a progress status."]
    return [row.missing for row in rows if row.missing]


def review_recommendations(report, content) -> list[str]:
    RecommendationResponse = _model("RecommendationResponse")

    sources = set(
        RecommendationResponse.objects.filter(year=report.year).values_list("source", flat=True)
    )
    S = RecommendationResponse.Source
    missing = []
    if S.LOCAL not in sources:
        missing.append("No decision is recorded on a local practice review's recommendations.")
    if S.NATIONAL not in sources:
        missing.append("No decision is recorded on a national review's recommendations.")
    return missing


def children_families_voice(report, content) -> list[str]:
    feedback = _app(content, "feedback")
    missing = []
    sought = feedback.get("quotes") or feedback.get("surveys") or feedback.get("case_studies")
    if not sought:
        missing.append("No feedback from children or families is recorded for the year.")
    if not feedback.get("you_said_we_did"):
        missing.append("No “you said, we did” record shows how feedback was used.")
    return missing


def independent_scrutiny(report, content) -> list[str]:
    from cscp.partnership.models import ScrutinyReview

    review = ScrutinyReview.objects.filter(report=report).first()
    if review is None:
        return ["The independent scrutineer's review (who, and what they found) is not recorded."]
    if not review.partners_response.strip():
        return ["The partners' response to the scrutineer's findings is not recorded."]
    return []


def data_set(report, content) -> list[str]:
    datasets = _app(content, "datasets")
    if not datasets.get("has_records"):
        return ["No dataset return with figures is recorded for the year."]
    headlines = datasets.get("headlines") or []
    if not headlines:
        return ["No headline indicator of the agreed data set has a figure for the year."]
    without = [
        h.get("name", "")
        for h in headlines
        if h.get("london") is None and h.get("statistical_neighbours") is None
    ]
    return [f"No comparator for: {', '.join(without)}."] if without else []


def budget(report, content) -> list[str]:
    from cscp.models import Agency

    PartnerFunding = _model("PartnerFunding")
    PartnershipBudget = _model("PartnershipBudget")

    missing = []
    if not PartnershipBudget.objects.filter(year=report.year).exists():
        missing.append("The shared budget the partners agreed for the year is not recorded.")
    kinds = set(
        PartnerFunding.objects.filter(year=report.year).values_list("agency__kind", flat=True)
    )
    missing += [
        f"No contribution is recorded from the {PARTNER_NAMES[kind]}."
        for kind in Agency.STATUTORY_KINDS
        if kind not in kinds
    ]
    return missing


PARTNER_NAMES = {
    "local_authority": "local authority",
    "police": "police",
    "health": "integrated care board (health)",
}


def education_childcare(report, content) -> list[str]:
    from cscp.models import Agency

    if not Agency.objects.filter(designated_education_childcare=True, active=True).exists():
        return ["No agency is marked as a designated education or childcare agency."]
    return []


RULES: dict[str, Rule] = {
    "partners_activity": Rule(
        "What the partners did, including practice reviews, and how effective it was",
        partners_activity,
        "reviews.rapidreview",
    ),
    "impact_outcomes": Rule(
        "Impact from early help to looked-after children and care leavers, training included",
        impact_outcomes,
        "reporting.impactevidence",
    ),
    "priority_progress": Rule(
        "Every priority's progress status, with an analysis where amber or red",
        priority_progress,
        "reporting.priorityprogress",
    ),
    "review_recommendations": Rule(
        "Decisions and actions on local and national review recommendations",
        review_recommendations,
        "reporting.recommendationresponse",
    ),
    "children_families_voice": Rule(
        "How children's and families' feedback was sought and used",
        children_families_voice,
        "feedback.yousaidwedid",
    ),
    "independent_scrutiny": Rule(
        "Independent scrutiny: who, what they found, the partners' response",
        independent_scrutiny,
        "partnership.scrutinyreview",
    ),
    "data_set": Rule("The agreed data set with comparators", data_set, "datasets.comparator"),
    "budget": Rule(
        "The shared budget and each partner's contribution", budget, "reporting.partnerfunding"
    ),
    "education_childcare": Rule(
        "How education and childcare agencies were involved", education_childcare, "cscp.agency"
    ),
}

RULE_CHOICES = [(code, rule.label) for code, rule in RULES.items()]


def _fix_url(dotted: str) -> str:
    """The admin list of a model named app_label.model_name (wherever the model lives now)."""
    from django.apps import apps
    from django.urls import NoReverseMatch

    if not dotted:
        return ""
    app_label, model_name = dotted.split(".")
    candidates = [app_label, "cscp", "reporting"]
    for label in candidates:
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        meta = model._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:
            return ""
    return ""


def requirements_of(report) -> list:
    ChecklistRequirement = _model("ChecklistRequirement")

    if getattr(report, "template_id", None) is None:
        return []
    return list(
        ChecklistRequirement.objects.filter(template_id=report.template_id)
        .select_related("section")
        .order_by("position", "pk")
    )


def evaluate(report, content: dict) -> list[dict]:
    """One checklist item per requirement of the report's template: ok, or what is missing."""
    narrative = content.get("narrative", {})
    items = []
    for requirement in requirements_of(report):
        rule = RULES.get(requirement.rule)
        missing = rule.check(report, content) if rule else ["This check is not known."]
        section = requirement.section
        if section is not None and not narrative.get(section.key):
            missing.append(f"The section “{section.title}” has no narrative.")
        items.append(
            {
                "label": requirement.requirement,
                "ok": not missing,
                "missing": missing,
                "fix_url": _fix_url(rule.fix) if rule and missing else "",
                "statutory": True,
            }
        )
    return items


def failing(report, content: dict) -> list[dict]:
    return [i for i in evaluate(report, content) if not i["ok"]]
