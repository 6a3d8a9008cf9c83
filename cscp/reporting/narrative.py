"""A report's narrative: Markdown written by people, rendered to sanitised HTML with GOV.UK
classes. Its own module so that selectors (which render narrative into a report's content) and
the composer (which calls the selectors) do not import each other."""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
import nh3

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


# GOV.UK Frontend's classes, set by the sanitiser itself on the tags it keeps (a class written
# in the Markdown is dropped: `class` is not an allowed attribute, only these values are set).
CLASS_FOR = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "table": "govuk-table",
    "blockquote": "govuk-inset-text",
}
_SET_CLASSES = {tag: {"class": classes} for tag, classes in CLASS_FOR.items()}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML with GOV.UK classes (no scripts, no styles, no raw HTML
    beyond the tags above). Pure, so cached."""
    html_text = _markdown().reset().convert(text or "")
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values=_SET_CLASSES,
    )
