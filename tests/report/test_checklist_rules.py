"""The pre-approval checklist as a function of the report's content (no database): each item,
its label, whether it passes, and where to fix it."""

from types import SimpleNamespace

from cscp.reporting import checklist
from tests.report.factories import SECTIONS

REPORT = SimpleNamespace(pk=3)
ALL_NARRATIVE = {s.key: [{"html": "<p>x</p>"}] for s in SECTIONS if s.narrative_required}


def test_an_item_is_a_label_a_yes_or_no_and_a_link():
    assert checklist.item("Done", 1) == {"label": "Done", "ok": True, "fix_url": ""}
    assert checklist.item("Not done", None, None) == {
        "label": "Not done",
        "ok": False,
        "fix_url": "",
    }
    assert checklist.item("Fix", 0, "/admin/x/")["fix_url"] == "/admin/x/"


def test_a_missing_section_fails_and_links_to_the_report():
    present = [s.key for s in SECTIONS[1:]]
    items = checklist.section_checks(
        REPORT, {"sections_present": present, "narrative": ALL_NARRATIVE}, {}
    )
    assert items == [
        {
            "label": f"Section “{SECTIONS[0].title}” is present",
            "ok": False,
            "fix_url": "/admin/reporting/annualreport/3/change/",
        }
    ]


def test_a_section_that_needs_no_narrative_passes_without_one():
    optional = next(s for s in SECTIONS if not s.narrative_required)
    content = {"sections_present": [s.key for s in SECTIONS], "narrative": ALL_NARRATIVE}
    assert optional.key not in content["narrative"]
    assert [i["ok"] for i in checklist.section_checks(REPORT, content, {})] == [True]


def test_a_missing_narrative_links_to_adding_one_to_that_section():
    first = next(s for s in SECTIONS if s.narrative_required)
    narrative = {k: v for k, v in ALL_NARRATIVE.items() if k != first.key}
    content = {"sections_present": [s.key for s in SECTIONS], "narrative": narrative}
    (item,) = checklist.section_checks(REPORT, content, {first.key: 12})
    assert item["fix_url"] == "/admin/reporting/narrativeblock/add/?section=12"


def test_contributions_outstanding_fail_one_by_one():
    content = {
        "contributions": [
            {"id": 9, "name": "Elaine Clancy", "status": "requested", "due_on": "2022-07-15"},
            {"id": 10, "name": "Fiona Martin", "status": "received", "due_on": "2022-07-15"},
        ]
    }
    assert checklist.contribution_checks(content) == [
        {
            "label": "Reflection from Elaine Clancy received (requested, due 2022-07-15)",
            "ok": False,
            "fix_url": "/admin/reporting/contribution/9/change/",
        }
    ]
    received = {"contributions": [content["contributions"][1]]}
    assert checklist.contribution_checks(received) == [
        {"label": "Every requested reflection has been received", "ok": True, "fix_url": ""}
    ]
    assert checklist.contribution_checks({})[0]["ok"] is True


def test_app_checks_name_the_app_and_carry_its_own_checks():
    content = {
        "apps": {
            "reviews": None,
            "priority_groups": {
                "has_records": True,
                "checks": [{"label": "Mental Health has evidence", "ok": False, "fix_url": "/f/"}],
            },
            "newapp": {"has_records": True},
        }
    }
    assert checklist.app_checks(content, "2021-22") == [
        {"label": "Reviews: contribution to the report is available", "ok": False, "fix_url": ""},
        {
            "label": "Priority groups: records for 2021-22",
            "ok": True,
            "fix_url": "/admin/priority_groups/",
        },
        {"label": "Priority groups: Mental Health has evidence", "ok": False, "fix_url": "/f/"},
        {"label": "newapp: records for 2021-22", "ok": True, "fix_url": "/admin/newapp/"},
    ]


def test_the_checklist_is_sections_then_contributions_then_apps_and_failing_filters_it():
    content = {
        "report": {"year_label": "2021-22"},
        "sections_present": [s.key for s in SECTIONS],
        "narrative": ALL_NARRATIVE,
        "contributions": [],
        "apps": {"training": {"has_records": False, "checks": []}},
    }
    items = checklist.checklist(REPORT, content)
    assert [i["label"] for i in items] == [
        "Every section is present, with its narrative",
        "Every requested reflection has been received",
        "Training: records for 2021-22",
    ]
    assert checklist.failing(items) == [items[2]]


def test_a_passing_app_check_passes_and_an_unlabelled_one_still_names_the_app():
    content = {
        "apps": {
            "training": {
                "has_records": True,
                "checks": [{"label": "Sessions evaluated", "ok": True}, {"ok": False}],
            }
        }
    }
    items = checklist.app_checks(content, "2021-22")
    assert [(i["label"], i["ok"]) for i in items] == [
        ("Training: records for 2021-22", True),
        ("Training: Sessions evaluated", True),
        ("Training: ", False),
    ]


def test_the_checklist_links_a_missing_narrative_to_its_section():
    first = next(s for s in SECTIONS if s.narrative_required)
    content = {
        "report": {"year_label": "2021-22"},
        "sections_present": [s.key for s in SECTIONS],
        "narrative": {k: v for k, v in ALL_NARRATIVE.items() if k != first.key},
        "apps": {},
    }
    (item, *_) = checklist.checklist(REPORT, content, {first.key: 12})
    assert item["fix_url"] == "/admin/reporting/narrativeblock/add/?section=12"
    (unknown, *_) = checklist.checklist(REPORT, content)
    assert unknown["fix_url"] == "/admin/reporting/narrativeblock/add/?section="
