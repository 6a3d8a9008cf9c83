"""Escaping by construction: markup planted in every text field of every record (and in the
names of an uploaded completions file) never reaches a page as markup.

The demo data is loaded, an import is uploaded whose course, agency and learner names carry the
payload, then every text field of every model of the project's apps gets the payload appended
(queryset.update: no validation, as a hostile admin or a lax import could leave it). Every page
of the site is then fetched by every role the permission matrix says may see it, and every admin
list and change page by business support; no response may contain the planted tags raw.
"""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.urls import reverse

from cscp.models import User
from cscp.roles import PROJECT_APPS as ROLE_PROJECT_APPS
from tests.test_permission_matrix import admin_kwargs, admin_model_urls, all_url_patterns
from tests.test_permission_matrix import declared_rules as site_rules

pytestmark = pytest.mark.django_db

PAYLOAD = '<b data-x>planted</b><meta http-equiv=refresh content="0;url=/x">'
SHORT_PAYLOAD = "<b data-x>p</b>"
RAW = ("<b data-x", "<meta http-equiv=refresh")
PROJECT_APPS = set(ROLE_PROJECT_APPS)  # every app of the project, the report too
USERS = {
    "support": "support",
    "agency_lead": "agencylead",
    "executive": "executive",
    "scrutineer": "scrutineer",
}
# Fields the site parses rather than shows: planting there tests nothing and breaks lookups.
NOT_SHOWN_AS_TEXT = {"password", "username", "register_token", "token", "key", "session_key"}
# A published snapshot is HTML rendered by the site, never changed once written: it is not
# planted but frozen again from the planted records (see `freeze_planted_reports`).
RENDERED_HTML = {"ReportSnapshot"}


def plantable_fields(model) -> list[str]:
    names = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if field.choices or isinstance(field, (models.EmailField, models.URLField)):
            continue
        if isinstance(field, (models.SlugField, models.FileField)) or field.primary_key:
            continue
        if field.name in NOT_SHOWN_AS_TEXT or "token" in field.name:
            continue
        names.append(field.name)
    return names


def planted_value(field):
    """The field's value with the payload (or, in a short column, the shorter one) appended,
    cut to fit the column (PostgreSQL enforces varchar lengths); None where it cannot fit."""
    limit = field.max_length if isinstance(field, models.CharField) else None
    if limit is None:
        return Concat(field.name, Value(PAYLOAD))
    for payload in (PAYLOAD, SHORT_PAYLOAD):
        room = limit - len(payload)
        if room >= (16 if field.unique else 0):  # a unique value keeps enough of itself
            return Concat(Left(field.name, room), Value(payload))
    return None


def plant_everywhere() -> int:
    """Append the payload to every plantable field; returns how many fields were planted."""
    planted = 0
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PROJECT_APPS or meta.proxy or not meta.managed:
            continue
        if model.__name__ in RENDERED_HTML:
            continue
        names = plantable_fields(model)
        if not names or not model._base_manager.exists():
            continue
        updates = {}
        for name in names:
            payload = planted_value(model._meta.get_field(name))
            if payload is not None:
                updates[name] = payload
        model._base_manager.update(**updates)
        planted += len(updates)
    return planted


def upload_planted_import(support):
    from training import services
    from training.models import ImportBatch

    header = "Learner,Email,Agency,Course,Completion date\n"
    row = f'"Ann {PAYLOAD}",ann@example.org,"Agency {PAYLOAD}","Course {PAYLOAD}",2021-05-04\n'
    bad = f'"{PAYLOAD}",not-an-email,x,y,2021-05-04\n'
    stream = io.BytesIO((header + row + bad).encode())
    batch = services.import_batch_create(filename=f"export{PAYLOAD}.csv", stream=stream, by=support)
    assert ImportBatch.objects.first() == batch  # the newest: the mapping page the crawl opens


def freeze_planted_reports(support) -> list[tuple[str, str]]:
    """A new snapshot of every report, composed from the planted records; its pages."""
    from cscp.reporting.models import AnnualReport
    from cscp.reporting.services import report_freeze

    pages = []
    for report in AnnualReport.objects.all():
        snapshot = report_freeze(report=report, by=support)
        kwargs = {"label": report.year.label, "version": snapshot.version}
        pages.append(("executive", reverse("report_version", kwargs=kwargs)))
    return pages


def site_pages():
    """(role, url) for every GET page of the site and every role allowed it."""
    rules = site_rules()
    for name, _pattern in all_url_patterns():
        if not name or name.startswith("admin:"):
            continue
        rule = rules.get(name)
        if rule is None or rule.method != "get":
            continue
        url = reverse(name, kwargs=rule.kwargs()) + rule.query
        for role, outcome in rule.expect.items():
            if outcome == 200 and role != "no_role":
                yield role, url


def admin_pages():
    for name, model, action in admin_model_urls():
        if action not in ("changelist", "change", "history"):
            continue
        kwargs = admin_kwargs(model, action)
        if kwargs is None:
            continue
        yield "support", reverse(name, kwargs=kwargs)
    yield "support", reverse("admin:index")


def raw_tags(html: str) -> list[str]:
    found = []
    for tag in RAW:
        at = html.find(tag)
        if at >= 0:
            found.append(html[max(0, at - 120) : at + 40].replace("\n", " "))
    return found


def test_no_planted_markup_reaches_any_page(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = {role: User.objects.get(username=name) for role, name in USERS.items()}
    upload_planted_import(users["support"])
    pages = sorted(set(site_pages()) | set(admin_pages()))
    planted = plant_everywhere()
    pages += freeze_planted_reports(users["support"])
    problems, crawled = [], 0
    for role, url in pages:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url} as {role}: HTTP {response.status_code}")
            continue
        if "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        crawled += 1
        for excerpt in raw_tags(response.content.decode()):
            problems.append(f"{url} as {role}: …{excerpt}…")
    print(f"{planted} fields planted; {crawled} pages crawled")
    assert problems == []
    assert planted >= 100 and crawled >= 100
    assert admin.site._registry  # the admin pages were part of the crawl


OVERRIDES = [
    "field.html",
    "layout/radios.html",
    "layout/checkboxes.html",
    "layout/multifield.html",
    "layout/help_text.html",
    "layout/fieldset.html",
    "layout/button.html",
]
UNSAFE = ("field.label|safe", "field.help_text|safe", "legend|safe", "input.value|safe")


@pytest.mark.parametrize("name", OVERRIDES)
def test_the_crispy_overrides_are_the_packages_templates_less_safe(name):
    """The copies in templates/gds/ win over the package's; each must be the package's own
    template (of the installed version) with only `|safe` taken off text, so an upgrade that
    changes a template fails here rather than silently reverting to unescaped labels."""
    from pathlib import Path

    import crispy_forms_gds
    from django.conf import settings
    from django.template.loader import get_template

    original = (Path(crispy_forms_gds.__file__).parent / "templates/gds" / name).read_text()
    ours = (Path(settings.BASE_DIR) / "templates/gds" / name).read_text()
    assert Path(get_template(f"gds/{name}").origin.name) == Path(settings.BASE_DIR) / (
        f"templates/gds/{name}"
    )
    expected = original
    for unsafe in UNSAFE:
        expected = expected.replace(unsafe, unsafe.removesuffix("|safe"))
    assert ours.split("\n", 1)[1] == expected
    assert not any(unsafe in ours for unsafe in UNSAFE)


def test_a_data_built_label_is_escaped_and_a_safe_one_is_not():
    from django import forms
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    class Form(forms.Form):
        name = forms.CharField(label=f"Agency {PAYLOAD}", help_text=PAYLOAD)
        choice = forms.ChoiceField(
            label=PAYLOAD, choices=[("a", PAYLOAD)], widget=forms.RadioSelect
        )
        tick = forms.BooleanField(label=mark_safe("<abbr>OK</abbr>"))

    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": Form()})
    )
    assert raw_tags(html) == []
    assert "&lt;b data-x&gt;planted&lt;/b&gt;" in html
    assert "<abbr>OK</abbr>" in html
