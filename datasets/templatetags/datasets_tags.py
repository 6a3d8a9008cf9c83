from django import template

from cscp.charts import bar_chart, line_chart

register = template.Library()


def _f(value):
    # A suppressed ("c") figure is drawn as no data: its bar would give it away.
    return None if value is None or isinstance(value, str) else float(value)


@register.simple_tag
def trend_chart(figure: dict, year_label: str, previous_label: str):
    """Eight quarters, last year's and this year's, of one indicator."""
    points = [(f"{previous_label} Q{i + 1}", _f(v)) for i, v in enumerate(figure["last_quarters"])]
    points += [(f"Q{i + 1}", _f(v)) for i, v in enumerate(figure["quarters"])]
    title = f"{figure['name']}: quarters of {previous_label} and {year_label}"
    return line_chart(points, title=title)


@register.simple_tag
def comparison_chart(headline: dict, year_label: str, previous_label: str):
    """This year against last year, London and statistical neighbours."""
    comparator = headline.get("comparator_year") or previous_label
    bars = [
        (year_label, _f(headline["value"])),
        (previous_label, _f(headline["last_value"])),
        (f"London {comparator}", _f(headline["london"])),
        (f"Stat. neighbours {comparator}", _f(headline["statistical_neighbours"])),
    ]
    return bar_chart(bars, title=f"{headline['name']}: {year_label} compared")
