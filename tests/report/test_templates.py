"""Report templates as data: the two shipped templates, composing from the year's template
(the structure in 2 queries), the 2021-22 Working Together 2018 structure unchanged, and
business support adapting a template in the admin (rename, reorder, add a section)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cscp.reporting import structure
from cscp.reporting.compose import compose, render_report
from cscp.reporting.models import (
    AnnualReport,
    ReportSection,
    ReportTemplate,
    TemplatePart,
    TemplateSection,
    structure_of,
)
from cscp.reporting.services import report_create
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db


def _admin(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def test_the_two_templates_are_seeded_and_chosen_by_year(support_user):
    wt2018 = ReportTemplate.objects.get(name=structure.WT2018_NAME)
    wt2023 = ReportTemplate.objects.get(name=structure.WT2023_NAME)
    assert ReportTemplate.default_for(2021) == wt2018
    assert ReportTemplate.default_for(2023) == wt2018
    assert ReportTemplate.default_for(2024) == wt2023
    assert ReportTemplate.default_for(2026) == wt2023
    report = report_create(year=ReportingYearFactory(start_year=2021), by=support_user)
    assert report.template == wt2018
    # The WT2018 template as data is exactly the coded seed structure.
    parts, name = structure_of(wt2018.pk)
    assert name == structure.WT2018_NAME
    assert parts == structure.DEFAULT_STRUCTURE
    assert not wt2018.requirements.exists()
    assert wt2023.requirements.count() == len(structure.WT2023_CHECKLIST)
    # Seeded with their history, as any admin edit would be.
    assert wt2023.history.count() == 1
    assert wt2023.parts.first().sections.first().history.count() == 1


def test_the_structure_loads_in_two_queries():
    template = ReportTemplate.objects.get(name=structure.WT2023_NAME)
    with CaptureQueriesContext(connection) as queries:
        parts, _ = structure_of(template.pk)
    assert len(queries) <= 2
    assert [p["key"] for p in parts][:3] == ["foreword", "about", "what"]
    assert sum(len(p["sections"]) for p in parts) == len(structure.WT2023_SECTIONS)


def test_a_2021_22_report_renders_as_the_coded_structure_did(
    fake_apps_contributions, no_app_templates, support_user
):
    """The WT2018 template renders the report exactly as the coded structure: the same HTML
    whether the content carries the template's structure or none (the structure before
    templates were data)."""
    report = report_create(year=ReportingYearFactory(start_year=2021), by=support_user)
    content = compose(report)
    assert content["report"]["template"] == structure.WT2018_NAME
    coded = {k: v for k, v in content.items() if k != "structure"}
    assert render_report(content) == render_report(coded)
    assert render_report(content, public=True) == render_report(coded, public=True)


def _report_2025(support_user):
    return report_create(year=ReportingYearFactory(start_year=2025), by=support_user)


def _post(client, url, obj, **changes):
    data = {
        "part": obj.part_id,
        "position": obj.position,
        "key": obj.key,
        "title": obj.title,
        "shows": json.dumps(obj.shows),
        "records": obj.records,
        "opened_version": obj.version,
    }
    for flag in ("narrative_required", "heading", "narrative_after"):
        if getattr(obj, flag):
            data[flag] = "on"
    data.update(changes)
    return client.post(url, data)


def test_business_support_rename_reorder_and_add_a_section_in_the_admin(
    support_client, support_user, fake_apps_contributions, no_app_templates
):
    report = _report_2025(support_user)
    assert report.template.name == structure.WT2023_NAME
    budget = TemplateSection.objects.get(part__template=report.template, key="budget")
    scrutiny = TemplateSection.objects.get(part__template=report.template, key="scrutiny")
    # Rename.
    response = _post(
        support_client, _admin(TemplateSection, "change", budget.pk), budget,
        title="Money: the partners' shared pot",
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    # Reorder: the scrutiny part after the budget part.
    scrutiny_part, budget_part = scrutiny.part, budget.part
    for part, position in [(scrutiny_part, budget_part.position + 1)]:
        response = support_client.post(
            _admin(TemplatePart, "change", part.pk),
            {
                "template": part.template_id, "position": position, "key": part.key,
                "title": part.title, "subtitle": part.subtitle, "opened_version": part.version,
                "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0",
            },
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:3000]
    # Add a section that needs a narrative and shows the children's voice.
    response = support_client.post(
        _admin(TemplateSection, "add"),
        {
            "part": budget_part.pk, "position": 9, "key": "youth_panel",
            "title": "Our young people's panel", "shows": '["feedback.voice"]', "records": "",
            "narrative_required": "on", "heading": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]

    content = compose(AnnualReport.objects.get(pk=report.pk))
    html = render_report(content)
    assert (
        "Money: the partners’ shared pot" in html or "Money: the partners&#x27; shared pot" in html
    )
    assert html.index('id="budget"') < html.index('id="scrutiny"')
    assert "Our young people&#x27;s panel" in html
    assert "feedback voice" in html.split("Our young people&#x27;s panel")[1]
    # The new section exists on the report in progress and its narrative is asked for.
    assert ReportSection.objects.filter(report=report, key="youth_panel").exists()
    from cscp.reporting.services import report_checklist

    labels = [i["label"] for i in report_checklist(report) if not i["ok"]]
    assert "Section “Our young people's panel” has its narrative" in labels


def test_a_section_must_name_known_contributions_and_records():
    part = TemplatePart.objects.filter(template__name=structure.WT2023_NAME).first()
    section = TemplateSection(part=part, key="x", title="X", shows=["nowhere.nothing"])
    with pytest.raises(ValidationError) as refused:
        section.full_clean()
    assert "Not an app contribution: nowhere.nothing" in str(refused.value)
    section.shows, section.records = "training.training", "gossip"
    with pytest.raises(ValidationError) as refused:
        section.full_clean()
    assert set(refused.value.message_dict) == {"shows", "records"}
    section.shows, section.records, section.key = [], "", "budget"
    with pytest.raises(ValidationError) as refused:
        section.full_clean()
    assert "Another section of this template has this key." in str(refused.value)


def test_the_report_period_is_at_most_12_months_with_no_gap(support_user):
    first = report_create(year=ReportingYearFactory(start_year=2024), by=support_user)
    second = AnnualReport(year=ReportingYearFactory(start_year=2025))
    second.full_clean()  # 1 April 2025 to 31 March 2026: follows on, 12 months
    second.period_end = dt.date(2026, 4, 1)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert refused.value.message_dict["period_end"] == [
        "A report covers at most 12 months: end it sooner."
    ]
    second.period_start, second.period_end = dt.date(2025, 5, 1), dt.date(2026, 3, 31)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "ended on 31 March 2025: this one starts on 1 April 2025" in str(refused.value)
    first.period_end = dt.date(2025, 4, 30)  # 13 months: refused
    with pytest.raises(ValidationError):
        first.full_clean()
    first.period_start = dt.date(2024, 5, 1)  # May to April instead
    first.full_clean()
    first.save()
    second.full_clean()  # now follows on from 1 May
    second.period_end = dt.date(2025, 4, 30)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "The period must end after it starts." in str(refused.value)
