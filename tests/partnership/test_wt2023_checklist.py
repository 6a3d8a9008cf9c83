"""A 2025-26 yearly report under the Working Together 2023 template (Fenmoor, a fictional
partnership): its statutory contents checklist, checked against live records, blocks the lead
partners' sign-off until each requirement holds; each item says what is missing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cscp.models import ScrutinyReview
from cscp.partnership import services as partnership
from cscp.reporting import services
from cscp.reporting.models import (
    ImpactEvidence,
    NarrativeBlock,
    PartnerFunding,
    PriorityProgress,
    RecommendationResponse,
)
from cscp.reporting.structure import WT2023_CHECKLIST, WT2023_NAME
from tests.partnership import fenmoor

pytestmark = pytest.mark.django_db


@pytest.fixture
def fen(settings, support_user):
    fenmoor.reset_apps()
    settings.REPORT_CONTRIBUTIONS = {
        app: f"tests.partnership.fenmoor.{app}" for app in fenmoor.COMPLETE
    }
    return fenmoor.make_fenmoor(support=support_user)


def _sign(fen, support_user, lead=0):
    return partnership.report_sign_off(
        report=fen["report"], member=fen["leads"][lead], signed_on=dt.date(2026, 6, 1),
        by=support_user,
    )  # fmt: skip


def test_a_2025_26_report_takes_the_wt2023_template_with_its_checklist(fen):
    report = fen["report"]
    assert report.template.name == WT2023_NAME
    rules = list(report.template.requirements.values_list("rule", flat=True))
    assert rules == [rule for rule, _label, _section in WT2023_CHECKLIST]
    assert services.statutory_failing(report) == []


def _break_activity(fen):
    fenmoor.APPS["reviews"].update(rapid_reviews={"count": 0}, practice_reviews={})


def _break_effectiveness_narrative(fen):
    NarrativeBlock.objects.filter(
        section__report=fen["report"], section__key="effectiveness"
    ).delete()


def _break_impact(fen):
    ImpactEvidence.objects.filter(stage=ImpactEvidence.Stage.CARE_LEAVER).delete()


def _break_training_impact(fen):
    fenmoor.APPS["training"]["evaluations"] = 0


def _break_priority(fen):
    PriorityProgress.objects.filter(priority="Exploitation").update(analysis="")


def _break_unassessed_priority(fen):
    PriorityProgress.objects.filter(priority="Neglect").update(status="")


def _break_national(fen):
    RecommendationResponse.objects.filter(source="national").delete()


def _break_voice_used(fen):
    fenmoor.APPS["feedback"]["you_said_we_did"] = []


def _break_voice_sought(fen):
    fenmoor.APPS["feedback"]["quotes"] = []


def _break_scrutiny(fen):
    ScrutinyReview.objects.filter(report=fen["report"]).update(partners_response="")


def _break_data_set(fen):
    fenmoor.APPS["datasets"]["headlines"] = [
        {"name": "Children in need rate", "london": None, "statistical_neighbours": None}
    ]


def _break_budget(fen):
    PartnerFunding.objects.filter(agency__kind="health").delete()


def _break_education(fen):
    fen["school"].__class__.objects.filter(pk=fen["school"].pk).update(
        designated_education_childcare=False
    )


BREAKS = [
    ("partners_activity", _break_activity, "No rapid or local child safeguarding practice review"),
    ("partners_activity", _break_effectiveness_narrative,
     "“How effective the arrangements have been” has no narrative"),
    ("impact_outcomes", _break_impact, "No impact evidence at the stage “Care leavers”"),
    ("impact_outcomes", _break_training_impact, "No training evaluation"),
    ("priority_progress", _break_priority, "“Exploitation” is red: write the analysis"),
    ("priority_progress", _break_unassessed_priority, "“Neglect” has no progress status"),
    ("review_recommendations", _break_national, "national review's recommendations"),
    ("children_families_voice", _break_voice_used, "No “you said, we did” record"),
    ("children_families_voice", _break_voice_sought, None),
    ("independent_scrutiny", _break_scrutiny, "partners' response to the scrutineer's findings"),
    ("data_set", _break_data_set, "No comparator for: Children in need rate"),
    ("budget", _break_budget, "No contribution is recorded from the integrated care board"),
    ("education_childcare", _break_education, "designated education or childcare agency"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "breaks", "says"), BREAKS, ids=[b.__name__ for _r, b, _s in BREAKS]
)
def test_each_requirement_blocks_sign_off_until_it_holds(fen, support_user, rule, breaks, says):
    report = fen["report"]
    snapshot = fenmoor.APPS and {k: dict(v) for k, v in fenmoor.APPS.items()}
    breaks(fen)
    failing = services.statutory_failing(report)
    requirement = report.template.requirements.get(rule=rule).requirement
    assert [f["label"].split(":")[0] for f in failing] == [requirement.split(":")[0]]
    if says:
        assert says in failing[0]["label"]
    assert failing[0]["fix_url"].startswith("/admin/")
    with pytest.raises(ValidationError) as refused:
        _sign(fen, support_user)
    assert requirement in " ".join(refused.value.messages)
    assert not report.sign_offs.exists()
    # Put right, the same sign-off goes through.
    fenmoor.APPS.clear()
    fenmoor.APPS.update(snapshot)
    fen_restore(fen)
    assert services.statutory_failing(report) == []
    _sign(fen, support_user)
    assert report.sign_offs.count() == 1


def fen_restore(fen):
    """Records the breaks removed or blanked, back as make_fenmoor wrote them."""
    report, year = fen["report"], fen["year"]
    K = fen["agencies"]
    from decimal import Decimal

    from cscp.models import Agency
    from cscp.reporting.models import ReportSection

    if not NarrativeBlock.objects.filter(section__report=report, section__key="effectiveness"):
        NarrativeBlock.objects.create(
            section=ReportSection.objects.get(report=report, key="effectiveness"), body="Back."
        )
    if not ImpactEvidence.objects.filter(stage=ImpactEvidence.Stage.CARE_LEAVER).exists():
        ImpactEvidence.objects.create(
            year=year, date=dt.date(2025, 10, 1), title="Care leavers' housing", change="Better.",
            stage=ImpactEvidence.Stage.CARE_LEAVER, prompted_by=ImpactEvidence.Prompt.OTHER,
        )  # fmt: skip
    PriorityProgress.objects.filter(priority="Exploitation").update(analysis="Started late.")
    PriorityProgress.objects.filter(priority="Neglect").update(status="green")
    if not RecommendationResponse.objects.filter(source="national").exists():
        RecommendationResponse.objects.create(
            year=year, source="national", review="Panel review", recommendation="R.",
            decision="Adopted.", improvement_status="planned",
        )  # fmt: skip
    ScrutinyReview.objects.filter(report=report).update(partners_response="Accepted.")
    if not PartnerFunding.objects.filter(agency__kind="health").exists():
        PartnerFunding.objects.create(
            year=year, agency=K[Agency.Kind.HEALTH], amount=Decimal(75000)
        )
    Agency.objects.filter(pk=fen["school"].pk).update(designated_education_childcare=True)


def test_the_checklist_shows_in_the_admin_with_what_is_missing(fen, client, support_user):
    from django.urls import reverse

    _break_budget(fen)
    client.force_login(support_user)
    report = fen["report"]
    url = reverse(f"admin:{report._meta.app_label}_annualreport_change", args=[report.pk])
    page = client.get(url).content.decode()
    assert "The shared budget and each partner" in page
    assert "No contribution is recorded from the integrated care board (health)." in page


@pytest.fixture
def stand_in_app_templates(settings, tmp_path):
    """The apps' report templates replaced by stand-ins (Fenmoor's contributions are too)."""
    from cscp.reporting.structure import APP_TEMPLATES

    for _app, name in APP_TEMPLATES.values():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<p class='govuk-body'>{name}</p>")
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def test_all_three_sign_off_then_publication_records_the_sending_due(
    fen, support_user, executive_user, settings, stand_in_app_templates
):
    report = fen["report"]
    for lead in range(3):
        _sign(fen, support_user, lead)
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    services.report_approve(report=report, by=executive_user)
    services.report_publish(report=report, by=support_user)
    dispatches = list(report.dispatches.order_by("recipient"))
    published = report.snapshots.get().published_at.date()
    assert [(d.recipient, d.due_on) for d in dispatches] == [
        ("foundations", published + dt.timedelta(days=settings.REPORT_DISPATCH_DAYS)),
        ("panel", published + dt.timedelta(days=settings.REPORT_DISPATCH_DAYS)),
    ]
    from cscp.home import panels

    texts = [i["text"] for p in panels(support_user) for i in p.items]
    assert any("Child Safeguarding Practice Review Panel" in t for t in texts)
    assert any("Foundations (the What Works centre)" in t for t in texts)
    for d in dispatches:
        services.report_dispatch_record_sent(
            dispatch=d, sent_on=published, how="by e-mail", by=support_user
        )
    texts = [i["text"] for p in panels(support_user) for i in p.items]
    assert not any("Send the published" in t for t in texts)
    assert not [p for p in panels(executive_user) if p.title == "Send the published report"]


def test_the_records_services_are_for_business_support_and_validate(
    fen, support_user, executive_user
):
    from decimal import Decimal

    from django.core.exceptions import PermissionDenied

    year = fen["year"]
    with pytest.raises(PermissionDenied):
        services.priority_progress_record(
            year=year, priority="Neglect", status="green", by=executive_user
        )
    with pytest.raises(ValidationError):
        services.recommendation_response_record(
            year=year, by=support_user, source="national", review="R", recommendation="x",
            decision="y", improvement_status="embedded",  # improvement seen needs its evidence
        )  # fmt: skip
    row = services.priority_progress_record(
        year=year, priority="Neglect", status="amber", analysis="", by=support_user
    )
    assert row.missing == "“Neglect” is amber: write the analysis of why."
    assert "“Neglect” is amber" in " ".join(
        f["label"] for f in services.statutory_failing(fen["report"])
    )
    budget = services.budget_record(
        year=year, amount=Decimal(320000), agreed_on=dt.date(2025, 3, 2), by=support_user
    )
    assert budget.amount == 320000 and budget.history.count() == 2
