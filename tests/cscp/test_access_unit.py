"""cscp.access unit by unit, without a database: what mutation testing (make mutation) showed
the page-level tests let through — the admin's exception to deny-by-default, the history
revert refusal, the agency filters' default field and the small helpers."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from cscp.access import (
    PUBLIC,
    DenyByDefaultMiddleware,
    agency_leads_only_own,
    allow,
    declared_access,
    for_user_agencies,
    get_for_agency_or_404,
    public,
    refuse_history_revert,
    require,
)
from cscp.roles import Role

factory = RequestFactory()


class Person:
    """A signed-in user holding `roles` (any of them answers has_role) for agencies 7 and 9."""

    is_authenticated = True

    def __init__(self, *roles, is_staff=False):
        self.roles = set(roles)
        self.is_staff = is_staff

    def has_role(self, *roles):
        return bool(self.roles & set(roles))

    def agency_ids(self):
        return [7, 9]


class Anonymous:
    is_authenticated = False
    is_staff = False

    def has_role(self, *roles):
        return False


class Records:
    """A queryset stand-in that says what was asked of it."""

    class model:  # noqa: N801 - mirrors QuerySet.model
        class DoesNotExist(Exception):
            pass

    def __init__(self, found=True):
        self.found = found
        self.filters = None
        self.emptied = False

    def filter(self, **kwargs):
        self.filters = kwargs
        return self

    def none(self):
        self.emptied = True
        return self

    def get(self, **lookup):
        if not self.found:
            raise self.model.DoesNotExist
        return ("record", lookup)


def view(request):
    return HttpResponse("ok")


def request_for(method="get", path="/x/", user=None, namespaces=(), url_name="page"):
    request = getattr(factory, method)(path)
    request.user = user or Person(Role.BUSINESS_SUPPORT, is_staff=True)
    request.resolver_match = SimpleNamespace(namespaces=list(namespaces), url_name=url_name)
    return request


# --- allow / public / declared_access -------------------------------------------------------


def test_allow_keeps_the_view_name_and_records_its_roles():
    wrapped = allow(Role.EXECUTIVE, Role.SCRUTINEER)(view)
    assert wrapped.__name__ == "view"
    assert declared_access(wrapped) == frozenset({Role.EXECUTIVE, Role.SCRUTINEER})


@pytest.mark.parametrize("roles", [(), ("Executive member",)])
def test_allow_needs_roles(roles):
    with pytest.raises(TypeError, match=r"^allow\(\) needs one or more Role values$"):
        allow(*roles)


def test_allow_lets_a_holder_in_refuses_others_and_sends_anonymous_to_sign_in():
    wrapped = allow(Role.EXECUTIVE)(view)
    assert wrapped(request_for(user=Person(Role.EXECUTIVE))).content == b"ok"
    with pytest.raises(PermissionDenied):
        wrapped(request_for(user=Person(Role.SCRUTINEER)))
    response = wrapped(request_for(user=Anonymous(), path="/reports/?year=2021-22"))
    assert response.status_code == 302
    assert "next=/reports/%3Fyear%3D2021-22" in response["Location"]


def test_public_marks_the_view_public_and_undeclared_views_have_no_rule():
    assert PUBLIC == "public"
    assert declared_access(public(lambda request: None)) == "public"
    assert declared_access(view) is None


# --- the middleware ---------------------------------------------------------------------------


def middleware():
    return DenyByDefaultMiddleware(lambda request: HttpResponse("passed on"))


def test_the_middleware_passes_each_request_on():
    assert middleware()(factory.get("/")).content == b"passed on"


def test_a_view_that_declares_nothing_is_refused_with_a_reason():
    with pytest.raises(PermissionDenied, match=r"^This page declares no access rule\.$"):
        middleware().process_view(request_for(), view, (), {})


def test_a_request_that_resolved_to_nothing_is_refused_not_crashed():
    request = factory.get("/")
    request.user = Person(Role.BUSINESS_SUPPORT)
    request.resolver_match = None
    with pytest.raises(PermissionDenied):
        middleware().process_view(request, view, (), {})


def test_declared_and_public_views_pass():
    mw = middleware()
    assert mw.process_view(request_for(), allow(Role.EXECUTIVE)(view), (), {}) is None
    assert mw.process_view(request_for(), public(lambda request: None), (), {}) is None


def test_the_admin_is_left_to_its_own_permission_checks():
    request = request_for(namespaces=["admin"], url_name="cscp_agency_changelist")
    assert middleware().process_view(request, view, (), {}) is None
    other = request_for(namespaces=["reports"], url_name="cscp_agency_changelist")
    with pytest.raises(PermissionDenied):
        middleware().process_view(other, view, (), {})


def test_the_middleware_refuses_a_history_revert_in_the_admin():
    request = request_for("post", namespaces=["admin"], url_name="cscp_agency_simple_history")
    refusal = r"^Reverting from the history is disabled: edit the record\.$"
    with pytest.raises(PermissionDenied, match=refusal):
        middleware().process_view(request, view, (), {})


# --- refuse_history_revert --------------------------------------------------------------------


HISTORY = "cscp_agency_simple_history"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_staff_writing_to_a_history_form_are_refused(method):
    request = request_for(method, url_name=HISTORY)
    with pytest.raises(PermissionDenied, match="edit the record"):
        refuse_history_revert(request, request.resolver_match)


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_looking_at_a_history_version_is_allowed(method):
    request = request_for(method, url_name=HISTORY)
    assert refuse_history_revert(request, request.resolver_match) is None


def test_someone_not_staff_is_left_to_the_admin_login():
    request = request_for("post", url_name=HISTORY, user=Person(Role.SCRUTINEER))
    assert refuse_history_revert(request, request.resolver_match) is None


@pytest.mark.parametrize("url_name", ["cscp_agency_change", "cscp_agency_history", None, ""])
def test_other_admin_posts_are_not_history_reverts(url_name):
    request = request_for("post", url_name=url_name)
    assert refuse_history_revert(request, request.resolver_match) is None


# --- agency filters ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.EXECUTIVE, Role.SCRUTINEER])
def test_partnership_wide_roles_see_every_agency(role):
    records = Records()
    assert for_user_agencies(records, Person(role)) is records
    assert records.filters is None and not records.emptied


def test_agency_leads_see_their_agencies_by_the_agency_field_by_default():
    records = for_user_agencies(Records(), Person(Role.AGENCY_LEAD))
    assert records.filters == {"agency__in": [7, 9]}
    other = for_user_agencies(Records(), Person(Role.AGENCY_LEAD), agency_field="owner")
    assert other.filters == {"owner__in": [7, 9]}


def test_someone_without_a_role_sees_nothing():
    assert for_user_agencies(Records(), Person()).emptied
    assert agency_leads_only_own(Records(), Person(Role.EXECUTIVE)).emptied


def test_pages_agency_leads_write_are_theirs_and_business_supports():
    records = Records()
    assert agency_leads_only_own(records, Person(Role.BUSINESS_SUPPORT)) is records
    assert records.filters is None
    lead = agency_leads_only_own(Records(), Person(Role.AGENCY_LEAD))
    assert lead.filters == {"agency__in": [7, 9]}


def test_one_record_is_fetched_within_the_users_agencies_and_404_otherwise():
    records = Records()
    found = get_for_agency_or_404(records, Person(Role.AGENCY_LEAD), pk=3)
    assert found == ("record", {"pk": 3})
    assert records.filters == {"agency__in": [7, 9]}
    with pytest.raises(Http404):
        get_for_agency_or_404(Records(found=False), Person(Role.AGENCY_LEAD), pk=3)


def test_require_refuses_only_what_does_not_hold():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)
