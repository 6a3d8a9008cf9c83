"""Business support keep groups in the admin; the scrutineer may look but not change."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cscp import demo as cscp_demo
from priority_groups import demo
from priority_groups.models import PriorityGroup

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label == "priority_groups"]


@pytest.fixture
def demo_data(db):
    cscp_demo.load()
    demo.load()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_open_for_support_and_scrutineer(
    model, demo_data, support_client, django_assert_max_num_queries
):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.order_by("pk").first()
    with django_assert_max_num_queries(30):
        assert support_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert support_client.get(reverse(f"{prefix}_add")).status_code == 200
    change = reverse(f"{prefix}_change", args=[obj.pk])
    assert support_client.get(change).status_code == 200
    assert support_client.get(change.replace("change/", "history/")).status_code == 200


def test_scrutineer_cannot_change_a_group(demo_data, scrutineer_client):
    group = PriorityGroup.objects.first()
    url = reverse("admin:priority_groups_prioritygroup_change", args=[group.pk])
    assert scrutineer_client.get(url).status_code == 200
    assert scrutineer_client.post(url, {"name": "Renamed"}).status_code == 403
    group.refresh_from_db()
    assert group.name != "Renamed"


def test_meetings_filter_by_reporting_year_without_a_date_hierarchy(support_client):
    """A reporting year (April-March) instead of a date hierarchy, whose links scan every
    meeting's date (bench/scale.py, issue 17)."""
    import datetime as dt

    from tests.factories import ReportingYearFactory
    from tests.priority_groups.factories import MeetingFactory

    ReportingYearFactory(start_year=2021)
    in_year = MeetingFactory(date=dt.date(2022, 3, 31))
    MeetingFactory(date=dt.date(2022, 4, 1))  # 2022-23
    MeetingFactory(date=dt.date(2021, 3, 31))  # 2020-21
    response = support_client.get("/admin/priority_groups/meeting/", {"year": "2021"})
    assert response.status_code == 200
    assert [obj.pk for obj in response.context["cl"].result_list] == [in_year.pk]
    assert response.context["cl"].date_hierarchy is None
