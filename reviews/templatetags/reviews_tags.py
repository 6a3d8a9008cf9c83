import datetime as dt

from django import template

register = template.Library()


@register.filter
def iso_date(value):
    """'2022-03-31' (as the report's frozen data holds dates) -> a date for |date."""
    if isinstance(value, dt.date) or not value:
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
