"""POST data a browser would send for an admin form filled in with a record's current values.

Used to post *valid* data where a role may not write: an empty POST is refused by validation
before any permission is tested, so it would prove nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper


def _widget(field):
    widget = field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _text(widget, value) -> str:
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # choice widgets format to a list of selected values
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def form_data(form: forms.BaseForm) -> dict:
    """The form's initial values as a browser would post them."""
    data: dict = {}
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        widget = _widget(field)
        key = form.add_prefix(name)
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
                data[key + suffix] = "" if part is None else _text(sub, part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[key] = [str(v) for v in (value or [])]
        elif value is not None:
            data[key] = _text(widget, value)
    return data
