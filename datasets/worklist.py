"""The returns people act on (issue 16): business support's filtered returns view, the agency
lead's home list, and how late a return is. Every read here runs a fixed number of queries
whatever the number of years, agencies and returns (tests pin them).

"The quarter in progress" for returns is the latest quarter that has ended: a quarter's returns
are made in the weeks after it ends (due 20 working days later), so that is the quarter
business support are collecting and chasing (decision 0019). The year rule is cscp.years'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cscp.access import agency_leads_only_own, is_partnership_wide
from cscp.models import Agency, ReportingYear
from cscp.working_days import working_days_between
from cscp.years import in_progress_year

from .models import Indicator, ReminderSent, Return, YearIndicator, due_date_for

S = Return.Status

# Filter values beyond the stored statuses: what needs chasing.
LATE = "late"
DUE = "due"
STATUS_CHOICES = [
    (LATE, "Late"),
    (DUE, "Due, not yet late"),
    *S.choices,
]


def working_days_late(due: dt.date, on: dt.date) -> int:
    """Working days after the due date (0 when on or before it)."""
    return max(working_days_between(due, on), 0) if on > due else 0


def late_text(due: dt.date, on: dt.date) -> str:
    """ "3 working days late" (at least 1 once past the due date), or ""."""
    if on <= due:
        return ""
    days = max(working_days_late(due, on), 1)
    return f"{days:,} working day{'s' if days != 1 else ''} late"


def submitted_date(ret: Return | None) -> dt.date | None:
    """The local date a return was last submitted (from `submitted_at`, annotated by rows())."""
    at = getattr(ret, "submitted_at", None)
    return timezone.localtime(at).date() if at else None


def returns_quarter(today: dt.date) -> tuple[int, int]:
    """(start year, quarter) whose returns are in progress: the latest quarter that has ended."""
    year = in_progress_year()
    if year.contains(today):
        ended = [q for q in year.quarters if q.end < today]
        if ended:
            return year.start_year, ended[-1].number
        return year.start_year - 1, 4
    return year.start_year, 4


def returning_by_year(years: list[ReportingYear]) -> dict[int, set[int]]:
    """{year pk: ids of the active agencies that return in it}, in three queries for any number
    of years (selectors.agencies_returning, year by year, is one query a year)."""
    chosen: dict[int, set[int]] = {}
    for year_id, owner_id in YearIndicator.objects.filter(year__in=years).values_list(
        "year_id", "indicator__owner_id"
    ):
        chosen.setdefault(year_id, set()).add(owner_id)
    active_owners = set(Indicator.objects.filter(active=True).values_list("owner_id", flat=True))
    active_agencies = set(Agency.objects.filter(active=True).values_list("pk", flat=True))
    return {year.pk: chosen.get(year.pk, active_owners) & active_agencies for year in years}


@dataclass
class Row:
    agency: Agency
    year: ReportingYear
    quarter: int
    ret: Return | None
    status: str
    status_label: str
    due: dt.date
    ended: bool  # the quarter has ended: its return can be made
    late: bool  # editable and past its due date
    late_by: str  # "3 working days late" (outstanding, or submitted after the due date)
    reminded_today: bool

    @property
    def needs_chasing(self) -> bool:
        return self.ended and self.status in Return.EDITABLE

    @property
    def chase_key(self) -> str:
        return f"{self.agency.pk}-{self.year.start_year}-{self.quarter}"

    @property
    def url_kwargs(self) -> dict:
        return {
            "agency_id": self.agency.pk,
            "start_year": self.year.start_year,
            "quarter": self.quarter,
        }

    @property
    def url(self) -> str:
        return reverse("return_form", kwargs=self.url_kwargs)

    @property
    def filter_status(self) -> str:
        if self.status in Return.EDITABLE and self.ended:
            return LATE if self.late else DUE
        return ""


def visible_agencies(user):
    """Agencies whose returns the user may see: all for partnership-wide roles, their own for
    agency leads."""
    agencies = Agency.objects.filter(active=True)
    if is_partnership_wide(user):
        return agencies
    return agency_leads_only_own(agencies, user, agency_field="pk")


def rows(
    user,
    years: list[ReportingYear],
    *,
    today: dt.date,
    quarter: int | None = None,
    agency_id: int | None = None,
    status: str = "",
) -> list[Row]:
    """Each (agency, year, quarter) the user may see, existing or not started yet, newest
    first, filtered. Six queries, whatever the size."""
    if not years:
        return []
    returning = returning_by_year(years)
    agencies = list(
        visible_agencies(user).filter(pk__in=set().union(*returning.values())).order_by("name")
    )
    if agency_id is not None:
        agencies = [a for a in agencies if a.pk == agency_id]
    existing = {
        (r.agency_id, r.year_id, r.quarter): r
        for r in Return.objects.filter(agency__in=agencies, year__in=years).annotate(
            submitted_at=Max("transitions__at", filter=Q(transitions__to_status=S.SUBMITTED))
        )
    }
    reminded = set(
        ReminderSent.objects.filter(
            sent_on=today, ret__agency__in=agencies, ret__year__in=years
        ).values_list("ret_id", flat=True)
    )
    result = []
    for year in sorted(years, key=lambda y: -y.start_year):
        for q in reversed(year.quarters):
            if quarter is not None and q.number != quarter:
                continue
            due = due_date_for(year, q.number)
            for agency in agencies:
                if agency.pk not in returning[year.pk]:
                    continue
                ret = existing.get((agency.pk, year.pk, q.number))
                if ret is not None:
                    ret.agency, ret.year = agency, year  # no query to show them
                current = ret.status if ret else S.NOT_STARTED
                editable = current in Return.EDITABLE
                submitted_on = submitted_date(ret)
                late_by = ""
                if editable and today > due:
                    late_by = late_text(due, today)
                elif submitted_on and submitted_on > due:
                    late_by = late_text(due, submitted_on)
                row = Row(
                    agency=agency,
                    year=year,
                    quarter=q.number,
                    ret=ret,
                    status=current,
                    status_label=ret.get_status_display() if ret else S.NOT_STARTED.label,
                    due=due,
                    ended=q.end < today,
                    late=editable and today > due,
                    late_by=late_by,
                    reminded_today=bool(ret and ret.pk in reminded),
                )
                if status in (LATE, DUE):
                    if row.filter_status != status:
                        continue
                elif status and row.status != status:
                    continue
                result.append(row)
    return result


def needing_lead(user, *, today: dt.date) -> list[Row]:
    """An agency lead's returns that need them: drafts and queried returns of any year, and
    every return due or late (quarter ended, not submitted) of this year and the last; most
    urgent first (queried, late, due, then drafts of quarters not yet ended)."""
    current = in_progress_year()
    years = list(
        ReportingYear.objects.filter(
            Q(start_year__in=[current.start_year - 1, current.start_year])
            | Q(returns__status__in=[S.DRAFT, S.QUERIED])
        )
        .distinct()
        .order_by("-start_year")
    )
    wanted = []
    recent = {current.start_year - 1, current.start_year}
    for row in rows(user, years, today=today):
        if row.status in (S.DRAFT, S.QUERIED) or (
            row.needs_chasing and row.year.start_year in recent
        ):
            wanted.append(row)
    order = {S.QUERIED: 0}
    wanted.sort(
        key=lambda r: (
            order.get(r.status, 1 if r.late else 2 if r.ended else 3),
            r.due,
            r.agency.name,
        )
    )
    return wanted
