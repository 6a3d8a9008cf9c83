"""A record's key in an admin URL is typed by anyone: every admin page that takes one (change,
history, delete and each admin's own views, e.g. a report's transition) answers a key that is
not a number, or names no record, with a redirect, a 403 or a 404: never a 500."""

import pytest
from django.contrib import admin
from django.urls import URLPattern

pytestmark = pytest.mark.django_db

# Not a number, and a number that names no record (each of 293 URLs, GET and POST).
KEYS = ["abc", "99999999"]


def _object_urls():
    """(admin, path with {key}) for every registered admin's URL that takes `object_id`."""
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            route = str(getattr(pattern, "pattern", ""))
            if isinstance(pattern, URLPattern) and "<path:object_id>" in route:
                yield type(model_admin).__name__, base + route.replace("<path:object_id>", "{key}")


OBJECT_URLS = sorted(set(_object_urls()))


def test_the_crawl_covers_the_custom_views():
    paths = {path for _, path in OBJECT_URLS}
    assert "/admin/reporting/annualreport/{key}/transition/" in paths
    assert len(paths) > 3 * len(admin.site._registry) - 1  # change, history, delete of each


def test_no_admin_page_fails_on_a_key_that_names_no_record(support_client):
    client = support_client  # the role that may open (and POST to) the most admin pages
    failures = []
    for name, path in OBJECT_URLS:
        for key in KEYS:
            url = path.format(key=key)
            for method in (client.get, client.post):
                status = method(url).status_code
                if status >= 500:
                    failures.append((name, method.__name__, url, status))
    assert not failures, failures


def test_anyone_not_staff_is_sent_to_sign_in_whatever_the_key(client, agency_lead_client):
    for visitor in (client, agency_lead_client):
        response = visitor.get("/admin/reviews/rapidreview/abc/history/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


TOO_LARGE = "9" * 20  # beyond a 64-bit integer
# Values no column can hold: SQLite's driver raises OverflowError for the number (PostgreSQL
# finds no rows), PostgreSQL refuses a NUL in any text parameter.
UNHOLDABLE = [TOO_LARGE, "a%00b", "%00"]


def test_no_admin_list_fails_on_a_filter_value_no_column_can_hold(support_client):
    """The admin's "invalid lookup" answer on either database
    (cscp.middleware.AdminInvalidLookupMiddleware), for every admin's field filters and its
    search box."""
    failures, tried = [], 0
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        names = [f for f in model_admin.list_filter if isinstance(f, str)]
        for name in [*names, "q"] if model_admin.search_fields else names:
            for value in UNHOLDABLE:
                tried += 1
                response = support_client.get(f"{base}?{name}={value}")
                if response.status_code >= 500:
                    failures.append((base, name, value, response.status_code))
                elif response.status_code == 302:
                    assert response["Location"].endswith("?e=1"), response["Location"]
    assert tried > 60
    assert not failures, failures


def _with_pickers():
    """(admin or inline class, its model, the registered admin it belongs to) for every one
    with autocomplete fields."""
    for model_admin in admin.site._registry.values():
        if model_admin.autocomplete_fields:
            yield type(model_admin), model_admin.model, model_admin
        for inline in model_admin.inlines:
            if inline.autocomplete_fields:
                yield inline, inline.model, model_admin


def test_no_record_picker_fails_on_a_search_no_column_can_hold(support_client):
    """Every autocomplete field of every admin and inline, searched with a NUL."""
    pickers = {
        (model._meta.app_label, model._meta.model_name, field)
        for owner, model, _ in _with_pickers()
        for field in owner.autocomplete_fields
    }
    assert len(pickers) >= 4
    for app_label, model_name, field in sorted(pickers):
        for term in ("a%00b", "Pol"):
            response = support_client.get(
                f"/admin/autocomplete/?term={term}&app_label={app_label}"
                f"&model_name={model_name}&field_name={field}"
            )
            assert response.status_code in (200, 400), (app_label, model_name, field, term)
            assert (response.status_code == 400) == ("%00" in term)


def test_only_an_admin_lists_unholdable_filter_is_the_invalid_lookup_answer(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.urls import resolve

    from cscp.middleware import AdminInvalidLookupMiddleware
    from cscp.models import User

    middleware = AdminInvalidLookupMiddleware(lambda request: None)

    staff, visitor = User(is_staff=True), AnonymousUser()

    def request_for(path, user=staff):
        request = rf.get(path)
        request.resolver_match = resolve(path.split("?")[0])
        request.user = user
        return request

    def answer(path, exception):
        return middleware.process_exception(request_for(path), exception)

    def before_the_view(path, user=staff):
        return middleware.process_view(request_for(path, user), None, (), {})

    redirect = answer(f"/admin/reviews/rapidreview/?year={TOO_LARGE}", OverflowError())
    assert redirect.status_code == 302
    assert redirect["Location"] == "/admin/reviews/rapidreview/?e=1"
    assert answer(f"/admin/reviews/rapidreview/?year={TOO_LARGE}", ValueError()) is None
    assert answer("/admin/reviews/rapidreview/", OverflowError()) is None  # no filter: a fault
    assert answer("/admin/reviews/rapidreview/1/change/?x=1", OverflowError()) is None
    assert answer("/returns/?year=2021-22", OverflowError()) is None
    nul = before_the_view("/admin/reviews/rapidreview/?decision=a%00b")
    assert nul["Location"] == "/admin/reviews/rapidreview/?e=1"
    assert before_the_view("/admin/reviews/rapidreview/?decision=ab") is None
    assert before_the_view("/admin/reviews/rapidreview/?decision=a%00b", visitor) is None
    assert before_the_view("/admin/autocomplete/?term=a%00b").status_code == 400
    assert before_the_view("/admin/autocomplete/?term=ab") is None
    assert before_the_view("/returns/?status=%00") is None  # the site's filters pick from lists


def test_every_record_picker_is_key_safe():
    from cscp.admin_widgets import KeySafeAutocompleteAdminMixin

    owners = {owner for owner, _, _ in _with_pickers()}
    assert len(owners) >= 9
    unsafe = [o.__name__ for o in owners if not issubclass(o, KeySafeAutocompleteAdminMixin)]
    assert not unsafe, unsafe


def test_a_form_shown_again_with_a_picked_value_that_is_not_a_key(support_client):
    """Django's picker looked the posted value up as it stood: "abc" was a 500."""
    tried = 0
    for owner, model, model_admin in _with_pickers():
        if owner is not type(model_admin):
            continue  # inlines: the same widget, drawn by their admin's page
        add = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        for field in owner.autocomplete_fields:
            tried += 1
            response = support_client.post(add, {field: "abc"})
            assert response.status_code == 200, (add, field)
            assert "Select a valid choice" in response.content.decode(), (add, field)
    assert tried >= 4


def test_the_key_safe_picker_draws_the_real_choice_and_drops_the_rest(lead_agency):
    from cscp.admin_widgets import KeySafeAutocompleteSelect
    from training.models import Booking

    field = Booking._meta.get_field("agency")
    widget = KeySafeAutocompleteSelect(field, admin.site)
    widget.choices = field.formfield().choices
    groups = widget.optgroups("agency", ["abc", str(lead_agency.pk), "1.5"])
    values = [str(option["value"]) for _, options, _ in groups for option in options]
    assert str(lead_agency.pk) in values
    assert "abc" not in values and "1.5" not in values
