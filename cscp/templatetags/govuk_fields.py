"""{{ field|govuk_field }}: the GOV.UK markup crispy-forms-gds gives a text input or a textarea
(templates/gds/field.html and its includes: label, hint, error messages, the input with its
classes and aria attributes), built in Python. The return form shows some thirty such fields
and crispy's nested templates, with each widget's own template, were most of its rendering
time (issue 17's profile, decision 0020). Any other widget goes to crispy's `as_crispy_field`.
tests/datasets/test_return_form_markup.py compares the two renderings field by field."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

register = template.Library()

CONTROL_CLASS = {"TextInput": "govuk-input", "Textarea": "govuk-textarea"}


@register.filter
def govuk_field(field):
    widget = field.field.widget
    base = CONTROL_CLASS.get(type(widget).__name__)
    if base is None or field.is_hidden or not field.label:
        return as_crispy_field(field)
    auto_id = field.auto_id
    errors = list(field.errors)
    classes = [base] + [c for c in widget.attrs.get("class", "").split() if c != base]
    described = [f"{auto_id}_hint"] if field.help_text else []
    if errors:
        classes.append("govuk-input--error")  # crispy-forms-gds's class for both controls
        described += [f"{auto_id}_{n}_error" for n in range(1, len(errors) + 1)]
    attrs = {**widget.attrs, "class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs = field.build_widget_attrs(attrs, widget)  # required, disabled, aria-invalid
    attrs.setdefault("id", auto_id)
    value = widget.format_value(field.value())
    if base == "govuk-input":
        shown = format_html(' value="{}"', value) if value is not None else ""
        control = format_html(
            '<input type="{}" name="{}"{}{}>', widget.input_type, field.html_name, shown,
            flatatt(attrs),
        )  # fmt: skip
    else:
        control = format_html(
            '<textarea name="{}"{}>\n{}</textarea>', field.html_name, flatatt(attrs), value or ""
        )
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="govuk-form-group{}{}">'
        '<label for="{}" class="govuk-label">{}</label>{}{}{}</div>',
        auto_id,
        " govuk-form-group--error" if errors else "",
        f" {css}" if css else "",
        field.id_for_label,
        field.label,
        format_html('<div id="{}_hint" class="govuk-hint">{}</div>', auto_id, field.help_text)
        if field.help_text
        else "",
        format_html_join(
            "",
            '<span id="{}_{}_error" class="govuk-error-message">'
            '<span class="govuk-visually-hidden">Error:</span> {}</span>',
            ((auto_id, n, error) for n, error in enumerate(errors, start=1)),
        ),
        control,
    )
