"""Assemble a report: the structure of its template (`cscp.reporting.structure`), every app's
contribution, the narrative and the partnership's own records, as plain JSON-serialisable
content; then render that content to HTML. A published snapshot freezes the content and its
HTML, so nothing here is consulted again for a published version."""

from __future__ import annotations

import hashlib
import html
import json
import re
from decimal import Decimal
from importlib import import_module

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from cscp import charts
from cscp.disclosure import SYMBOLS

from . import selectors, structure
from .models import structure_of

NO_RECORDS = "No records for this year"

APP_LABELS = structure.APP_LABELS


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
    year = report.year
    parts, template_name = structure_of(getattr(report, "template_id", None))
    shown = {s["records"] for s in structure.sections_of(parts)}
    own = selectors.own_records(report, extra=shown - set(structure.ALWAYS))
    return normalise(
        {
            "report": {
                "title": report.display_title,
                "year_label": year.label,
                "previous_label": year.previous_label,
                "start": report.starts_on.isoformat(),
                "end": report.ends_on.isoformat(),
                "template": template_name,
            },
            "structure": parts,
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
    glossary_part = {"key": "glossary", "title": "Glossary"}
    for part in structure_in(content):
        if part["key"] == "glossary":
            glossary_part = part
            continue
        sections = []
        for section in part["sections"]:
            included = [
                render_app_template(
                    include["app"],
                    include["template"],
                    content["apps"].get(include["app"]),
                    public=public,
                    year_label=year_label,
                    title=section["title"],
                )
                for include in section["includes"]
            ]
            sections.append(
                {
                    "section": section,
                    "narrative": content["narrative"].get(section["key"], []),
                    "included": [mark_safe(fragment) for fragment in included],  # noqa: S308
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
        "cscp/report/glossary.html", {"terms": terms, "part": glossary_part, "public": public}
    )
    if public:  # the legend of the DfE symbols travels with the public body (page, PDF, Word)
        glossary += render_to_string("cscp/report/symbols.html", {"symbols": SYMBOLS})
    return body + glossary


def structure_in(content: dict) -> list[dict]:
    """The structure a composed report was made with (content before templates were data
    carries none: it was the Working Together 2018 structure)."""
    return content.get("structure") or structure.DEFAULT_STRUCTURE


def parts_nav(content: dict) -> list[dict]:
    return [{"key": p["key"], "title": p["title"]} for p in structure_in(content)]


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
