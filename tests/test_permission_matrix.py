"""Every URL of the site × every role: the outcome must be the one declared.

The site's own pages take their expectations from tests/<app>/access_rules.py (a page with no
rule fails here). Admin pages follow one rule: only staff get in; business support may do
anything the model's admin allows; the scrutineer may only look.
"""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from cscp.access import declared_access
from tests.access_rules import ROLES, Rule
from tests.admin_forms import form_data

# The demo is loaded once for the module (tests/conftest.py demo_for_module) and only the tests
# that take `users` use the database; the others read the code's declarations.


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
def users(demo):
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


# The GETs of every admin URL as every role are ~2,100 requests: one test per group of roles
# lets pytest-xdist run them side by side (business support and the scrutineer open each page;
# the others are sent to sign in).
ADMIN_ROLE_GROUPS = [
    ("support",),
    ("scrutineer",),
    ("anonymous", "no_role", "agency_lead", "executive"),
]


def test_the_admin_role_groups_cover_every_role():
    assert sorted(role for group in ADMIN_ROLE_GROUPS for role in group) == sorted(ROLES)


@pytest.mark.parametrize("roles", ADMIN_ROLE_GROUPS, ids="+".join)
def test_admin_only_for_staff_and_read_only_for_the_scrutineer(client, users, roles):
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
        for role in roles:
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
        if action == "change" and "scrutineer" in roles:
            got = outcome(request_as(client, users["scrutineer"], "post", url, {}))
            if got != 403:
                problems.append(f"{name} POST as scrutineer: {got}, expected 403")
    known = covered | set(ADMIN_SITE_WIDE) | set(ADMIN_OPEN) | {"admin:"}  # "admin:": unnamed
    for name, _pattern in all_url_patterns():
        if name.startswith("admin:") and name not in known:
            problems.append(f"{name}: admin URL with no rule")
    for name in ("admin:index", "admin:password_change", "admin:jsi18n"):
        url = reverse(name)
        for role in set(roles) & {"anonymous", "no_role", "agency_lead", "executive"}:
            if outcome(request_as(client, users[role], "get", url)) != "login":
                problems.append(f"{name} as {role} not sent to login")
        for role in set(roles) & {"support", "scrutineer"}:
            if request_as(client, users[role], "get", url).status_code != 200:
                problems.append(f"{name} as {role} not 200")
    assert problems == []


# --- Writes through the admin: POST everything, as every role ---------------------------------

# Roles that never get into the admin, and the one that may only look.
NOT_STAFF = ("anonymous", "no_role", "agency_lead", "executive")
# Tables a request may write without changing a record: the session (idle time-out) and the
# sign-in lockout's own log.
NOT_RECORDS = ('"django_session"', "django_session ", '"axes_', "axes_")


class WriteRecorder:
    """Every INSERT/UPDATE/DELETE a request sends to the database (even one later rolled back:
    a refused write must not start)."""

    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip()[:6].upper()
        if head in ("INSERT", "UPDATE", "DELETE") and not any(t in sql for t in NOT_RECORDS):
            self.writes.append(sql[:100])
        return execute(sql, params, many, context)


def post_and_record(client, url, data):
    """POST, then undo whatever it wrote (so each endpoint sees the same records)."""
    recorder = WriteRecorder()
    with transaction.atomic():
        with connection.execute_wrapper(recorder):
            response = client.post(url, data)
        transaction.set_rollback(True)
    return outcome(response), recorder.writes


def _admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_posts(system_admin):
    """(model, label, url, data, kind) for every write the admin accepts: add, change,
    delete, revert from the history, every action, a user's password and the report's
    workflow buttons. The data is the record's own values, valid as a browser would send."""
    from cscp.reporting.models import AnnualReport

    request = _admin_request(system_admin)
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        values = {}
        if obj is not None:
            values = form_data(model_admin.get_form(request, obj)(instance=obj))
        yield model, f"{info} add", reverse(f"admin:{info}_add"), values, "add"
        changelist = reverse(f"admin:{info}_changelist")
        for name in model_admin.get_actions(request):
            # Every record (select_across): the first alone may be one the action leaves as
            # it is (a booking already attended cannot be cancelled).
            data = {"action": name, "select_across": "1", "index": "0", "post": "yes"}
            data["_selected_action"] = [obj.pk] if obj is not None else []
            yield model, f"{info} action {name}", changelist, data, "action"
        if obj is None:
            continue
        yield (
            model,
            f"{info} change",
            reverse(f"admin:{info}_change", args=[obj.pk]),
            values,
            "change",
        )
        yield (
            model,
            f"{info} delete",
            reverse(f"admin:{info}_delete", args=[obj.pk]),
            {"post": "yes"},
            ("delete"),
        )
        history = getattr(obj, "history", None)
        if history is not None and history.exists():
            record = history.order_by("pk").first()
            url = reverse(f"admin:{info}_simple_history", args=[obj.pk, record.history_id])
            yield model, f"{info} revert", url, values, "history"
        for pattern in model_admin.urls:  # the user admin's "set password" (auth_user_...)
            if (pattern.name or "").endswith("password_change"):
                new = {"password1": "Matrix-Pass-2026!", "password2": "Matrix-Pass-2026!"}
                url = reverse(f"admin:{pattern.name}", args=[obj.pk])
                yield model, f"{info} password", url, new, "password"
        if model is AnnualReport:
            url = reverse("admin:reporting_annualreport_transition", args=[obj.pk])
            for to in AnnualReport.Status.values:
                yield model, f"{info} transition to {to}", url, {"to": to}, "transition"


def test_admin_posts_write_nothing_where_the_role_may_not_write(users):
    """Every admin POST, as every role. Nobody outside business support writes anything;
    business support write nothing where the model's admin says they may not, and nobody
    reverts a record from its history (the revert form would bypass the change form's rules)."""
    from cscp.models import OutboxMessage, User
    from tests.training.factories import BookingFactory

    # Records the actions change (demo bookings are all in the past; its e-mails all sent).
    BookingFactory(session__capacity=1)
    OutboxMessage.objects.create(task_name="cscp.tasks.ping", key="matrix-pending")
    system_admin = User(username="matrix-system-admin", is_superuser=True, is_staff=True)
    posts = list(admin_posts(system_admin))
    assert len(posts) > 200, "the admin has fewer write endpoints than expected"
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if users[role] is not None:
            clients[role].force_login(users[role])
    support_request = _admin_request(users["support"])
    problems = []
    for model, label, url, data, kind in posts:
        for role in ROLES:
            if role == "support" and not _support_refused(
                admin.site._registry[model], support_request, label, kind
            ):
                continue
            try:
                got, writes = post_and_record(clients[role], url, data)
            except Exception as error:  # one broken endpoint must not hide the others
                problems.append(f"{label} as {role}: {error!r}"[:300])
                continue
            if writes:
                problems.append(f"{label} as {role} wrote: {writes[0]}")
            if role in NOT_STAFF and got != "login":
                problems.append(f"{label} as {role}: {got}, expected login")
            elif role in ("scrutineer", "support") and kind != "action" and got != 403:
                problems.append(f"{label} as {role}: {got}, expected 403")
    assert not problems, "\n".join(problems)


def _support_refused(model_admin, request, label, kind) -> bool:
    """Whether business support must be refused this POST, by the model admin's own account of
    what they may do (or, for reverting from the history, always)."""
    model = model_admin.model
    obj = model._default_manager.order_by("pk").first()
    if kind == "history":
        return True
    if kind == "add":
        return not model_admin.has_add_permission(request)
    if kind in ("change", "password", "transition"):
        return not model_admin.has_change_permission(request, obj)
    if kind == "delete":
        return not model_admin.has_delete_permission(request, obj)
    name = label.rsplit(" ", 1)[1]
    return name not in model_admin.get_actions(request)


def test_every_admin_action_declares_its_permissions():
    """An action without `permissions=` is offered to anyone who may view the list, the
    read-only scrutineer included."""
    undeclared = [
        f"{model.__name__}.{name}"
        for model, model_admin in admin.site._registry.items()
        for func, name, _description in model_admin._get_base_actions()
        if not getattr(func, "allowed_permissions", ())
    ]
    assert undeclared == []


def test_the_read_only_scrutineer_is_offered_exports_only(users):
    request = _admin_request(users["scrutineer"])
    offered = {
        f"{model.__name__}.{name}"
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    }
    assert offered, "the scrutineer should still be able to export"
    assert {name for name in offered if ".export_" not in name} == set()
