"""The group page (readers), and group actions (agency leads: only their agency's)."""

import datetime as dt

import pytest
from django.urls import reverse

from priority_groups.models import Action, Attendance
from tests.factories import AgencyFactory
from tests.priority_groups.factories import (
    ActionFactory,
    AimAssessmentFactory,
    AimFactory,
    AttendanceFactory,
    EscalationFactory,
    MeetingFactory,
    MemberResponseFactory,
    OutcomeFactory,
    PriorityGroupFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def detail_url(group, label="2021-22"):
    return reverse("priority_group_detail", kwargs={"slug": group.slug, "year": label})


def populate(group, year, n):
    """n of everything the group page shows."""
    agencies = [AgencyFactory() for _ in range(n)]
    offset = group.meetings.count()
    for i in range(n):
        aim = AimFactory(group=group)
        AimAssessmentFactory(aim=aim, year=year)
        ws = WorkstreamFactory(group=group)
        OutcomeFactory(group=group, workstream=ws, theme=None)
        OutcomeFactory(group=group, evidence="")
        day = dt.date(2021, 4, 1) + dt.timedelta(days=offset + i)
        meeting = MeetingFactory(group=group, date=day)
        for agency in agencies:
            AttendanceFactory(meeting=meeting, agency=agency)
        ActionFactory(group=group, meeting=meeting, owner_agency=agencies[i])
        MemberResponseFactory(group=group, year=year, agency=agencies[i])
        EscalationFactory(group=group, date=day)
        group.members.add(agencies[i])


def test_group_page_shows_aims_outcomes_attendance_actions_responses(executive_client, year):
    group = PriorityGroupFactory(name="Mental Health Priority Group", chair_name="Elaine Clancy")
    aim = AimFactory(group=group, text="Identify risks and obstacles")
    AimAssessmentFactory(aim=aim, year=year, result="partly", note="Pressures remain")
    ws = WorkstreamFactory(group=group, name="Holding The Risk")
    OutcomeFactory(group=group, workstream=ws, text="Joint Working Protocol refresh")
    police, college = AgencyFactory(name="Police"), AgencyFactory(name="Croydon College")
    for month, status in [(4, "present"), (6, "absent"), (8, "apologies")]:
        meeting = MeetingFactory(group=group, date=dt.date(2021, month, 1))
        AttendanceFactory(meeting=meeting, agency=police)
        AttendanceFactory(meeting=meeting, agency=college, status=status)
    ActionFactory(group=group, description="Circulate protocol", due_date=dt.date(2000, 1, 1))
    MemberResponseFactory(group=group, year=year, answer="Signs of Safety more robust")
    EscalationFactory(group=group, issue="Staff wellbeing")

    response = executive_client.get(detail_url(group))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Elaine Clancy",
        "Identify risks and obstacles",
        "Partly achieved",
        "Holding The Risk",
        "Joint Working Protocol refresh",
        "Signs of Safety more robust",
        "Staff wellbeing",
        "Circulate protocol",
        "Overdue",
        "<svg",
    ]:
        assert text in html, text
    # Police 3/3 = 100 %, college 1/3 = 33 %: mean 67 %, one agency below half.
    att = response.context["data"]["attendance"]
    assert (att["meetings"], att["mean_rate"], att["agencies_below_50"]) == (
        3,
        67,
        ["Croydon College"],
    )
    assert "No outcome evidence has been recorded" not in html


def test_group_page_flags_a_year_without_outcome_evidence(scrutineer_client, year):
    group = PriorityGroupFactory()
    OutcomeFactory(group=group, status="in_progress", evidence="")
    response = scrutineer_client.get(detail_url(group))
    assert "No outcome evidence has been recorded for 2021-22" in response.content.decode()


def test_unknown_year_or_group_is_404(support_client, year):
    group = PriorityGroupFactory()
    assert support_client.get(detail_url(group, "2099-00")).status_code == 404
    assert support_client.get(detail_url(group, "1999-00")).status_code == 404
    url = reverse("priority_group_detail", kwargs={"slug": "nope", "year": "2021-22"})
    assert support_client.get(url).status_code == 404


def test_group_page_query_count_does_not_grow_with_data(
    executive_client, year, django_assert_max_num_queries
):
    group = PriorityGroupFactory()
    populate(group, year, 2)
    executive_client.get(detail_url(group))  # the session's first save is not counted
    with django_assert_max_num_queries(18) as small:
        assert executive_client.get(detail_url(group)).status_code == 200
    populate(group, year, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = executive_client.get(detail_url(group))
    assert len(response.context["data"]["aims"]) == 10


def test_group_list_links_each_year_the_group_was_active(executive_client, year, previous_year):
    group = PriorityGroupFactory(name="VAPG", start_date=dt.date(2019, 4, 1))
    html = executive_client.get(reverse("priority_groups")).content.decode()
    assert detail_url(group, "2020-21") in html and detail_url(group) in html


def test_agency_lead_is_refused_the_group_pages(agency_lead_client, year):
    group = PriorityGroupFactory()
    assert agency_lead_client.get(reverse("priority_groups")).status_code == 403
    assert agency_lead_client.get(detail_url(group)).status_code == 403


def test_agency_lead_sees_only_their_agencys_actions(agency_lead_client, lead_agency, other_agency):
    mine = ActionFactory(owner_agency=lead_agency, description="Our action")
    theirs = ActionFactory(owner_agency=other_agency, description="Police action")
    response = agency_lead_client.get(reverse("priority_group_actions"))
    html = response.content.decode()
    assert "Our action" in html and "Police action" not in html
    assert agency_lead_client.get(_action_url(mine)).status_code == 200
    assert agency_lead_client.get(_action_url(theirs)).status_code == 404
    assert agency_lead_client.post(_action_url(theirs), {"status": "done"}).status_code == 404


def test_readers_see_every_action(executive_client, lead_agency, other_agency):
    ActionFactory(owner_agency=lead_agency, description="Our action")
    ActionFactory(owner_agency=other_agency, description="Police action")
    html = executive_client.get(reverse("priority_group_actions")).content.decode()
    assert "Our action" in html and "Police action" in html


def _action_url(action):
    return reverse("priority_group_action", kwargs={"pk": action.pk})


def test_agency_lead_marks_their_action_done(agency_lead_client, agency_lead_user, lead_agency):
    action = ActionFactory(owner_agency=lead_agency)
    response = agency_lead_client.post(
        _action_url(action),
        {"status": "done", "update": "Circulated to all teams", "opened_version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.completed_on is not None
    assert action.update == "Circulated to all teams"
    assert action.history.latest().history_user == agency_lead_user


def test_a_stale_action_update_is_refused(agency_lead_client, lead_agency):
    action = ActionFactory(owner_agency=lead_agency)
    opened = action.version
    action.update = "Someone else's update"
    action.save()
    response = agency_lead_client.post(
        _action_url(action), {"status": "done", "update": "Mine", "opened_version": opened}
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.update) == (Action.Status.OPEN, "Someone else's update")


def test_executive_reads_but_cannot_update_an_action(executive_client, lead_agency):
    action = ActionFactory(owner_agency=lead_agency)
    page = executive_client.get(_action_url(action))
    assert page.status_code == 200 and "Save update" not in page.content.decode()
    assert executive_client.post(_action_url(action), {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_admin_exports_attendance_as_csv_with_formulas_neutralised(support_client):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, agency=AgencyFactory(name="=cmd|evil"))
    response = support_client.post(
        reverse("admin:priority_groups_attendance_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [str(pk) for pk in Attendance.objects.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert body.splitlines()[0] == "Group,Meeting,Agency,Attendance"
    assert "'=cmd|evil" in body and "Present" in body


def test_group_list_shows_attendance_across_groups_for_the_report_year(
    executive_client, year, previous_year, django_assert_max_num_queries
):
    # The shared year rule (cscp.years, decision 0010): the latest year with an annual report.
    from cscp.reporting.models import AnnualReport

    AnnualReport.objects.create(year=year)
    police = AgencyFactory(name="Police")
    for group in (PriorityGroupFactory(), PriorityGroupFactory()):
        AttendanceFactory(
            meeting=MeetingFactory(group=group, date=dt.date(2021, 5, 1)), agency=police
        )
        AttendanceFactory(
            meeting=MeetingFactory(group=group, date=dt.date(2021, 7, 1)),
            agency=police,
            status="absent",
        )
    executive_client.get(reverse("priority_groups"))
    with django_assert_max_num_queries(12):
        response = executive_client.get(reverse("priority_groups"))
    assert response.context["year"] == year
    assert response.context["attendance"]["agencies"][0]["rate"] == 50
    assert "<svg" in response.content.decode()
    earlier = executive_client.get(reverse("priority_groups") + "?year=2020-21")
    assert earlier.context["attendance"]["agencies"] == []
    assert executive_client.get(reverse("priority_groups") + "?year=1990-91").status_code == 404
