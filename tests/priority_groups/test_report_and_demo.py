"""The report contribution (on the demo partnership) and the idempotent demo."""

import datetime as dt
import json

import pytest
from django.template.loader import render_to_string

from cscp import demo as cscp_demo
from cscp.models import ReportingYear
from priority_groups import demo
from priority_groups.models import (
    Action,
    Aim,
    AimAssessment,
    Attendance,
    Escalation,
    Meeting,
    MemberResponse,
    Outcome,
    PriorityGroup,
    Workstream,
)
from priority_groups.report import contribution
from tests.priority_groups.factories import (
    AttendanceFactory,
    MeetingFactory,
    OutcomeFactory,
    PriorityGroupFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    PriorityGroup,
    Aim,
    AimAssessment,
    Workstream,
    Outcome,
    Meeting,
    Attendance,
    Action,
    MemberResponse,
    Escalation,
]


@pytest.fixture
def demo_data(db):
    cscp_demo.load()
    demo.load()
    return ReportingYear.objects.get(start_year=2021)


def test_demo_is_idempotent_and_valid(demo_data):
    counts = {m.__name__: m.objects.count() for m in MODELS}
    demo.load()
    assert {m.__name__: m.objects.count() for m in MODELS} == counts
    assert counts["PriorityGroup"] == 2 and counts["MemberResponse"] == 12
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def by_name(data):
    return {g["name"]: g for g in data["groups"]}


def test_contribution_reproduces_the_seed_report(demo_data):
    data = contribution(demo_data)
    json.dumps(data)  # plain data: a published report freezes it
    assert data["has_records"] is True
    groups = by_name(data)
    mh = groups["Mental Health Priority Group"]
    assert (mh["chair"], mh["start_date"], mh["cadence_label"]) == (
        "Elaine Clancy",
        "2021-06-15",
        "Monthly",
    )
    assert len(mh["aims"]) == 3
    # The seed rates none of the MHPG's aims: none is rated in its year.
    assert [a["result"] for a in mh["aims"]] == [None] * 3
    assert mh["aims_assessed"] is False and mh["aims_assessment"] is None
    assert [w["name"] for w in mh["workstreams"]] == [
        "Commissioning & Accountability",
        "Holding The Risk",
        "Learning & Development",
    ]
    risk = mh["workstreams"][1]
    assert [o["label"] for o in risk["outcomes"]] == ["a)", "b)", "c)", "d)", "e)"]
    assert risk["outcomes"][4]["text"].startswith("Staff wellbeing/service delivery pressures")
    # Raised in August 2022, from an outcome of 2021-22: it belongs to this year's account.
    assert [e["date"] for e in mh["escalations"]] == ["2022-08-09"]

    vapg = groups["Vulnerable Adolescent Priority Group"]
    assert (vapg["chair"], vapg["start_date"], vapg["cadence_label"]) == (
        "Fiona Martin",
        "2019-04-16",
        "Bi-monthly",
    )
    assert [a["result"] for a in vapg["aims"]] == ["achieved"] * 6
    assert "some were embedded better than others" in vapg["aims"][0]["note"]
    # One assessment of all six aims, as the seed gives it: said once, not six times.
    assert vapg["aims_assessment"]["note"].startswith("As of July 2022, these aims were achieved")
    assert len(vapg["other_outcomes"]) == 7
    assert len(vapg["responses"][0]["answers"]) == 12
    assert vapg["attendance"]["meetings"] == 6
    assert vapg["attendance"]["agencies_below_50"] == ["Croydon College"]
    assert 50 < vapg["attendance"]["mean_rate"] <= 100
    assert mh["attendance"]["agencies_below_50"] == []
    overall = data["attendance"]
    assert overall["meetings"] == 14
    college = next(a for a in overall["agencies"] if a["agency"] == "Croydon College")
    assert (college["present"], college["expected"], college["rate"]) == (2, 6, 33)
    police = next(a for a in overall["agencies"] if a["agency"].startswith("Metropolitan"))
    assert (police["present"], police["expected"]) == (12, 14)  # MHPG 6/8, VAPG 6/6
    assert data["checks"] == [
        {
            "label": f"{name} has outcome evidence for 2021-22",
            "ok": True,
            "fix_url": f"/admin/priority_groups/prioritygroup/{groups[name]['id']}/change/",
        }
        for name in ["Mental Health Priority Group", "Vulnerable Adolescent Priority Group"]
    ]


def test_a_group_without_outcome_evidence_fails_its_check_and_is_flagged(year):
    group = PriorityGroupFactory(name="Neglect Group")
    OutcomeFactory(group=group, status="in_progress", evidence="")
    OutcomeFactory(group=group, date=dt.date(2022, 4, 1))  # evidenced, but in the next year
    data = contribution(year)
    assert data["groups_without_evidence"] == ["Neglect Group"]
    assert data["checks"][0]["ok"] is False
    assert data["checks"][0]["label"] == "Neglect Group has outcome evidence for 2021-22"
    html = render_to_string(
        "priority_groups/report/groups.html",
        {"data": data, "public": True, "year_label": "2021-22"},
    )
    assert "No outcome evidence" in html and "Neglect Group" in html


def test_a_year_with_no_groups_says_so_honestly(year):
    PriorityGroupFactory(start_date=dt.date(2023, 4, 1))
    data = contribution(year)
    assert data == {
        "has_records": False,
        "year": "2021-22",
        "groups": [],
        "groups_without_evidence": [],
        "attendance": {"meetings": 0, "mean_rate": None, "agencies_below_50": [], "agencies": []},
        "checks": [],
    }
    html = render_to_string(
        "priority_groups/report/groups.html", {"data": data, "public": False, "year_label": "x"}
    )
    assert "No records for this year." in html


def test_report_template_renders_the_demo_groups(demo_data):
    data = contribution(demo_data)
    html = render_to_string(
        "priority_groups/report/groups.html",
        {"data": data, "year_label": "2021-22", "public": True},
    )
    for text in [
        "Elaine Clancy",
        "Fiona Martin",
        "Holding The Risk",
        "Raised to Exec (Aug 2022)",
        "Service Design (chill zone in Paediatric Hub)",
        "Agencies attending fewer than half of the meetings they were expected at: Croydon College",
        "The group met 8 times",
        "<h3",
        "Part of our work on mental health, through the multi-agency audit programme.",
    ]:
        assert text in html, text
    assert html.count("As of July 2022, these aims were achieved") == 1
    assert "Produced by:" not in html and "Theme:" not in html
    assert "<h1" not in html and "<h2" not in html


def test_report_template_prints_counts_of_meetings_and_outcomes_when_public(year):
    """Counts of meetings and outcomes are not counts of children or people: shown in public,
    as the real report prints them."""
    group = PriorityGroupFactory()
    OutcomeFactory(group=group)
    for month in (5, 6, 7):
        AttendanceFactory(meeting=MeetingFactory(group=group, date=dt.date(2021, month, 1)))
    context = {"data": contribution(year), "year_label": "2021-22"}
    public = render_to_string("priority_groups/report/groups.html", {**context, "public": True})
    internal = render_to_string("priority_groups/report/groups.html", {**context, "public": False})
    assert "The group met 3 times" in public and "1 outcome recorded, 1 with evidence" in public
    assert ">c<" not in public and " c " not in public
    assert "The group met 3 times" in internal and "1 outcome recorded, 1 with" in internal
    assert "Mean attendance rate of member agencies: 100 %" in public


def test_contribution_query_count_is_constant(year, django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            group = PriorityGroupFactory()
            OutcomeFactory(group=group)
            AttendanceFactory(meeting=MeetingFactory(group=group, date=dt.date(2021, 5, 1)))

    grow(1)
    with django_assert_num_queries(3) as few:
        contribution(year)
    grow(5)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(contribution(year)["groups"]) == 6
