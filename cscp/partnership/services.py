"""Writes of the partnership core outside the admin: the set-up page's one action, and the
`setup_partnership` command's."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cscp.models import GovernanceMember, ReportingYear, ReportSignOff, ScrutinyReview, User
from cscp.reporting.models import AnnualReport
from cscp.roles import Role, sync_role_groups


@transaction.atomic
def reporting_year_start(*, start_year: int, by: User) -> ReportingYear:
    """Start a reporting year (idempotent): returns and reports hang off it."""
    if not by.has_role(Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    year = ReportingYear(start_year=start_year)
    year.full_clean(validate_unique=False)
    year, _ = ReportingYear.objects.get_or_create(start_year=start_year)
    return year


@transaction.atomic
def user_grant_business_support(*, user: User) -> User:
    """Give a person (e.g. the first superuser) the business support role and the admin."""
    sync_role_groups()
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_staff = True
    user.full_clean()
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=Role.BUSINESS_SUPPORT.label))
    return user


# --- Sign-off and publication of the yearly report ----------------------------------------


def needs_sign_off(report: AnnualReport) -> bool:
    """Working Together 2023 reports (from REPORT_SIGN_OFF_FROM_YEAR) need the scrutineer's
    review and each lead partner's sign-off; earlier (WT2018) reports did not."""
    return report.year.start_year >= settings.REPORT_SIGN_OFF_FROM_YEAR


def publication_blockers(report: AnnualReport) -> list[str]:
    """What must be recorded before `report` may be published (empty: nothing)."""
    if not needs_sign_off(report):
        return []
    blockers = []
    if not ScrutinyReview.objects.filter(report=report).exists():
        blockers.append("The independent scrutineer's review of the draft is not recorded.")
    signed = set(report.sign_offs.values_list("post", flat=True))
    for post in GovernanceMember.LEAD_POSTS:
        if post not in signed:
            blockers.append(f"Not yet signed off by the {post.label.lower()}.")
    return blockers


@transaction.atomic
def scrutiny_review_record(
    *, report: AnnualReport, scrutineer: GovernanceMember, reviewed_on: dt.date, findings: str, by
) -> ScrutinyReview:
    if not by.has_role(Role.BUSINESS_SUPPORT, Role.SCRUTINEER):
        raise PermissionDenied
    review = ScrutinyReview.objects.filter(report=report).first() or ScrutinyReview(report=report)
    review.scrutineer, review.reviewed_on, review.findings = scrutineer, reviewed_on, findings
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def report_sign_off(*, report: AnnualReport, member: GovernanceMember, signed_on: dt.date, by):
    """Record a lead safeguarding partner's sign-off (after the scrutineer's review)."""
    if not by.has_role(Role.BUSINESS_SUPPORT):
        raise PermissionDenied
    if member.post not in GovernanceMember.LEAD_POSTS:
        raise ValidationError("Only a lead safeguarding partner signs off the yearly report.")
    record = ReportSignOff(
        report=report,
        post=member.post,
        name=member.name,
        role_title=member.role_title,
        signed_on=signed_on,
    )
    record.full_clean()
    record.save()
    return record


def publication_due_on(report: AnnualReport) -> dt.date:
    """The period's end plus REPORT_PUBLICATION_DUE_MONTHS (a setting: [check] 3 months)."""
    end = report.year.end
    month = end.month - 1 + settings.REPORT_PUBLICATION_DUE_MONTHS
    year, month = end.year + month // 12, month % 12 + 1
    # The last day of that month (the period ends on a month's last day).
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)
