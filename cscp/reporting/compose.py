"""Assemble a report: the fixed structure (Working Together 2018, as in the seed), every app's
contribution, the narrative and the partnership's own records, as plain JSON-serialisable
content; then render that content to HTML. A published snapshot freezes the content and its
HTML, so nothing here is consulted again for a published version."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import import_module

import markdown
import nh3
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from cscp import charts
from cscp.disclosure import SYMBOLS

logger = logging.getLogger(__name__)

NO_RECORDS = "No records for this year"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    part: str
    # (app, template) pairs this section includes, each given that app's data.
    app_templates: tuple[tuple[str, str], ...] = ()
    # The partnership's own records shown in the section (see selectors.own_records).
    records: str = ""
    # A narrative block is expected: the checklist fails while the section has none.
    narrative_required: bool = False
    # Show the section's own heading (sections made only of app templates get theirs there).
    heading: bool = True
    # Narrative after the apps' templates (before the own records) rather than first.
    narrative_after: bool = False


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def _s(key, title, part, **kw) -> Section:
    return Section(key=key, title=title, part=part, **kw)


SECTIONS: list[Section] = [
    _s("foreword", "Foreword from the CSCP Executive", "foreword", narrative_required=True,
       heading=False),
    _s("scrutineer_message", "Message from the Independent Scrutineer", "scrutineer",
       narrative_required=True, heading=False),
    _s("introduction", "Introduction", "introduction", narrative_required=True, heading=False),
    _s("statistics", "Safeguarding statistics", "statistics", heading=False,
       app_templates=(("datasets", "datasets/report/statistics.html"),)),
    _s("part1_overview", "Overview", "part1", heading=False),
    _s("practice_reviews", "Safeguarding practice reviews", "part1", heading=False,
       app_templates=(("reviews", "reviews/report/practice_reviews.html"),)),
    _s("priority_groups", "Priority groups", "part1", heading=False,
       app_templates=(("priority_groups", "priority_groups/report/groups.html"),)),
    _s("community_safety", "Community Safety Partnership", "part1", narrative_required=True),
    _s("inspections", "Inspections", "part1", heading=False,
       app_templates=(("reviews", "reviews/report/inspections.html"),)),
    _s("community_support", "Community based support", "part1", narrative_required=True,
       records="community_impact"),
    _s("scrutiny", "Independent Scrutineer conversations", "part1", records="scrutiny"),
    _s("reflections", "Reflections from the partnership", "part1", records="contributions"),
    _s("impact_briefings", "Impact of our briefing materials", "part2",
       records="briefing_impact"),
    _s("data_examination", "Impact from data examination", "part2", heading=False,
       records="data_impact", narrative_after=True,
       app_templates=(("datasets", "datasets/report/data_examination.html"),
                      ("feedback", "feedback/report/surveys.html"))),
    _s("impact_activity", "Impact of our activity", "part2", records="activity_impact",
       app_templates=(("training", "training/report/new_courses.html"),)),
    _s("training", "Training", "part2", heading=False,
       app_templates=(("training", "training/report/training.html"),)),
    _s("little_progress", "Partnership working", "part3", narrative_required=True,
       records="funding"),
    _s("audits", "Audits", "part3", records="assurance", heading=False, narrative_after=True,
       app_templates=(("reviews", "reviews/report/audits.html"),)),
    _s("learning", "Safeguarding practice review learning", "part4", heading=False,
       app_templates=(("reviews", "reviews/report/learning.html"),)),
    _s("next_priorities", "Planned work", "part4", records="priorities", heading=False),
    _s("voice", "What children and families say", "part5", heading=False,
       app_templates=(("feedback", "feedback/report/voice.html"),)),
    _s("glossary", "Glossary", "glossary", heading=False, records="glossary"),
]  # fmt: skip

SECTION_BY_KEY = {s.key: s for s in SECTIONS}

PARTS: list[Part] = [
    Part("foreword", "Foreword from the CSCP Executive"),
    Part("scrutineer", "Message from the Independent Scrutineer"),
    Part("introduction", "Introduction"),
    Part("statistics", "Safeguarding statistics"),
    Part(
        "part1",
        "Part 1: The What?",
        "What have we done as a result of the arrangements, including on child safeguarding "
        "practice reviews, and how effective these arrangements have been in practice?",
    ),
    Part(
        "part2",
        "Part 2: The So What?",
        "Evidence of the impact of the work of the safeguarding partners and relevant agencies, "
        "including training, on outcomes for children and families from early help to "
        "looked-after children and care leavers.",
    ),
    Part(
        "part3",
        "Part 3: The Why Not?",
        "An analysis of any areas where there has been little or no evidence of progress on "
        "agreed priorities.",
    ),
    Part(
        "part4",
        "Part 4: The What Next?",
        "A record of decisions and actions taken by the partners in the report’s period (or "
        "planned to be taken) to implement the recommendations of any local and national child "
        "safeguarding practice reviews, including any resulting improvements.",
    ),
    Part(
        "part5",
        "Part 5: What children & families say",
        "Ways in which the partners have sought and utilised feedback from children and "
        "families to inform their work and influence service provision.",
    ),
    Part("glossary", "Glossary"),
]
for _part in PARTS:
    _part.sections.extend(s for s in SECTIONS if s.part == _part.key)

APP_LABELS = {
    "reviews": "Reviews",
    "priority_groups": "Priority groups",
    "training": "Training",
    "datasets": "Datasets",
    "feedback": "Feedback",
}


# --- Narrative ---------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a", "h3", "h4",
    "h5", "table", "thead", "tbody", "tr", "th", "td", "hr", "code", "abbr",
}  # fmt: skip


_local = threading.local()


def _markdown() -> markdown.Markdown:
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(extensions=["sane_lists", "tables"])
    return converter


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML with GOV.UK classes (no scripts, no styles, no raw HTML
    beyond the tags above). Pure, so cached."""
    html_text = _markdown().reset().convert(text or "")
    clean = nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _govuk_classes(clean)


_CLASS_FOR = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "table": "govuk-table",
    "blockquote": "govuk-inset-text",
}


def _govuk_classes(html: str) -> str:
    def add(match):
        tag = match.group(1)
        return f'<{tag} class="{_CLASS_FOR[tag]}"{match.group(2)}'

    tags = "|".join(_CLASS_FOR)
    return re.sub(rf"<({tags})(\s|>)", add, html)


# --- App contributions -------------------------------------------------------------------


def load_contribution(app: str, dotted: str, year) -> dict | None:
    """The app's contribution for `year`, or None when the app's report module does not exist
    yet. Any other failure is the app's bug and is raised."""
    module_path, _, func_name = dotted.rpartition(".")
    try:
        module = import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name == module_path:
            return None
        raise
    data = getattr(module, func_name)(year)
    return data


def app_contributions(year) -> dict[str, dict | None]:
    return {
        app: load_contribution(app, dotted, year)
        for app, dotted in settings.REPORT_CONTRIBUTIONS.items()
    }


# --- Content -----------------------------------------------------------------------------


def compose(report) -> dict:
    """Everything the report shows, as JSON-serialisable content."""
    from . import selectors

    year = report.year
    own = selectors.own_records(report)
    return normalise(
        {
            "report": {
                "title": report.display_title,
                "year_label": year.label,
                "previous_label": year.previous_label,
                "start": year.start.isoformat(),
                "end": year.end.isoformat(),
            },
            "apps": app_contributions(year),
            "narrative": own.pop("narrative"),
            **own,
        }
    )


def normalise(value):
    """Round-trip through JSON so the preview renders exactly what a snapshot would store."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Not JSON-serialisable in a report: {type(value).__name__}")


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- Rendering ---------------------------------------------------------------------------


def render_app_template(app: str, template_name: str, data: dict | None, *, public: bool,
                        year_label: str, title: str) -> str:  # fmt: skip
    if data is None or not data.get("has_records"):
        return _no_records(title, app)
    try:
        template = get_template(template_name)
    except TemplateDoesNotExist:
        return _no_records(title, app)
    if public:
        data = public_data(app, data)
    return template.render({"data": data, "public": public, "year_label": year_label})


def public_data(app: str, data: dict) -> dict:
    """The app's figures as the public may see them: its report module's `public(data)`
    applies secondary suppression (cscp.disclosure), the same for the page, PDF and Word."""
    dotted = settings.REPORT_CONTRIBUTIONS.get(app, "")
    module_path = dotted.rpartition(".")[0]
    try:
        module = import_module(module_path)
    except ModuleNotFoundError:
        return data
    hook = getattr(module, "public", None)
    return hook(json.loads(json.dumps(data))) if hook else data


def _no_records(title: str, app: str) -> str:
    return render_to_string(
        "cscp/report/no_records.html",
        {"title": title, "source": APP_LABELS.get(app, app), "text": NO_RECORDS},
    )


def render_report(content: dict, *, public: bool = False) -> str:
    """The report's body (parts, sections, glossary) as HTML, from content alone."""
    year_label = content["report"]["year_label"]
    parts = []
    for part in PARTS:
        if part.key == "glossary":
            continue
        sections = []
        for section in part.sections:
            included = [
                render_app_template(
                    app,
                    name,
                    content["apps"].get(app),
                    public=public,
                    year_label=year_label,
                    title=section.title,
                )
                for app, name in section.app_templates
            ]
            sections.append(
                {
                    "section": section,
                    "narrative": content["narrative"].get(section.key, []),
                    "included": [mark_safe(html) for html in included],  # noqa: S308
                }
            )
        parts.append({"part": part, "sections": sections})
    body = render_to_string(
        "cscp/report/body.html",
        {
            "content": content,
            "parts": parts,
            "public": public,
            "year_label": year_label,
            "funding_chart": funding_chart(content.get("funding")),
        },
    )
    terms = content.get("glossary", [])
    if content.get("glossary_terms_used_only"):
        terms = glossary_in(html.unescape(strip_tags(body)), terms)
    glossary = render_to_string(
        "cscp/report/glossary.html", {"terms": terms, "part": PARTS[-1], "public": public}
    )
    if public:  # the legend of the DfE symbols travels with the public body (page, PDF, Word)
        glossary += render_to_string("cscp/report/symbols.html", {"symbols": SYMBOLS})
    return body + glossary


def glossary_in(text: str, terms: list[dict]) -> list[dict]:
    """Only the terms that occur in the report's own text, as whole words."""
    words = set(WORD.findall(text))
    return [t for t in terms if term_occurs(t["term"], text, words)]


WORD = re.compile(r"\w+")


def term_occurs(term: str, text: str, words: set[str] | None = None) -> bool:
    """`term` occurs in `text` as a whole word (or phrase), case-sensitively: "CP" is in "a CP
    plan", not in "CPFC". `words` (the text's words) makes the common miss cheap."""
    if words is not None and not all(w in words for w in WORD.findall(term)):
        return False
    if term not in text:
        return False
    pattern = r"(?<!\w)" + re.escape(term) + r"(?!\w)"
    return re.search(pattern, text) is not None


def funding_chart(funding: dict | None):
    if not funding or not funding.get("rows"):
        return ""
    return charts.bar_chart(
        [(row["agency"], row["amount"]) for row in funding["rows"]],
        title=f"Partner funding {funding['year_label']} (£)",
        unit="",
    )
