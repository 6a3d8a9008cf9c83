"""The return form's fields are drawn by `govuk_field` (cscp/templatetags/govuk_fields.py), a
Python rendering of crispy-forms-gds's markup, for speed (issue 17). Every field, blank, filled,
with errors and with a hostile value, must be the same HTML as crispy's (compared as parsed
HTML: attribute order and whitespace aside)."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from cscp.templatetags.govuk_fields import govuk_field
from datasets import services
from datasets.forms import ReturnForm
from datasets.models import Return

pytestmark = pytest.mark.django_db


def _form(lead_agency, year, data=None):
    ret = Return(agency=lead_agency, year=year, quarter=1)
    indicators = list(services.enterable_indicators(lead_agency.pk, year).order_by("order"))
    return ReturnForm(data, ret=ret, indicators=indicators, history={}, population=95309)


def _same(form):
    names = [name for name in form.fields if name != "opened_version"]
    assert names, "the form has fields to compare"
    for name in names:
        ours, crispy = str(govuk_field(form[name])), str(as_crispy_field(form[name]))
        assert parse_html(ours) == parse_html(crispy), name
    return names


def test_blank_form_fields_match_crispy(indicators, lead_agency, year):
    names = _same(_form(lead_agency, year))
    assert any(n.startswith("ethnicity_") for n in names)
    assert any(n.startswith("commentary_") for n in names)


def test_filled_fields_with_errors_and_hostile_text_match_crispy(indicators, lead_agency, year):
    data = {
        "value_OPEN_REFERRALS": '"><script>alert(1)</script>',
        "commentary_OPEN_REFERRALS": "</textarea><b>bold</b>",
        "value_CP_PLANS": "99999",  # over the indicator's maximum
        "commentary_CP_PLANS": "",  # required
        "ethnicity_CP_PLANS_white": "12",
        "opened_version": "0",
    }
    form = _form(lead_agency, year, data)
    assert not form.is_valid()
    assert form["value_CP_PLANS"].errors and form["value_OPEN_REFERRALS"].errors
    _same(form)
    html = str(govuk_field(form["commentary_OPEN_REFERRALS"]))
    assert "<b>" not in html and "&lt;/textarea&gt;" in html


def test_two_errors_on_one_field_match_crispy(indicators, lead_agency, year):
    form = _form(lead_agency, year, {"value_OPEN_REFERRALS": "5", "opened_version": "0"})
    form.is_valid()
    form.add_error("value_OPEN_REFERRALS", "First problem")
    form.add_error("value_OPEN_REFERRALS", "Second problem")
    _same(form)


def test_other_widgets_are_left_to_crispy():
    class Other(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    field = Other()["choice"]
    assert str(govuk_field(field)) == str(as_crispy_field(field))
