"""Every URL of the site × every role: the outcome must be the one declared.

The site's own pages take their expectations from tests/<app>/access_rules.py (a page with no
rule fails here). Admin pages follow one rule: only staff get in; business support may do
anything the model's admin allows; the scrutineer may only look.
"""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from cscp.access import declared_access
from tests.access_rules import ROLES, Rule

pytestmark = pytest.mark.django_db


def all_url_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}{ns}:" if ns else namespace
            yield from all_url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", entry


def declared_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.access_rules")
        except ModuleNotFoundError:
            continue
        for name, rule in module.RULES.items():
            assert name not in rules, f"{name} has two access rules"
            rules[name] = rule
    return rules


@pytest.fixture
def users(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from cscp.models import User
    from tests.factories import UserFactory

    by_role = {
        name: User.objects.get(username=username)
        for name, username in [
            ("support", "support"),
            ("agency_lead", "agencylead"),
            ("executive", "executive"),
            ("scrutineer", "scrutineer"),
        ]
    }
    by_role["no_role"] = UserFactory(username="matrix-no-role")
    by_role["anonymous"] = None
    return by_role


def outcome(response) -> int | str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    return response.status_code


def request_as(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {})


def test_every_site_view_declares_who_may_use_it():
    undeclared = [
        name or str(pattern.pattern)
        for name, pattern in all_url_patterns()
        if not name.startswith("admin:") and declared_access(pattern.callback) is None
    ]
    assert undeclared == []


def test_every_site_url_has_an_expected_outcome_for_every_role(client, users):
    rules = declared_rules()
    problems = []
    for name, _pattern in all_url_patterns():
        if name.startswith("admin:"):
            continue
        if not name:
            problems.append(f"unnamed URL pattern {_pattern.pattern}")
            continue
        rule = rules.get(name)
        if rule is None:
            problems.append(f"{name}: no access rule declared in tests/<app>/access_rules.py")
            continue
        url = reverse(name, kwargs=rule.kwargs()) + rule.query
        for role in ROLES:
            response = request_as(client, users[role], rule.method, url, rule.data())
            got, want = outcome(response), rule.expect[role]
            if got != want:
                problems.append(
                    f"{name} {rule.method.upper()} {url} as {role}: {got}, expected {want}"
                )
    assert problems == []


ADMIN_SITE_WIDE = {
    "admin:index": "view",
    "admin:app_list": "view",
    "admin:password_change": "any_staff",
    "admin:password_change_done": "any_staff",
    "admin:jsi18n": "any_staff",
    "admin:autocomplete": "any_staff",
}


ADMIN_OPEN = ("admin:login", "admin:logout", "admin:view_on_site")


def admin_model_urls():
    """(url name, model, action) for every registered ModelAdmin URL."""
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.urls:
            if pattern.name:
                yield f"admin:{pattern.name}", model, pattern.name.removeprefix(prefix[6:])


def admin_kwargs(model, action):
    obj = model._default_manager.order_by("pk").first()
    if action in ("changelist", "add", "open_data"):  # open_data: an upload, like add
        return {}
    if obj is None:
        return None
    if action == "simple_history":
        record = obj.history.order_by("pk").first()
        return [obj.pk, record.history_id]  # simple-history's pattern takes positional args
    if action.endswith("password_change"):
        return {"id": obj.pk}
    return {"object_id": obj.pk}


def test_admin_only_for_staff_and_read_only_for_the_scrutineer(client, users):
    problems = []
    covered = set()
    for name, model, action in admin_model_urls():
        covered.add(name)
        kwargs = admin_kwargs(model, action)
        if kwargs is None:
            continue  # no record of this model in the demo data to open
        if isinstance(kwargs, list):
            url = reverse(name, args=kwargs)
        else:
            url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            try:
                got = outcome(request_as(client, users[role], "get", url))
            except Exception as error:  # one broken admin page must not hide the others
                problems.append(f"{name} {url} as {role}: {error!r}"[:300])
                continue
            if role in ("anonymous", "no_role", "agency_lead", "executive"):
                ok = got == "login"
            elif role == "scrutineer":
                ok = (
                    got == 403
                    if action in ("add", "delete", "open_data")
                    or action.endswith("password_change")
                    else got in (200, 302)
                )
            else:
                ok = got in (200, 302, 403)
            if not ok:
                problems.append(f"{name} {url} as {role}: {got}")
        if action == "change":
            got = outcome(request_as(client, users["scrutineer"], "post", url, {}))
            if got != 403:
                problems.append(f"{name} POST as scrutineer: {got}, expected 403")
    known = covered | set(ADMIN_SITE_WIDE) | set(ADMIN_OPEN) | {"admin:"}  # "admin:": unnamed
    for name, _pattern in all_url_patterns():
        if name.startswith("admin:") and name not in known:
            problems.append(f"{name}: admin URL with no rule")
    for name in ("admin:index", "admin:password_change", "admin:jsi18n"):
        url = reverse(name)
        for role in ("anonymous", "no_role", "agency_lead", "executive"):
            if outcome(request_as(client, users[role], "get", url)) != "login":
                problems.append(f"{name} as {role} not sent to login")
        for role in ("support", "scrutineer"):
            if request_as(client, users[role], "get", url).status_code != 200:
                problems.append(f"{name} as {role} not 200")
    assert problems == []
