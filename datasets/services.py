"""Every write of the datasets app: keyword-only, atomic, validated first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.concurrency import StaleEdit
from cscp.mail import send_mail
from cscp.models import ReportingYear, User
from cscp.outbox import send_after_commit
from cscp.roles import Role
from cscp.working_days import working_days_between

from . import rules
from .models import (
    Indicator,
    ReminderSent,
    Return,
    ReturnTransition,
    ReturnValue,
    due_date_for,
)

DUE_SOON_WORKING_DAYS = 5


class SubmissionInvalid(ValidationError):
    """Raised by return_submit: `errors` and `warnings` keyed by (code, "value"|"commentary")."""

    def __init__(self, errors: dict, warnings: dict):
        self.problems = errors
        self.warnings = warnings
        super().__init__(list(errors.values()) + list(warnings.values()), code="invalid")


# --- who may do what -------------------------------------------------------------------------


def may_edit(user, ret: Return) -> bool:
    """Agency leads write their own agencies' returns; business support any agency's."""
    if user.has_role(Role.BUSINESS_SUPPORT):
        return True
    return user.has_role(Role.AGENCY_LEAD) and ret.agency_id in user.agency_ids()


def may_review(user) -> bool:
    return user.has_role(Role.BUSINESS_SUPPORT)


def enterable_indicators(agency_id: int, year: ReportingYear):
    """The indicators an agency enters figures for in a year (the year's set): derived rates
    are calculated, unless the agency also reports its own rate beside the derived one."""
    from .selectors import indicators_in_year

    return (
        indicators_in_year(year)
        .filter(owner_id=agency_id)
        .exclude(rate_source=Indicator.RateSource.DERIVED, collect_reported_rate=False)
        .select_related("numerator")
    )


def is_enterable(indicator: Indicator) -> bool:
    """`enterable_indicators`' rule for one indicator already read (the return form reads an
    agency's whole set once and splits it: figures to enter, rates to derive)."""
    return not (
        indicator.rate_source == Indicator.RateSource.DERIVED
        and not indicator.collect_reported_rate
    )


@transaction.atomic
def indicator_set_start(*, year: ReportingYear) -> int:
    """A new year starts from last year's set (when last year had one). Returns how many."""
    from .models import YearIndicator

    if YearIndicator.objects.filter(year=year).exists():
        return 0
    last = YearIndicator.objects.filter(year__start_year=year.start_year - 1)
    created = 0
    for indicator_id in last.values_list("indicator_id", flat=True):
        row = YearIndicator(year=year, indicator_id=indicator_id)
        row.full_clean()
        row.save()
        created += 1
    return created


def comparison_history(ret: Return) -> dict[str, dict]:
    """{code: {(start_year, quarter): value}}: the agency's figures of this year and last in
    its other returns, for like-for-like change checks."""
    start = ret.year.start_year
    rows = (
        ReturnValue.objects.filter(
            ret__agency_id=ret.agency_id, ret__year__start_year__in=[start - 1, start]
        )
        .exclude(ret_id=ret.pk)
        .values_list("indicator__code", "ret__year__start_year", "ret__quarter", "value")
    )
    history: dict[str, dict] = {}
    for code, start_year, quarter, value in rows:
        history.setdefault(code, {})[(start_year, quarter)] = value
    return history


# --- transitions -----------------------------------------------------------------------------


def _move(ret: Return, to: str, by, comment: str = "") -> ReturnTransition:
    transition = ReturnTransition.objects.create(
        ret=ret, from_status=ret.status, to_status=to, by=by, at=timezone.now(), comment=comment
    )
    ret.status = to
    return transition


def _lock(ret: Return) -> None:
    """Take the return's row lock and read its state under it: two reviewers acting on the
    same return at once are taken one after the other, and the second sees the first's move
    (the caller's object is refreshed in place, so its later use sees the same)."""
    Return.objects.select_for_update().filter(pk=ret.pk).values_list("pk").first()
    ret.refresh_from_db()


def _save_return(ret: Return, opened_version: int | None) -> None:
    if ret.pk is None:
        exists = Return.objects.filter(
            agency_id=ret.agency_id, year_id=ret.year_id, quarter=ret.quarter
        ).exists()
        if exists:
            raise StaleEdit()  # someone else started this return since the form was opened
        ret.full_clean()
        ret.save()
        return
    ret.full_clean()
    ret.save(expected_version=opened_version)


def _population(ret: Return) -> int | None:
    from .selectors import population_for

    return population_for(ret.year)


def _figure_of(row: ReturnValue) -> tuple:
    return (row.value, row.commentary, row.explanation, row.ethnicity or {})


def _write_values(ret: Return, values: dict) -> None:
    indicators = {i.code: i for i in enterable_indicators(ret.agency_id, ret.year)}
    unknown = set(values) - set(indicators)
    if unknown:
        raise ValidationError(f"Not indicators of this return: {', '.join(sorted(unknown))}")
    existing = {v.indicator_id: v for v in ret.values.all()}
    population = _population(ret)
    problems = [
        problem
        for code, entry in values.items()
        if (problem := rules.figure_problem(indicators[code], entry.get("value"), population))
    ]
    if problems:
        raise ValidationError(problems)
    for code, entry in values.items():
        indicator = indicators[code]
        row = existing.get(indicator.pk) or ReturnValue(ret=ret, indicator=indicator)
        before = _figure_of(row)
        row.value = entry.get("value")
        row.commentary = (entry.get("commentary") or "").strip()
        if "explanation" in entry:
            row.explanation = (entry.get("explanation") or "").strip()
        if "ethnicity" in entry:
            row.ethnicity = entry["ethnicity"] or {}
        if row.pk is not None and _figure_of(row) == before:
            # Unchanged (a submit re-posts the draft's figures): no new version, no history
            # row, no write — the audit history shows changes, not every press of a button.
            continue
        # The return (saved, and locked by the caller's save above) and the indicator (one
        # of its enterable ones) were read in this transaction, and `existing` holds the one
        # row per indicator the unique constraint allows: checking them again per value was
        # three queries a figure (issue 17's profile of the return form's POST).
        row.full_clean(exclude=["ret", "indicator"])
        row.save()


@transaction.atomic
def return_save_draft(
    *, ret: Return, by, values: dict, opened_version: int | None = None
) -> Return:
    """Save whatever has been entered; a return not started becomes a draft."""
    if not may_edit(by, ret):
        raise PermissionDenied
    if not ret.is_editable:
        raise ValidationError("This return is locked: it has been submitted or accepted.")
    if ret.status == Return.Status.NOT_STARTED:
        _save_return(ret, opened_version)
        opened_version = ret.version
        _move(ret, Return.Status.DRAFT, by)
    _save_return(ret, opened_version)
    _write_values(ret, values)
    return ret


@transaction.atomic
def return_submit(
    *,
    ret: Return,
    by,
    values: dict | None = None,
    opened_version: int | None = None,
) -> Return:
    """Save and submit: every figure present, 0 or more and in range; commentary where the
    indicator needs it; a like-for-like change beyond the expected range needs an explanation
    of that figure (there is no box to tick it away)."""
    if not may_edit(by, ret):
        raise PermissionDenied
    if ret.pk is not None:
        _lock(ret)
    if not ret.is_editable:
        raise ValidationError("Only a return in draft or queried can be submitted.")
    if values is not None:
        return_save_draft(ret=ret, by=by, values=values, opened_version=opened_version)
        opened_version = ret.version
    current = (
        {
            v.indicator.code: {
                "value": v.value,
                "commentary": v.commentary,
                "ethnicity": v.ethnicity,
                "explanation": v.explanation,
            }
            for v in ret.values.select_related("indicator")
        }
        if ret.pk
        else {}
    )
    indicators = list(enterable_indicators(ret.agency_id, ret.year))
    errors, warnings = rules.submission_problems(
        indicators,
        current,
        comparison_history(ret),
        ret.year.start_year,
        ret.quarter,
        population=_population(ret),
    )
    if errors:
        raise SubmissionInvalid(errors, warnings)
    _move(ret, Return.Status.SUBMITTED, by)
    _save_return(ret, opened_version)
    return ret


@transaction.atomic
def return_query(*, ret: Return, by, comment: str) -> Return:
    """Business support send a submitted return back to the agency with a comment."""
    if not may_review(by):
        raise PermissionDenied
    _lock(ret)
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError("Only a submitted return can be queried.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Enter what the agency needs to check or change"})
    transition = _move(ret, Return.Status.QUERIED, by, comment)
    ret.query_comment = comment
    _save_return(ret, None)
    _queue_query_email(ret, transition)
    return ret


def _queue_query_email(ret: Return, transition: ReturnTransition) -> None:
    """One e-mail per query (the transition that recorded it), sent once committed."""
    send_after_commit(
        "datasets.tasks.email_return_queried",
        key=f"datasets.return-queried:{ret.pk}:{transition.pk}",
        ret_id=ret.pk,
    )


@transaction.atomic
def return_accept(*, ret: Return, by) -> Return:
    if not may_review(by):
        raise PermissionDenied
    _lock(ret)
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError("Only a submitted return can be accepted.")
    _move(ret, Return.Status.ACCEPTED, by)
    ret.query_comment = ""
    _save_return(ret, None)
    return ret


@transaction.atomic
def return_reopen(*, ret: Return, by, reason: str) -> Return:
    """Unlock an accepted return (a recorded action of business support)."""
    if not may_review(by):
        raise PermissionDenied
    _lock(ret)
    if ret.status != Return.Status.ACCEPTED:
        raise ValidationError("Only an accepted return can be re-opened.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the return is being re-opened"})
    _move(ret, Return.Status.DRAFT, by, reason)
    _save_return(ret, None)
    return ret


# --- reminders -------------------------------------------------------------------------------


def agency_leads_of(agency_id: int):
    return User.objects.filter(
        agencies__id=agency_id, groups__name=Role.AGENCY_LEAD.label, is_active=True
    ).exclude(email="")


def returning_agencies(year: ReportingYear):
    from .selectors import agencies_returning

    return agencies_returning(year)


def reminder_kind(due: dt.date, today: dt.date) -> str | None:
    """ "overdue" after the due date; "due_soon" within 5 working days of it; else None."""
    if today > due:
        return ReminderSent.Kind.OVERDUE
    if working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return ReminderSent.Kind.DUE_SOON
    return None


@transaction.atomic
def return_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail agency leads about returns due within 5 working days and overdue ones (this
    reporting year and the last), at most one e-mail per return per day. Returns how many."""
    today = today or timezone.localdate()
    this_start = ReportingYear.start_year_for(today)
    years = list(ReportingYear.objects.filter(start_year__in=[this_start - 1, this_start]))
    outstanding = (Return.Status.NOT_STARTED, Return.Status.DRAFT, Return.Status.QUERIED)
    sent = 0
    for year in years:
        for quarter in year.quarters:
            if quarter.end >= today:
                continue
            due = due_date_for(year, quarter.number)
            kind = reminder_kind(due, today)
            if kind is None:
                continue
            for agency in returning_agencies(year):
                ret, _ = Return.objects.get_or_create(
                    agency=agency, year=year, quarter=quarter.number
                )
                if ret.status not in outstanding:
                    continue
                if _remind(ret, kind, today) == REMINDED:
                    sent += 1
    return sent


REMINDED, ALREADY_TODAY, NO_LEADS = "reminded", "already_today", "no_leads"


def _remind(ret: Return, kind: str, today: dt.date) -> str:
    """Record and queue one reminder of `ret` for `today`, unless it already had one today
    (one per return per day, kept by a unique constraint) or its agency has no lead to tell."""
    recipients = list(agency_leads_of(ret.agency_id).values_list("email", flat=True))
    if not recipients:
        return NO_LEADS
    reminder, created = ReminderSent.objects.get_or_create(
        ret=ret,
        sent_on=today,
        defaults={"kind": kind, "recipients": ", ".join(sorted(recipients))},
    )
    if not created:
        return ALREADY_TODAY
    _queue_reminder_email(reminder)
    return REMINDED


@transaction.atomic
def chase_returns(*, by, keys, today: dt.date | None = None) -> dict[str, int]:
    """Business support chase returns in one click (issue 16): `keys` are (agency id, start
    year, quarter). Each return whose quarter has ended and that is not yet submitted is
    reminded through the same reminder as the daily e-mail (due soon, or overdue after its due
    date), at most once per return per day. Returns how many were reminded, already reminded
    today, had no agency lead, or did not need chasing."""
    if not may_review(by):
        raise PermissionDenied("Only business support chase returns")
    today = today or timezone.localdate()
    from .worklist import returning_by_year

    wanted = {(int(a), int(y), int(q)) for a, y, q in keys if 1 <= int(q) <= 4}
    years = {
        y.start_year: y
        for y in ReportingYear.objects.filter(start_year__in={y for _, y, _ in wanted})
    }
    returning = returning_by_year(list(years.values()))
    counts = {REMINDED: 0, ALREADY_TODAY: 0, NO_LEADS: 0, "not_needed": 0}
    for agency_id, start_year, quarter in sorted(wanted):
        year = years.get(start_year)
        if year is None or agency_id not in returning[year.pk]:
            counts["not_needed"] += 1
            continue
        if year.quarter(quarter).end >= today:
            counts["not_needed"] += 1
            continue
        ret, _ = Return.objects.get_or_create(agency_id=agency_id, year=year, quarter=quarter)
        if ret.status not in Return.EDITABLE:
            counts["not_needed"] += 1
            continue
        due = due_date_for(year, quarter)
        kind = ReminderSent.Kind.OVERDUE if today > due else ReminderSent.Kind.DUE_SOON
        counts[_remind(ret, kind, today)] += 1
    return counts


def _queue_reminder_email(reminder: ReminderSent) -> None:
    """One e-mail per recorded reminder (a return is reminded at most once a day)."""
    send_after_commit(
        "datasets.tasks.email_reminder",
        key=f"datasets.reminder:{reminder.pk}",
        reminder_id=reminder.pk,
    )


def reminder_email(*, reminder_id: int) -> None:
    reminder = ReminderSent.objects.select_related("ret__agency", "ret__year").get(pk=reminder_id)
    ret = reminder.ret
    url = reverse("return_form", kwargs=ret.url_kwargs())
    if reminder.kind == ReminderSent.Kind.OVERDUE:
        subject = f"Overdue: {ret.agency} dataset return {ret.label}"
        lead = f"The {ret.label} dataset return for {ret.agency} was due on"
    else:
        subject = f"Due soon: {ret.agency} dataset return {ret.label}"
        lead = f"The {ret.label} dataset return for {ret.agency} is due on"
    body = (
        f"{lead} {ret.due_date:%-d %B %Y}.\n\n"
        f"Complete and submit it at {settings_site_url()}{url}\n"
    )
    recipients = [r.strip() for r in reminder.recipients.split(",") if r.strip()]
    send_mail(subject, body, None, recipients)


def return_query_email(*, ret_id: int) -> None:
    ret = Return.objects.select_related("agency", "year").get(pk=ret_id)
    recipients = list(agency_leads_of(ret.agency_id).values_list("email", flat=True))
    if not recipients:
        return
    url = reverse("return_form", kwargs=ret.url_kwargs())
    send_mail(
        f"Query on {ret.agency} dataset return {ret.label}",
        f"Business support have queried the return:\n\n{ret.query_comment}\n\n"
        f"Please check and resubmit it at {settings_site_url()}{url}\n",
        None,
        recipients,
    )


def settings_site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


# --- comparators ------------------------------------------------------------------------------

COMPARATOR_COLUMNS = ("code", "year", "london", "statistical_neighbours", "england")


@transaction.atomic
def comparators_import(*, rows: list[dict]) -> int:
    """Import published comparators (code, year label e.g. 2021-22, london,
    statistical_neighbours, england); all or nothing, errors name the row. Returns rows saved."""
    from decimal import InvalidOperation

    from cscp.models import start_year_from_label

    from .models import Comparator

    indicators = {i.code: i for i in Indicator.objects.all()}
    years = {y.start_year: y for y in ReportingYear.objects.all()}
    errors, records = [], []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if code not in indicators:
            errors.append(f"Row {number}: unknown indicator code {code!r}")
            continue
        try:
            year = years[start_year_from_label((row.get("year") or "").strip())]
        except (ValueError, KeyError):
            errors.append(f"Row {number}: unknown reporting year {row.get('year')!r}")
            continue
        numbers = {}
        for column in COMPARATOR_COLUMNS[2:]:
            text = (row.get(column) or "").strip()
            try:
                numbers[column] = Decimal(text) if text else None
            except InvalidOperation:
                errors.append(f"Row {number}: {column} must be a number, not {text!r}")
        records.append((indicators[code], year, numbers))
    if errors:
        raise ValidationError(errors)
    for indicator, year, numbers in records:
        comparator = Comparator.objects.filter(indicator=indicator, year=year).first()
        comparator = comparator or Comparator(indicator=indicator, year=year)
        for column, value in numbers.items():
            setattr(comparator, column, value)
        comparator.full_clean()
        comparator.save()
    return len(records)


@transaction.atomic
def comparators_import_open_data(*, text: str, la_codes=None, neighbours=None) -> int:
    """Save the comparators of a DfE open-data CSV (datasets.open_data): all or nothing, the
    errors naming their rows. Returns how many comparators were saved."""
    from . import open_data
    from .models import Comparator

    result = open_data.preview(text, la_codes=la_codes, neighbours=neighbours)
    years = {y.start_year: y for y in ReportingYear.objects.all()}
    errors = list(result.errors)
    for row in result.rows:
        if row["start_year"] not in years:
            label = f"{row['start_year']}-{(row['start_year'] + 1) % 100:02d}"
            errors.append(f"{row['code']}: there is no reporting year {label}")
    if errors:
        raise ValidationError(sorted(set(errors), key=errors.index))
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={r["code"] for r in result.rows})
    }
    for row in result.rows:
        comparator = Comparator.objects.filter(
            indicator=indicators[row["code"]], year=years[row["start_year"]]
        ).first() or Comparator(indicator=indicators[row["code"]], year=years[row["start_year"]])
        for column in ("england", "region", "london", "statistical_neighbours"):
            setattr(comparator, column, row[column])
        comparator.full_clean()
        comparator.save()
    return len(result.rows)
