"""The core's home-page panels. The annual report's: approving the report is the executive's
main job and driving it through its workflow is business support's, so it comes first for both;
its publication due date as it nears. Until the partnership is set up, business support see what
is missing and the way to the set-up page (a new partnership needs to type no URL)."""

from __future__ import annotations

from django.urls import reverse

from .panels import Panel
from .reporting.models import AnnualReport
from .roles import READERS, Role

S = AnnualReport.Status

# What each role is asked to do with a report in each status: (tag, colour). A status absent
# from a role's table is shown to that role as plain status, without a call to act.
ASKS = {
    Role.EXECUTIVE: {S.IN_REVIEW: ("Awaiting your approval", "red")},
    Role.BUSINESS_SUPPORT: {
        S.DRAFT: ("Request contributions", "yellow"),
        S.CONTRIBUTIONS_REQUESTED: ("Collecting contributions", "blue"),
        S.IN_REVIEW: ("With the executive", "blue"),
        S.APPROVED: ("Approved: ready to publish", "green"),
    },
    Role.SCRUTINEER: {S.IN_REVIEW: ("Draft ready to scrutinise", "yellow")},
}


def _report_panel(user) -> list[Panel]:
    roles = [role for role in ASKS if user.has_role(role)]
    if not roles:
        return []
    items = []
    reports = (
        AnnualReport.objects.exclude(status=S.PUBLISHED)
        .select_related("year")
        .order_by("-year__start_year")
    )
    for report in reports:
        ask = next(
            (ASKS[role][report.status] for role in roles if report.status in ASKS[role]), None
        )
        tag, colour = ask or (report.get_status_display(), "grey")
        items.append(
            {
                "text": report.display_title,
                "url": reverse("report_detail", kwargs={"label": report.label}),
                "tag": tag,
                "tag_colour": colour,
            }
        )
    return [
        Panel(
            title="Annual report",
            items=items,
            empty_text="No annual report is in progress.",
            link_url=reverse("report_list"),
            link_text="All annual reports",
            order=5,
        )
    ]


def panels(user) -> list[Panel]:
    result = _report_panel(user)
    result.extend(_my_contributions_panel(user))
    if user.has_role(*READERS):
        result.extend(_publication_panel())
    if user.has_role(Role.SCRUTINEER):
        result.extend(_scrutiny_due_panel())
    if user.has_role(Role.BUSINESS_SUPPORT):
        result.extend(_setup_panel())
        result.extend(_dispatch_panel())
    return result


def _my_contributions_panel(user) -> list[Panel]:
    """Reflections asked of this person for a report in progress, until received."""
    from django.utils import timezone

    from .reporting.models import Contribution

    asked = (
        Contribution.objects.filter(
            user=user, received_on__isnull=True, not_received_on__isnull=True
        )
        .exclude(report__status=S.PUBLISHED)
        .select_related("report__year")
        .order_by("due_on")
    )
    today = timezone.localdate()
    items = [
        {
            "text": f"Your reflection for the {c.report.label} report ({c.role_title or c.name}), "
            f"due {c.due_on:%-d %B %Y}",
            "url": reverse("report_detail", args=[c.report.label]),
            "tag": "Overdue" if c.due_on < today else "Requested",
            "tag_colour": "red" if c.due_on < today else "yellow",
        }
        for c in asked
    ]
    return [Panel(title="Reflections asked of you", items=items, order=2)] if items else []


def _scrutiny_due_panel() -> list[Panel]:
    """Working Together 2023 reports in progress whose draft the scrutineer has not reviewed."""
    from .partnership.services import needs_sign_off

    reports = (
        AnnualReport.objects.exclude(status__in=(S.DRAFT, S.PUBLISHED))
        .filter(scrutiny_review__isnull=True)
        .select_related("year")
        .order_by("-year__start_year")
    )
    items = [
        {
            "text": f"Review the draft {report.label} yearly report before the lead partners "
            "sign it off",
            "url": reverse("report_detail", args=[report.label]),
            "tag": "Your review is due",
            "tag_colour": "yellow",
        }
        for report in reports
        if needs_sign_off(report)
    ]
    return [Panel(title="Scrutiny of the yearly report", items=items, order=1)] if items else []


def _dispatch_panel() -> list[Panel]:
    """Published reports still to send to the Panel and to Foundations, with due dates."""
    from django.utils import timezone

    from .reporting.services import dispatches_due

    today = timezone.localdate()
    items = [
        {
            "text": f"Send the published {d.report.label} report to the "
            f"{d.get_recipient_display()} by {d.due_on:%-d %B %Y}",
            "url": reverse(f"admin:{d._meta.app_label}_{d._meta.model_name}_change", args=[d.pk]),
            "tag": "Overdue" if d.due_on < today else "To send",
            "tag_colour": "red" if d.due_on < today else "yellow",
        }
        for d in dispatches_due()
    ]
    return [Panel(title="Send the published report", items=items, order=1)] if items else []


def _publication_panel() -> list[Panel]:
    """The yearly report's publication due date, as it nears, with what still blocks it."""
    from django.conf import settings
    from django.utils import timezone

    from .partnership.services import publication_blockers, publication_due_on
    from .reporting.models import AnnualReport

    report = (
        AnnualReport.objects.select_related("year")
        .exclude(status=AnnualReport.Status.PUBLISHED)
        .order_by("-year__start_year")
        .first()
    )
    if report is None:
        return []
    due = publication_due_on(report)
    days = (due - timezone.localdate()).days
    if days > settings.REPORT_DUE_WARNING_DAYS:
        return []
    tag, colour = ("Overdue", "red") if days < 0 else ("Due soon", "yellow")
    items = [
        {
            "text": f"Publication of the {report.label} yearly report due {due:%-d %B %Y}",
            "url": reverse("report_detail", args=[report.label]),
            "tag": tag,
            "tag_colour": colour,
        }
    ]
    items += [{"text": blocker} for blocker in publication_blockers(report)]
    return [Panel(title="Yearly report publication", items=items, order=1)]


def _setup_panel() -> list[Panel]:
    from .partnership.setup import setup_steps

    steps = setup_steps()
    to_do = [s for s in steps if not s.done]
    if not to_do:
        return []
    url = reverse("partnership_setup")
    return [
        Panel(
            title=f"Set up the partnership: {len(to_do)} of {len(steps)} steps to do",
            items=[{"text": s.title, "url": f"{url}#step-{s.key}"} for s in to_do],
            link_url=url,
            link_text="Go to the set-up page",
            order=0,
        )
    ]
