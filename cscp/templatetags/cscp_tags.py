import re

from django import template

from cscp.formatting import suppress_small, thousands

register = template.Library()


@register.filter
def suppress(value, public=False):
    """{{ count|suppress:public }} — "c" for counts of 1–5 on public pages."""
    return suppress_small(value) if public else value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def number(value, places=None):
    """{{ figure|number }} — the site's one number format in tables: 9,455; 362.1; "–" for
    none; "c" as it is. {{ amount|number:0 }} rounds half up to whole numbers."""
    return thousands(value, None if places in (None, "") else int(places))


@register.filter
def paragraphs(value):
    """A text's paragraphs (separated by a blank line), without empty ones."""
    return [p.strip() for p in re.split(r"\n\s*\n", value or "") if p.strip()]
