from django import template

from cscp.formatting import suppress_small

register = template.Library()


@register.filter
def suppress(value, public=False):
    """{{ count|suppress:public }} — "c" for counts of 1–5 on public pages."""
    return suppress_small(value) if public else value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
