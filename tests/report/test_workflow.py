"""The report's workflow: who may make each change, the record of each change, and the
checklist that must pass before an executive member approves."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cscp.reporting import services
from cscp.reporting.models import AnnualReport, Contribution, ReportTransition
from cscp.roles import Role
from tests.report.factories import (
    AnnualReportFactory,
    ContributionFactory,
    write_required_narrative,
)

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


@pytest.fixture
def report(year, fake_apps_contributions, no_app_templates):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    return report


def move(report, *statuses, by):
    for status in statuses:
        report = services.report_transition(report=report, to_status=status, by=by)
    return report


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        (S.DRAFT, S.CONTRIBUTIONS_REQUESTED, {Role.BUSINESS_SUPPORT}),
        (S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, {Role.BUSINESS_SUPPORT}),
        (S.IN_REVIEW, S.APPROVED, {Role.EXECUTIVE}),
        (S.APPROVED, S.PUBLISHED, {Role.BUSINESS_SUPPORT}),
        (S.PUBLISHED, S.DRAFT, {Role.BUSINESS_SUPPORT}),
        (S.IN_REVIEW, S.CONTRIBUTIONS_REQUESTED, {Role.BUSINESS_SUPPORT, Role.EXECUTIVE}),
    ],
)
def test_who_may_make_each_transition(from_status, to_status, allowed):
    for role in Role:
        user = type("U", (), {"has_role": lambda self, *roles, r=role: r in roles})()
        report = AnnualReport(status=from_status)
        assert services.may_transition(user, report, to_status) == (role in allowed), role


def test_no_skipping_steps():
    assert not services.transition_allowed(S.DRAFT, S.APPROVED)
    assert not services.transition_allowed(S.DRAFT, S.PUBLISHED)
    assert not services.transition_allowed(S.CONTRIBUTIONS_REQUESTED, S.PUBLISHED)
    assert not services.transition_allowed(S.IN_REVIEW, S.PUBLISHED)


def test_full_workflow_is_recorded_with_who_and_when(
    report, support_user, executive_user, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=support_user)
        services.report_approve(report=report, by=executive_user, note="Agreed at the Executive")
        services.report_publish(report=report, by=support_user)
    report.refresh_from_db()
    assert report.status == S.PUBLISHED
    steps = list(ReportTransition.objects.filter(report=report).order_by("at", "pk"))
    assert [(t.from_status, t.to_status, t.by) for t in steps] == [
        (S.DRAFT, S.CONTRIBUTIONS_REQUESTED, support_user),
        (S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, support_user),
        (S.IN_REVIEW, S.APPROVED, executive_user),
        (S.APPROVED, S.PUBLISHED, support_user),
    ]
    assert steps[2].note == "Agreed at the Executive"
    assert all(t.at is not None for t in steps)
    assert report.snapshots.get().version == 1


def test_business_support_may_not_approve(report, support_user):
    move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=support_user)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=support_user)
    assert AnnualReport.objects.get(pk=report.pk).status == S.IN_REVIEW


def test_whoever_prepared_the_report_may_not_approve_it_even_as_an_executive_member(
    report, support_user, executive_user
):
    """Prepare/approve split: a business-support user who also holds the executive role (a
    mistake, or a grant by a system administrator) cannot approve what they sent for review."""
    from tests.factories import UserFactory

    both = UserFactory(username="t-support-exec", roles=[Role.BUSINESS_SUPPORT, Role.EXECUTIVE])
    move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=both)
    assert not services.may_transition(both, report, S.APPROVED)
    assert S.APPROVED not in dict(services.available_transitions(both, report))
    with pytest.raises(PermissionDenied) as refused:
        services.report_approve(report=report, by=both)
    assert "prepared" in str(refused.value)
    assert AnnualReport.objects.get(pk=report.pk).status == S.IN_REVIEW
    # Sent back and sent for review again by someone else: the one who requested the
    # contributions still prepared it. Another executive member approves.
    services.report_transition(
        report=report, to_status=S.CONTRIBUTIONS_REQUESTED, by=executive_user
    )
    services.report_send_for_review(report=report, by=support_user)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=both)
    assert services.may_transition(executive_user, report, S.APPROVED)
    services.report_approve(report=report, by=executive_user)
    assert AnnualReport.objects.get(pk=report.pk).status == S.APPROVED


def test_executive_may_not_publish_or_request(report, support_user, executive_user):
    with pytest.raises(PermissionDenied):
        services.report_request_contributions(report=report, by=executive_user)
    move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=support_user)
    services.report_approve(report=report, by=executive_user)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=executive_user)


def test_scrutineer_and_agency_lead_may_make_no_change(report, scrutineer_user, agency_lead_user):
    for user in (scrutineer_user, agency_lead_user):
        with pytest.raises(PermissionDenied):
            services.report_request_contributions(report=report, by=user)
    assert not ReportTransition.objects.exists()


def test_a_transition_out_of_order_is_refused(report, executive_user):
    with pytest.raises(ValidationError):
        services.report_approve(report=report, by=executive_user)
    assert AnnualReport.objects.get(pk=report.pk).status == S.DRAFT


def test_outstanding_contribution_blocks_approval(report, support_user, executive_user):
    waiting = ContributionFactory(report=report, name="Elaine Clancy")
    move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=support_user)
    with pytest.raises(ValidationError) as refused:
        services.report_approve(report=report, by=executive_user)
    assert any("Elaine Clancy" in m for m in refused.value.messages)
    services.contribution_record(contribution=waiting, text="My reflection.", by=support_user)
    services.report_approve(report=report, by=executive_user)
    assert AnnualReport.objects.get(pk=report.pk).status == S.APPROVED


def test_failing_app_check_blocks_approval(
    report, support_user, executive_user, fake_apps_contributions
):
    fake_apps_contributions["priority_groups"]["checks"] = [
        {"label": "Mental Health has outcome evidence", "ok": False, "fix_url": "/admin/x/"}
    ]
    move(report, S.CONTRIBUTIONS_REQUESTED, S.IN_REVIEW, by=support_user)
    with pytest.raises(ValidationError) as refused:
        services.report_approve(report=report, by=executive_user)
    assert "Priority groups: Mental Health has outcome evidence" in refused.value.messages


def test_requesting_contributions_emails_each_person_on_commit(
    report, support_user, django_capture_on_commit_callbacks
):
    ContributionFactory(report=report, name="Debbie Jones", email="debbie@example.org")
    ContributionFactory(report=report, name="No Email", email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.report_request_contributions(report=report, by=support_user)
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["debbie@example.org"]]
    assert "2021-22" in mail.outbox[0].subject


def test_request_contribution_service(report, support_user, django_capture_on_commit_callbacks):
    services.report_request_contributions(report=report, by=support_user)
    with django_capture_on_commit_callbacks(execute=True):
        c = services.contribution_request(
            report=report,
            name="Shelley Davies",
            role_title="Director of Education",
            email="shelley@example.org",
            due_on=dt.date(2030, 7, 1),
            by=support_user,
        )
    assert c.status == Contribution.Status.REQUESTED
    assert mail.outbox[0].to == ["shelley@example.org"]


def test_due_date_before_request_is_refused(report, support_user):
    with pytest.raises(ValidationError):
        services.contribution_request(
            report=report,
            name="X",
            due_on=dt.date(2022, 1, 1),
            requested_on=dt.date(2022, 2, 1),
            by=support_user,
        )


def test_contribution_status_rules():
    from cscp.reporting.models import contribution_status

    due = dt.date(2022, 7, 15)
    assert contribution_status(received=False, due_on=due, today=due) == "requested"
    assert contribution_status(received=False, due_on=due, today=due + dt.timedelta(1)) == (
        "overdue"
    )
    assert contribution_status(received=True, due_on=due, today=dt.date(2030, 1, 1)) == ("received")


def test_reminders_weekly_until_received(report, support_user, django_capture_on_commit_callbacks):
    due = dt.date(2022, 7, 15)
    waiting = ContributionFactory(report=report, due_on=due, email="w@example.org")
    ContributionFactory(report=report, due_on=due, email="r@example.org", text="In",
                        received_on=dt.date(2022, 7, 1))  # fmt: skip
    services.report_request_contributions(report=report, by=support_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contribution_reminders_send(today=dt.date(2022, 7, 1)) == 0  # too early
        assert services.contribution_reminders_send(today=dt.date(2022, 7, 11)) == 1
        assert services.contribution_reminders_send(today=dt.date(2022, 7, 12)) == 0  # weekly
        assert services.contribution_reminders_send(today=dt.date(2022, 7, 18)) == 1  # overdue
    assert [m.to for m in mail.outbox] == [["w@example.org"], ["w@example.org"]]
    assert "overdue" in mail.outbox[1].body
    waiting.refresh_from_db()
    assert waiting.last_reminded_on == dt.date(2022, 7, 18)


def test_reminder_task_calls_the_service(report, support_user, django_capture_on_commit_callbacks):
    from cscp.reporting.tasks import send_contribution_reminders

    ContributionFactory(report=report, due_on=dt.date(2000, 1, 1), requested_on=dt.date(2000, 1, 1))
    services.report_request_contributions(report=report, by=support_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_contribution_reminders.delay().get() == 1
    assert len(mail.outbox) == 1


def test_reminders_are_scheduled_daily(settings):
    tasks = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "cscp.reporting.tasks.send_contribution_reminders" in tasks
