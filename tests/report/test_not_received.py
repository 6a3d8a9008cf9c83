"""A reflection that never came: business support record it as not received, with a reason,
and the report can be approved and published without it (it still prints "(awaits)")."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cscp.reporting import checklist, services
from cscp.reporting.compose import compose, render_report
from tests.report.factories import AnnualReportFactory, ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaited(year):
    report = AnnualReportFactory(year=year)
    return ContributionFactory(
        report=report, name="Elaine Clancy", due_on=dt.date(2022, 7, 15),
        requested_on=dt.date(2022, 6, 1), received_on=None, text="",
    )  # fmt: skip


def _contribution_items(report):
    return checklist.contribution_checks(compose(report))


def test_an_awaited_reflection_fails_the_checklist_until_a_decision_is_recorded(
    awaited, support_user
):
    report = awaited.report
    assert [i["ok"] for i in _contribution_items(report)] == [False]
    services.contribution_record_not_received(
        contribution=awaited,
        by=support_user,
        reason="Not received by the publication deadline",
        on=dt.date(2022, 9, 20),
    )
    items = _contribution_items(report)
    assert [i["ok"] for i in items] == [True]
    assert items[0]["label"] == (
        "Reflection from Elaine Clancy not received: published without it by decision of "
        "business support on 20 September 2022 (Not received by the publication deadline)"
    )
    awaited.refresh_from_db()
    assert awaited.status == "not_received" and awaited.not_received_by == support_user
    assert "(awaits)" in render_report(compose(report), public=True)
    assert not services.reminder_due(awaited, dt.date(2022, 9, 21))


def test_only_business_support_decide_and_a_reason_is_required(
    awaited, executive_user, support_user
):
    with pytest.raises(PermissionDenied):
        services.contribution_record_not_received(
            contribution=awaited, by=executive_user, reason="x"
        )
    with pytest.raises(ValidationError):
        services.contribution_record_not_received(contribution=awaited, by=support_user, reason=" ")
    awaited.refresh_from_db()
    assert awaited.not_received_on is None
