"""A record's key in an admin URL is typed by anyone: every admin page that takes one (change,
history, delete and each admin's own views, e.g. a report's transition) answers a key that is
not a number, or names no record, with a redirect, a 403 or a 404: never a 500."""

import pytest
from django.contrib import admin
from django.urls import URLPattern

pytestmark = pytest.mark.django_db

# Not a number, and a number that names no record (each of ~250 URLs, GET and POST).
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
