"""Home page panel: business support see the feedback awaiting moderation."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from cscp.panels import Panel
from cscp.roles import Role

from .models import CaseStudy, FeedbackItem, Status


def moderation_counts() -> dict[str, int]:
    """Feedback items and case studies still to be reviewed or decided (two queries)."""
    waiting = Q(status__in=[Status.RECEIVED, Status.REVIEWED])
    counts = FeedbackItem.objects.filter(waiting).aggregate(
        received=Count("pk", filter=Q(status=Status.RECEIVED)),
        reviewed=Count("pk", filter=Q(status=Status.REVIEWED)),
    )
    counts["case_studies"] = CaseStudy.objects.filter(waiting).count()
    return counts


def _items(n: int) -> str:
    return f"{n} feedback item{'' if n == 1 else 's'}"


def panels(user) -> list[Panel]:
    if not user.has_role(Role.BUSINESS_SUPPORT):
        return []
    counts = moderation_counts()
    changelist = reverse("admin:feedback_feedbackitem_changelist")
    items = []
    if counts["received"]:
        items.append(
            {
                "text": f"{_items(counts['received'])} received, not yet reviewed",
                "url": f"{changelist}?status__exact={Status.RECEIVED}",
                "tag": "New",
                "tag_colour": "blue",
            }
        )
    if counts["reviewed"]:
        items.append(
            {
                "text": f"{_items(counts['reviewed'])} reviewed, awaiting a decision",
                "url": f"{changelist}?status__exact={Status.REVIEWED}",
            }
        )
    if counts["case_studies"]:
        items.append(
            {
                "text": f"{counts['case_studies']} case "
                f"stud{'ies' if counts['case_studies'] != 1 else 'y'} awaiting moderation",
                "url": reverse("admin:feedback_casestudy_changelist"),
            }
        )
    return [
        Panel(
            title="Feedback awaiting moderation",
            items=items,
            empty_text="No feedback is waiting to be moderated.",
            link_url=changelist,
            link_text="Open the feedback moderation queue",
            order=60,
        )
    ]
