"""What is read once per request stays right: the partnership (cscp.partnership.selectors)
and the changelist's action checkbox drawn directly (cscp.admin_rows)."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cscp.admin_rows import CappedCountPaginator, GrowingTableMixin, QuickActionCheckboxMixin
from cscp.partnership import selectors
from cscp.partnership.models import Partnership
from reviews.models import RapidReview

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["RR <b>1</b>", 'a "quoted" & odd name', "plain"])
def test_the_quick_action_checkbox_is_djangos_own_markup(name):
    review = RapidReview(pk=7, reference=name)
    model_admin = admin.site._registry[RapidReview]
    assert isinstance(model_admin, QuickActionCheckboxMixin)
    assert model_admin.action_checkbox(review) == ModelAdmin.action_checkbox(model_admin, review)
    assert "<b>" not in model_admin.action_checkbox(review)


BUSINESS_SUPPORT_APPS = {"reviews", "priority_groups", "training", "datasets", "feedback"}


def test_every_changelist_business_support_uses_draws_the_quick_checkbox():
    slow = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label
        in {"reviews", "priority_groups", "training", "datasets", "feedback"}
        and model_admin.actions
        and not isinstance(model_admin, QuickActionCheckboxMixin)
    ]
    # Append-only logs whose changelists show few rows are left as Django draws them.
    assert set(slow) <= {"ReturnTransitionAdmin", "ReminderSentAdmin", "ImportBatchAdmin"}


# The tables whose rows pile up year on year (the bench's 100x size grows each of them).
GROWING_TABLES = {
    "reviews.rapidreview",
    "reviews.practicereview",
    "reviews.action",
    "priority_groups.meeting",
    "training.session",
    "training.booking",
    "training.evaluation",
    "training.completion",
    "datasets.return",
    "datasets.returntransition",
    "feedback.feedbackitem",
    "feedback.casestudy",
    "feedback.yousaidwedid",
}


def test_every_growing_tables_changelist_pages_50_rows_without_a_second_full_count():
    registered = {m._meta.label_lower: a for m, a in admin.site._registry.items()}
    assert not GROWING_TABLES - set(registered), GROWING_TABLES - set(registered)
    for label in GROWING_TABLES:
        model_admin = registered[label]
        assert isinstance(model_admin, GrowingTableMixin), label
        assert model_admin.show_full_result_count is False, label
        assert model_admin.list_per_page == 50, label
    # Completions grow into the millions: their count stops at the cap too.
    assert registered["training.completion"].paginator is CappedCountPaginator


def _partnership(name="Fenmoor Safeguarding Children Partnership"):
    return Partnership.objects.create(name=name, short_name="FSCP", children_services_phone="")


def test_the_partnership_is_read_once_in_a_request_and_again_after_a_save():
    partnership = _partnership()
    # What request_started does (sending the signal itself would also close the test's
    # database connection: Django's close_old_connections listens to it).
    selectors.request_cache_start()
    try:
        with CaptureQueriesContext(connection) as queries:
            first = selectors.current_partnership()
            again = selectors.current_partnership()
        assert first is again and len(queries) == 2  # the partnership and its local authorities
        partnership.name = "Fenmoor and Wold Safeguarding Children Partnership"
        partnership.save()
        assert selectors.current_partnership().name == partnership.name
    finally:
        selectors.request_cache_end()
    # Outside a request nothing is kept: every call reads what is stored now.
    Partnership.objects.filter(pk=partnership.pk).update(name="Renamed outside a request")
    assert selectors.current_partnership().name == "Renamed outside a request"


def test_the_request_cache_follows_the_request_signals():
    receivers = {
        "started": [r[1]() for r in request_started.receivers if r[1]() is not None],
        "finished": [r[1]() for r in request_finished.receivers if r[1]() is not None],
    }
    assert selectors.request_cache_start in receivers["started"]
    assert selectors.request_cache_end in receivers["finished"]


def test_a_page_after_a_rename_shows_the_new_name(client, django_user_model):
    from tests.factories import UserFactory

    partnership = _partnership()
    user = UserFactory(username="fenmoor-reader")
    client.force_login(user)
    assert "Fenmoor Safeguarding" in client.get("/accounts/login/", follow=True).content.decode()
    Partnership.objects.filter(pk=partnership.pk).update(name="Wold Safeguarding Partnership")
    assert "Wold Safeguarding" in client.get("/accounts/login/", follow=True).content.decode()
