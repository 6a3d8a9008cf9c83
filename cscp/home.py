"""The annual report's panel on the home page: approving the report is the executive's main
job and driving it through its workflow is business support's, so it comes first for both."""

from __future__ import annotations

from django.urls import reverse

from .panels import Panel
from .reporting.models import AnnualReport
from .roles import Role

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


def panels(user) -> list[Panel]:
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
