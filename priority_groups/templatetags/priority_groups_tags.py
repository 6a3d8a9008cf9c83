import datetime as dt

from django import template

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date string (as report contributions hold them) back into a date."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
