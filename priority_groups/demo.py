"""Demo priority groups: writes the records of `priority_groups/demo_data/<year>.yaml` (the
seed report's Mental Health and Vulnerable Adolescent priority groups).

The content is data (decision 0001, "Demo content as data"); this module only writes it, each
record found by a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

from django.utils.text import slugify

from cscp import demodata
from cscp.demo import agency
from cscp.models import ReportingYear, Theme

from .models import (
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

APP = "priority_groups"


def _theme(name: str | None):
    return Theme.objects.get(slug=slugify(name)) if name else None


def _group(spec: dict) -> PriorityGroup:
    chair = spec["chair"]
    group, _ = PriorityGroup.objects.update_or_create(
        name=spec["name"],
        defaults={
            "slug": slugify(spec["name"]),
            "purpose": spec["purpose"],
            "chair_name": chair["name"],
            "chair_role": chair["role"],
            "chair_agency": agency(chair["agency"]),
            "start_date": spec["first_met"],
            "cadence": spec["cadence"],
            "status": PriorityGroup.Status.ACTIVE,
        },
    )
    group.members.set([agency(short) for short in spec["members"]])
    return group


def _aims(group: PriorityGroup, year: ReportingYear, spec: dict) -> None:
    common = spec.get("aims_assessment")
    for order, item in enumerate(spec.get("aims", []), start=1):
        aim, _ = Aim.objects.update_or_create(
            group=group, order=order, defaults={"text": item["text"]}
        )
        assessment = item.get("assessment") or common
        if assessment:
            AimAssessment.objects.update_or_create(
                aim=aim,
                year=year,
                defaults={"result": assessment["result"], "note": assessment.get("note", "")},
            )
        else:  # the year's records do not assess this aim
            AimAssessment.objects.filter(aim=aim, year=year).delete()


def _outcome(group: PriorityGroup, item: dict, workstream: Workstream | None) -> Outcome:
    values = {
        "date": item["date"],
        "status": item["status"],
        "evidence": item.get("evidence", ""),
        "theme": _theme(item.get("theme")),
        "produced_by": item.get("through", ""),
    }
    if workstream is None:  # achievements identified by members: found by their text
        outcome, _ = Outcome.objects.update_or_create(
            group=group, text=item["text"], defaults={"workstream": None, **values}
        )
    else:
        outcome, _ = Outcome.objects.update_or_create(
            group=group,
            workstream=workstream,
            label=item["label"],
            defaults={"text": item["text"], **values},
        )
    return outcome


def _meetings(group: PriorityGroup, spec: dict) -> None:
    for item in spec.get("meetings", []):
        meeting, _ = Meeting.objects.update_or_create(
            group=group,
            date=item["date"],
            defaults={"decisions": spec.get("meeting_note", "")},
        )
        missed = dict.fromkeys(item.get("apologies", []), Attendance.Status.APOLOGIES)
        missed |= dict.fromkeys(item.get("absent", []), Attendance.Status.ABSENT)
        for short in spec["members"]:
            Attendance.objects.update_or_create(
                meeting=meeting,
                agency=agency(short),
                defaults={"status": missed.get(short, Attendance.Status.PRESENT)},
            )


def _group_year(spec: dict, year: ReportingYear) -> None:
    group = _group(spec)
    _aims(group, year, spec)
    outcomes: dict[str, Outcome] = {}
    for order, ws in enumerate(spec.get("workstreams", []), start=1):
        workstream, _ = Workstream.objects.update_or_create(
            group=group,
            name=ws["name"],
            defaults={"order": order, "intended_outcomes": "\n".join(ws["intended_outcomes"])},
        )
        for item in ws["outcomes"]:
            outcomes[f"{ws['name']} {item['label']}"] = _outcome(group, item, workstream)
    for item in spec.get("achievements", []):
        _outcome(group, item, None)
    for item in spec.get("escalations", []):
        Escalation.objects.update_or_create(
            group=group,
            date=item["date"],
            defaults={
                "issue": item["issue"],
                "raised_to": item["raised_to"],
                "outcome_of": outcomes.get(item.get("outcome_of", "")),
                "outcome": item.get("outcome", ""),
            },
        )
    for order, item in enumerate(spec.get("responses", []), start=1):
        MemberResponse.objects.update_or_create(
            group=group,
            year=year,
            question=spec["question"],
            order=order,
            defaults={"agency": agency(item["agency"]), "answer": item["answer"]},
        )
    _meetings(group, spec)
    for item in spec.get("actions", []):
        Action.objects.update_or_create(
            group=group,
            description=item["action"],
            defaults={
                "meeting": Meeting.objects.get(group=group, date=item["meeting"]),
                "owner_agency": agency(item["owner"]),
                "due_date": item["due"],
                "status": item["status"],
                "completed_on": item.get("completed_on"),
                "update": item.get("update", ""),
            },
        )


def load(stdout=None) -> None:
    count = 0
    for name in demodata.names(APP):
        year = ReportingYear.objects.get(start_year=int(name.split("-")[0]))
        for spec in demodata.read(APP, name).get("groups", []):
            _group_year(spec, year)
            count += 1
    if stdout is not None:
        stdout.write(f"Priority groups: {count} groups' years loaded.")
