"""Business support's admin fits a 1,280 px window: every add form and every list of the
project's records, without horizontal scrolling (an inline that overflows hides its last
columns, and a clock column cut off hides the one figure that matters)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cscp.roles import PROJECT_APPS, Role, sync_role_groups
from tests.browser import sign_in_by_cookie
from tests.factories import ReportingYearFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280


def project_admin_urls() -> list[str]:
    urls = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in PROJECT_APPS:
            continue
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if model_admin.has_add_permission(_FakeRequest()):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return sorted(urls)


class _FakeRequest:
    class user:  # noqa: N801 - a stand-in superuser for has_add_permission
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def test_every_admin_page_business_support_uses_fits_1280_px(page, live_server):
    from tests.reviews.factories import RapidReviewFactory

    sync_role_groups()
    ReportingYearFactory(start_year=2021)
    import datetime as dt

    # Long-overdue clocks make the widest cells of the rapid review list.
    RapidReviewFactory(reference="RR-WIDE-1", la_aware_on=dt.date(2021, 6, 1))
    RapidReviewFactory(reference="RR-WIDE-2", la_aware_on=dt.date(2021, 12, 22))
    user = UserFactory(username="fit-support", roles=[Role.BUSINESS_SUPPORT])
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in_by_cookie(page, live_server, user)
    too_wide = {}
    for url in project_admin_urls():
        response = page.goto(f"{live_server.url}{url}")
        if response.status != 200:
            continue
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > WIDTH:
            too_wide[url] = scroll
    assert too_wide == {}
