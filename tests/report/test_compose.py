"""Composition: the fixed structure, the apps' contributions (missing ones honestly absent),
sanitised narrative, the glossary filter and the funding balance."""

import pytest
from django.template import engines

from cscp.formatting import approximate_share
from cscp.reporting import compose, narrative, selectors, structure
from cscp.reporting.compose import (
    NO_RECORDS,
    content_hash,
    glossary_in,
    load_contribution,
    render_app_template,
    render_report,
    term_occurs,
)
from cscp.reporting.narrative import render_markdown
from tests.factories import ReportingYearFactory
from tests.partnership.partnerships import make_wessex
from tests.report.factories import (
    SECTIONS,
    AnnualReportFactory,
    ContributionFactory,
    GlossaryTermFactory,
    NarrativeBlockFactory,
    section,
)


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**Bold** and [a link](https://croydonlcsb.org.uk/)\n\n"
        '<script>alert(1)</script><p style="color:red" onclick="x()">styled</p>'
        "\n\n[bad](javascript:alert(1))"
    )
    assert "<strong>Bold</strong>" in html
    assert 'href="https://croydonlcsb.org.uk/"' in html
    assert "<script" not in html
    assert "style=" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert 'class="govuk-body"' in html


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("CP", "children on a CP plan", True),
        ("CP", "the CPFC foundation", False),
        ("CP", "a CPP rate", False),
        ("CAMHS", "CAMHS: time to talk", True),
        ("CAMHS", "camhs lower case", False),
        ("BME Forum", "The BME Forum worked", True),
        ("S & L/ SALT", "no such", False),
        ("GCP2", "the GCP2 tool", True),
        ("DA/DASV", "DA/DASV strategy", True),
    ],
)
def test_glossary_terms_match_whole_words(term, text, found):
    assert term_occurs(term, text) is found


def test_glossary_in_keeps_only_terms_that_occur():
    terms = [{"term": "CP", "meaning": "Child Protection"}, {"term": "YOS", "meaning": "Youth"}]
    assert glossary_in("A CP plan", terms) == [terms[0]]


@pytest.mark.django_db
@pytest.mark.parametrize("used_only", [False, True])
def test_report_glossary_prints_every_term_unless_the_partnership_chooses_used_only(
    year, fake_apps_contributions, no_app_templates, used_only
):
    partnership = make_wessex()
    partnership.glossary_terms_used_only = used_only
    partnership.save()
    report = AnnualReportFactory(year=year)
    NarrativeBlockFactory(section=section(report, "foreword"), body="The CAMHS service.")
    GlossaryTermFactory(term="CAMHS", meaning="Child & Adolescent Mental Health Service")
    GlossaryTermFactory(term="LADO", meaning="Local Authority Designated Officer")
    content = compose.compose(report)
    assert content["glossary_terms_used_only"] is used_only
    html = render_report(content)
    glossary = html[html.index('id="glossary"') :]
    assert "Child &amp; Adolescent Mental Health Service" in glossary
    # A term the text never uses is printed by default, and left out when the partnership
    # chose to print only the terms used.
    assert ("Local Authority Designated Officer" in glossary) is not used_only


@pytest.mark.django_db
def test_without_a_partnership_record_the_glossary_prints_every_term(
    year, fake_apps_contributions, no_app_templates
):
    report = AnnualReportFactory(year=year)
    GlossaryTermFactory(term="LADO", meaning="Local Authority Designated Officer")
    html = render_report(compose.compose(report))
    assert "Local Authority Designated Officer" in html[html.index('id="glossary"') :]


def test_missing_app_report_module_gives_none():
    assert load_contribution("x", "cscp.no_such_report_module.contribution", None) is None


def test_an_app_bug_is_not_hidden():
    with pytest.raises(ModuleNotFoundError):
        # the module exists but imports something missing: that is a bug, not "no records"
        load_contribution("x", "tests.report.broken_report.contribution", None)


@pytest.mark.django_db
def test_sections_without_records_say_so_honestly(year, settings):
    settings.REPORT_CONTRIBUTIONS = {
        "reviews": "reviews.no_report_yet.contribution",
        "datasets": "tests.report.fake_apps.datasets",
    }
    from tests.report import fake_apps

    fake_apps.reset()
    fake_apps.STATE["datasets"]["has_records"] = False
    report = AnnualReportFactory(year=year)
    content = compose.compose(report)
    assert content["apps"]["reviews"] is None
    html = render_report(content)
    assert html.count(NO_RECORDS) >= 5
    for s in SECTIONS:
        if s.part != "glossary":
            assert f'id="section-{s.key}"' in html


@pytest.mark.django_db
def test_outstanding_contribution_shows_awaits(year, fake_apps_contributions, no_app_templates):
    report = AnnualReportFactory(year=year)
    ContributionFactory(report=report, name="Elaine Clancy")
    ContributionFactory(
        report=report, name="Fiona Martin", text="Reflection text.", received_on="2022-07-01"
    )
    html = render_report(compose.compose(report))
    assert "Elaine Clancy" in html
    assert "(awaits)" in html
    assert html.count("(awaits)") == 1
    assert "Reflection text." in html


def test_funding_balance_states_an_imbalance_from_figures():
    result = selectors.funding_balance(
        [("Local authority", 185000), ("Health", 62000), ("Police", 38000)], year_label="2021-22"
    )
    assert [r["share"] for r in result["rows"]] == [65, 22, 13]
    assert result["imbalanced"] is True
    assert "imbalance in the level of funding" in result["statement"]
    assert "£185,000" in result["statement"]


def test_balanced_funding_is_not_called_an_imbalance():
    result = selectors.funding_balance(
        [("Local authority", 100), ("Health", 95), ("Police", 100)], year_label="2021-22"
    )
    assert result["imbalanced"] is False
    assert "broadly balanced" in result["statement"]


def test_no_funding_no_statement():
    assert selectors.funding_balance([], year_label="2021-22")["statement"] == ""


def test_every_part_of_the_seed_structure_in_order():
    assert [p["title"] for p in structure.PARTS] == [
        "Foreword from the CSCP Executive",
        "Message from the Independent Scrutineer",
        "Introduction",
        "Safeguarding statistics",
        "Part 1: The What?",
        "Part 2: The So What?",
        "Part 3: The Why Not?",
        "Part 4: The What Next?",
        "Part 5: What children & families say",
        "Glossary",
    ]


def test_app_template_names_are_the_agreed_ones():
    names = {name for s in SECTIONS for _app, name in s.app_templates}
    assert names == {
        "datasets/report/statistics.html",
        "datasets/report/data_examination.html",
        "reviews/report/practice_reviews.html",
        "reviews/report/inspections.html",
        "reviews/report/audits.html",
        "reviews/report/learning.html",
        "priority_groups/report/groups.html",
        "training/report/training.html",
        "training/report/new_courses.html",
        "feedback/report/voice.html",
        "feedback/report/surveys.html",
    }
    assert engines  # the template engine is configured


def test_markdown_gets_govuk_classes_from_the_sanitiser():
    """nh3 sets the classes (set_tag_attribute_values): every kept tag of CLASS_FOR carries
    exactly its GOV.UK class, a class written in the text is not kept, other tags get none."""
    html = render_markdown(
        "Para with [a link](https://example.org/)\n\n"
        "- one\n- two\n\n1. first\n\n### Three\n\n#### Four\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '<p class="evil">raw</p>'
    )
    assert html == (
        '<p class="govuk-body">Para with <a href="https://example.org/" class="govuk-link" '
        'rel="noopener noreferrer">a link</a></p>\n'
        '<ul class="govuk-list govuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>\n'
        '<ol class="govuk-list govuk-list--number">\n<li>first</li>\n</ol>\n'
        '<h3 class="govuk-heading-s">Three</h3>\n<h4 class="govuk-heading-s">Four</h4>\n'
        '<blockquote class="govuk-inset-text">\n<p class="govuk-body">quoted</p>\n</blockquote>\n'
        '<table class="govuk-table">\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n'
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
        '<p class="govuk-body">raw</p>'
    )
    assert set(narrative.CLASS_FOR) == {"p", "ul", "ol", "a", "h3", "h4", "table", "blockquote"}


def test_funding_shares_come_from_the_amounts_pence_included():
    """Found by the type checker: shares were taken of whole pounds, so a total under £1 had
    no shares and comparing them raised TypeError."""
    from decimal import Decimal

    result = selectors.funding_balance(
        [("Police", Decimal("0.20")), ("Health", Decimal("0.30"))], year_label="2021-22"
    )
    assert [(r["agency"], r["share"]) for r in result["rows"]] == [("Health", 60), ("Police", 40)]
    assert result["imbalanced"] is True


@pytest.mark.parametrize(
    ("part", "whole", "said"),
    [
        (95309, 390800, "almost 25%"),  # the seed: "almost 25% of the Croydon Population"
        (25, 100, "25%"),
        (21, 100, "over 20%"),
        (3, 100, "almost 5%"),
        (1, 100, "under 5%"),
        (None, 100, ""),
        (25, None, ""),
    ],
)
def test_a_share_is_said_as_a_report_says_it(part, whole, said):
    assert approximate_share(part, whole) == said


@pytest.mark.django_db
def test_the_total_population_is_never_smaller_than_the_children(year):
    from django.core.exceptions import ValidationError

    from datasets.models import Population

    with pytest.raises(ValidationError):
        Population(year=year, under_18=100, all_ages=99).full_clean()
    Population(year=year, under_18=100, all_ages=100).full_clean()


@pytest.fixture
def one_app_template(settings, tmp_path):
    (tmp_path / "demoapp").mkdir()
    (tmp_path / "demoapp" / "figures.html").write_text(
        "{{ data.count }}|{{ year_label }}|{{ public }}"
    )
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.REPORT_CONTRIBUTIONS = {"feedback": "tests.report.fake_public_app.contribution"}
    return "demoapp/figures.html"


def test_an_app_template_gets_its_data_and_year_and_the_public_its_public_figures(
    one_app_template,
):
    data = {"has_records": True, "count": 3}

    def rendered(public, data=data, template=one_app_template):
        return render_app_template(
            "feedback", template, data, public=public, year_label="2031-32", title="Voice"
        )

    assert rendered(public=False) == "3|2031-32|False"
    # The app's own public() hook suppresses its figures for the public page, PDF and Word
    assert rendered(public=True) == "c|2031-32|True"
    assert data["count"] == 3  # on a copy: the composed content is not changed
    for no_records in (
        rendered(public=False, data={"has_records": False, "count": 3}),
        rendered(public=False, data={"count": 3}),
        rendered(public=False, data=None),
        rendered(public=False, template="demoapp/no_such_template.html"),
    ):
        assert "No records for this year" in no_records
        assert "Feedback" in no_records  # the source named by its label
        assert "3|2031-32" not in no_records


def test_an_app_without_a_public_hook_shows_its_figures_as_they_are(one_app_template, settings):
    settings.REPORT_CONTRIBUTIONS = {"feedback": "tests.report.fake_apps.feedback"}
    html = render_app_template(
        "feedback",
        one_app_template,
        {"has_records": True, "count": 3},
        public=True,
        year_label="2031-32",
        title="Voice",
    )
    assert html == "3|2031-32|True"


def test_content_hash_is_of_a_canonical_form_whatever_the_key_order():
    """A published snapshot's hash is recomputed from content read back from the database,
    whose JSON keeps no key order (PostgreSQL's jsonb sorts them): the canonical form is
    sorted keys, no spaces, UTF-8 — pinned, so published reports' hashes stay checkable."""
    import hashlib

    content = {"b": [1, {"y": "é", "x": None}], "a": "Café"}
    reordered = {"a": "Café", "b": [1, {"x": None, "y": "é"}]}
    expected = hashlib.sha256('{"a":"Café","b":[1,{"x":null,"y":"é"}]}'.encode()).hexdigest()
    assert content_hash(content) == content_hash(reordered) == expected


def test_content_that_json_cannot_hold_is_refused_by_name():
    import datetime as dt
    from decimal import Decimal

    assert compose.normalise({"d": dt.date(2031, 4, 1), "n": Decimal("1.5")}) == {
        "d": "2031-04-01",
        "n": 1.5,
    }
    with pytest.raises(TypeError, match="^Not JSON-serialisable in a report: object$"):
        compose.normalise({"x": object()})


@pytest.mark.django_db
def test_the_composed_report_records_its_title_period_and_template(
    fake_apps_contributions, no_app_templates
):
    """What a published snapshot keeps about the report itself (the record read later, and
    the children's summary's period), and the structure of the report's own template."""
    import datetime as dt

    from cscp.reporting.models import ReportTemplate

    template = ReportTemplate.objects.get(name=structure.WT2023_NAME)
    report = AnnualReportFactory(
        year=ReportingYearFactory(start_year=2031),
        title="Fenmoor yearly report 2031-32",
        period_start=dt.date(2031, 4, 1),
        period_end=dt.date(2032, 3, 31),
        template=template,
    )
    content = compose.compose(report)
    assert content["report"] == {
        "title": "Fenmoor yearly report 2031-32",
        "year_label": "2031-32",
        "previous_label": "2030-31",
        "start": "2031-04-01",
        "end": "2032-03-31",
        "template": structure.WT2023_NAME,
    }
    assert [p["key"] for p in content["structure"]][:3] == ["foreword", "about", "what"]


def _section_of(key, title, records=""):
    return {
        "key": key,
        "title": title,
        "includes": [],
        "records": records,
        "needs_narrative": False,
        "heading": True,
        "narrative_after": False,
    }


def _content(structure_parts, **extra):
    return {
        "report": {"year_label": "2031-32"},
        "structure": structure_parts,
        "apps": {},
        "narrative": {},
        "glossary": [{"term": "LADO", "meaning": "Local Authority Designated Officer"}],
        **extra,
    }


FUNDING = selectors.funding_balance(
    [("Local authority", 60000), ("Police", 20000), ("Health", 20000)], year_label="2031-32"
)


def test_the_body_is_rendered_from_the_content_structure_with_the_glossary_last():
    """A stored template may put its glossary part anywhere and call it what it likes: the
    parts after it are still shown, and the glossary (its own title) comes last."""
    content = _content(
        [
            {"key": "glossary", "title": "Words we use", "subtitle": "", "sections": []},
            {
                "key": "statistics",
                "title": "Safeguarding statistics",
                "subtitle": "What the figures say",
                "sections": [_section_of("money", "Money", records="funding")],
            },
        ],
        funding=FUNDING,
    )
    html = render_report(content)
    assert html.index('id="statistics"') < html.index('id="glossary"')
    assert "Safeguarding statistics 2031-32" in html  # the statistics part names its year
    assert "What the figures say" in html
    assert 'id="section-money"' in html
    assert '<h2 class="govuk-heading-l" id="glossary-heading">Words we use</h2>' in html
    assert "Local Authority Designated Officer" in html
    # The partners' funding, its table and its chart, from the figures
    assert "Statutory partners’ funding 2031-32" in html
    assert 'aria-label="Partner funding 2031-32 (£)"' in html
    assert compose.parts_nav(content) == [
        {"key": "glossary", "title": "Words we use"},
        {"key": "statistics", "title": "Safeguarding statistics"},
    ]


def test_a_structure_without_a_glossary_part_still_ends_with_the_glossary():
    html = render_report(
        _content([{"key": "what", "title": "What we did", "subtitle": "", "sections": []}])
    )
    assert '<h2 class="govuk-heading-l" id="glossary-heading">Glossary</h2>' in html
    assert html.index('id="what"') < html.index('id="glossary"')


def test_the_public_body_carries_the_symbols_legend_and_the_internal_one_does_not():
    content = _content([{"key": "what", "title": "What we did", "subtitle": "", "sections": []}])
    internal, public = render_report(content), render_report(content, public=True)
    assert "Symbols used in the figures" not in internal
    assert "Symbols used in the figures" in public
    # the legend follows the glossary, which is kept
    assert public.index("Local Authority Designated Officer") < public.index("Symbols used")
    for symbol, meaning in compose.SYMBOLS:
        assert f'<dt class="govuk-summary-list__key">{symbol}</dt>' in public
        assert meaning in public


def test_no_funding_figures_no_chart():
    assert compose.funding_chart(None) == ""
    assert compose.funding_chart({"rows": [], "year_label": "2031-32"}) == ""
    chart = compose.funding_chart(FUNDING)
    assert chart.startswith("<svg") and "Partner funding 2031-32 (£)" in chart
    assert [label in chart for label in ("Local authority", "Police", "Health")] == [True] * 3
