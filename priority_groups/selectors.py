"""Reads shared by the group page and the annual report. Everything here runs a fixed number of
queries however many groups, meetings or outcomes there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from cscp.formatting import half_up_int, percentage
from cscp.models import ReportingYear
from cscp.queries import count, json_rows

from .models import (
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

LOW_ATTENDANCE = 50  # per cent: agencies below this are named in the report


@dataclass(frozen=True)
class AgencyAttendance:
    agency_id: int
    agency: str
    present: int
    apologies: int
    absent: int

    @property
    def expected(self) -> int:
        """Meetings the agency was expected at: present, sent apologies or absent."""
        return self.present + self.apologies + self.absent

    @property
    def rate(self) -> int | None:
        return attendance_rate(self.present, self.expected)

    def as_dict(self) -> dict:
        return {
            "agency": self.agency,
            "present": self.present,
            "apologies": self.apologies,
            "absent": self.absent,
            "expected": self.expected,
            "rate": self.rate,
        }


def attendance_rate(present: int, expected: int) -> int | None:
    """Present / expected as a whole percentage; None when the agency was never expected."""
    return percentage(present, expected)


def mean_rate(rates: list[int | None]) -> int | None:
    """The mean of agencies' attendance rates (each agency counts once), rounded half up."""
    known = [r for r in rates if r is not None]
    if not known:
        return None
    return half_up_int(Decimal(sum(known)) / len(known))


def below(rows: list[AgencyAttendance], threshold: int = LOW_ATTENDANCE) -> list[str]:
    return [r.agency for r in rows if r.rate is not None and r.rate < threshold]


def attendance_by_group(year: ReportingYear, group_ids) -> dict[int, list[AgencyAttendance]]:
    """Per group, per agency: present/apologies/absent counts at the group's meetings in the
    year, counted by the database (one query). `group_ids` None: every group."""
    status = Attendance.Status
    in_year = Attendance.objects.filter(meeting__date__range=(year.start, year.end))
    if group_ids is not None:
        in_year = in_year.filter(meeting__group_id__in=list(group_ids))
    rows = (
        in_year.values("meeting__group_id", "agency_id", "agency__name")
        .annotate(
            present=Count("id", filter=Q(status=status.PRESENT)),
            apologies=Count("id", filter=Q(status=status.APOLOGIES)),
            absent=Count("id", filter=Q(status=status.ABSENT)),
        )
        .order_by("meeting__group_id", "agency__name")
    )
    result: dict[int, list[AgencyAttendance]] = {}
    for row in rows:
        result.setdefault(row["meeting__group_id"], []).append(
            AgencyAttendance(
                agency_id=row["agency_id"],
                agency=row["agency__name"],
                present=row["present"],
                apologies=row["apologies"],
                absent=row["absent"],
            )
        )
    return result


def attendance_by_group_and_agency(
    year: ReportingYear,
) -> tuple[dict[int, list[AgencyAttendance]], list[AgencyAttendance]]:
    """(per group, per agency across all groups) attendance at the year's meetings, from the
    one query of `attendance_by_group` over every group: an agency's counts across groups are
    the sums of its counts in each."""
    by_group = attendance_by_group(year, None)
    totals: dict[int, list] = {}
    for rows in by_group.values():
        for row in rows:
            total = totals.setdefault(row.agency_id, [row.agency, 0, 0, 0])
            total[1] += row.present
            total[2] += row.apologies
            total[3] += row.absent
    overall = [
        AgencyAttendance(agency_id=pk, agency=name, present=p, apologies=ap, absent=ab)
        for pk, (name, p, ap, ab) in totals.items()
    ]
    overall.sort(key=lambda r: (r.agency, r.agency_id))
    return by_group, overall


def attendance_by_agency(year: ReportingYear) -> list[AgencyAttendance]:
    """Per agency, across every group's meetings in the year (one query)."""
    status = Attendance.Status
    rows = (
        Attendance.objects.filter(meeting__date__range=(year.start, year.end))
        .values("agency_id", "agency__name")
        .annotate(
            present=Count("id", filter=Q(status=status.PRESENT)),
            apologies=Count("id", filter=Q(status=status.APOLOGIES)),
            absent=Count("id", filter=Q(status=status.ABSENT)),
        )
        .order_by("agency__name")
    )
    return [
        AgencyAttendance(
            agency_id=row["agency_id"],
            agency=row["agency__name"],
            present=row["present"],
            apologies=row["apologies"],
            absent=row["absent"],
        )
        for row in rows
    ]


def meeting_counts(year: ReportingYear, group_ids) -> dict[int, int]:
    rows = (
        Meeting.objects.filter(group_id__in=list(group_ids), date__range=(year.start, year.end))
        .values("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["group_id"]: row["n"] for row in rows}


def attendance_summary(rows: list[AgencyAttendance], meetings: int) -> dict:
    return {
        "meetings": meetings,
        "mean_rate": mean_rate([r.rate for r in rows]),
        "agencies_below_50": below(rows),
        "agencies": [r.as_dict() for r in rows],
    }


def groups_for_year(year: ReportingYear, groups=None):
    """The groups (all active in the year unless given) with the year's records: outcomes
    prefetched (one query); aims with the year's assessment, workstreams, the year's member
    responses and escalations, and the number of the year's meetings read as JSON columns of
    the groups' own query (cscp.queries), so two queries in all."""
    in_year = (year.start, year.end)
    queryset = groups if groups is not None else PriorityGroup.objects.active_in(year)
    group = OuterRef("pk")
    assessment = AimAssessment.objects.filter(aim=OuterRef("pk"), year=year).order_by()
    return (
        queryset.select_related("chair_agency")
        .annotate(
            year_meetings=count(Meeting.objects.filter(group=group, date__range=in_year)),
            aim_rows=json_rows(
                Aim.objects.filter(group=group),
                id="pk",
                order="order",
                text="text",
                result=Subquery(assessment.values("result")[:1]),
                note=Subquery(assessment.values("note")[:1]),
            ),
            workstream_rows=json_rows(
                Workstream.objects.filter(group=group),
                id="pk",
                order="order",
                name="name",
                intended_outcomes="intended_outcomes",
            ),
            response_rows=json_rows(
                MemberResponse.objects.filter(group=group, year=year),
                id="pk",
                order="order",
                question="question",
                agency="agency__name",
                answer="answer",
            ),
            escalation_rows=json_rows(
                Escalation.objects.filter(group=group).filter(
                    Q(date__range=in_year) | Q(outcome_of__date__range=in_year)
                ),
                id="pk",
                date="date",
                issue="issue",
                raised_to="raised_to",
                outcome="outcome",
                resolved_on="resolved_on",
            ),
        )
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.filter(date__range=in_year).select_related("theme"),
                to_attr="year_outcomes",
            ),
        )
    )


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def outcome_dict(outcome: Outcome) -> dict:
    return {
        "id": outcome.pk,
        "label": outcome.label,
        "text": outcome.text,
        "date": _iso(outcome.date),
        "status": outcome.status,
        "status_label": outcome.get_status_display(),
        "evidence": outcome.evidence,
        "evidence_url": outcome.evidence_url,
        "evidence_file": outcome.evidence_file.name if outcome.evidence_file else "",
        "has_evidence": outcome.has_evidence,
        "theme": outcome.theme.name if outcome.theme else "",
        "produced_by": outcome.produced_by,
        "link_url": outcome.link_url,
    }


def group_summary(group: PriorityGroup, attendance: list[AgencyAttendance], meetings: int) -> dict:
    """One group's year as plain data (from a group fetched by `groups_for_year`)."""
    outcomes = group.year_outcomes
    by_workstream: dict[int | None, list[dict]] = {}
    for outcome in outcomes:
        by_workstream.setdefault(outcome.workstream_id, []).append(outcome_dict(outcome))
    workstreams = [
        {
            "name": ws["name"],
            "intended_outcomes": Workstream(
                intended_outcomes=ws["intended_outcomes"]
            ).intended_outcome_list(),
            "outcomes": by_workstream.get(ws["id"], []),
        }
        for ws in sorted(group.workstream_rows or [], key=lambda w: (w["order"], w["id"]))
    ]
    questions: dict[str, list[dict]] = {}
    responses = sorted(
        group.response_rows or [], key=lambda r: (r["question"], r["order"], r["id"])
    )
    for response in responses:
        questions.setdefault(response["question"], []).append(
            {"agency": response["agency"] or "", "answer": response["answer"]}
        )
    results = AimAssessment.Result
    aims = [
        {
            "text": aim["text"],
            "result": aim["result"],
            "result_label": results(aim["result"]).label if aim["result"] else "Not assessed",
            "note": aim["note"] or "",
        }
        for aim in sorted(group.aim_rows or [], key=lambda a: (a["order"], a["id"]))
    ]
    assessed = [(a["result"], a["result_label"], a["note"]) for a in aims if a["result"]]
    # One assessment of all the aims together (each aim assessed alike) is said once.
    common = (
        assessed[0]
        if len(aims) > 1 and len(assessed) == len(aims) and len(set(assessed)) == 1
        else None
    )
    evidenced = sum(1 for o in outcomes if o.has_evidence)
    return {
        "id": group.pk,
        "name": group.name,
        "slug": group.slug,
        "purpose": group.purpose,
        "chair": group.chair_name,
        "chair_role": group.chair_role,
        "chair_agency": group.chair_agency.name if group.chair_agency else "",
        "start_date": _iso(group.start_date),
        "end_date": _iso(group.end_date),
        "cadence": group.cadence,
        "cadence_label": group.get_cadence_display(),
        "status": group.status,
        "status_label": group.get_status_display(),
        "aims": aims,
        "aims_assessed": bool(assessed),
        "aims_assessment": (
            {"result": common[0], "result_label": common[1], "note": common[2]} if common else None
        ),
        "workstreams": workstreams,
        "other_outcomes": by_workstream.get(None, []),
        "outcome_count": len(outcomes),
        "evidenced_outcome_count": evidenced,
        "has_outcome_evidence": evidenced > 0,
        "attendance": attendance_summary(attendance, meetings),
        "responses": [
            {"question": question, "answers": answers} for question, answers in questions.items()
        ],
        "escalations": [
            {key: e[key] for key in ("date", "issue", "raised_to", "outcome", "resolved_on")}
            for e in sorted(group.escalation_rows or [], key=lambda e: (e["date"], e["id"]))
        ],
    }


def group_summaries(year: ReportingYear, groups=None, attendance=None) -> list[dict]:
    """Summaries of `groups` (a queryset, or groups already fetched by `groups_for_year`).
    `attendance` (from `attendance_by_group_and_agency`) saves its query when already read."""
    fetched = groups if isinstance(groups, list) else list(groups_for_year(year, groups))
    if attendance is None:
        attendance = attendance_by_group(year, [g.pk for g in fetched])
    return [group_summary(g, attendance.get(g.pk, []), g.year_meetings) for g in fetched]
