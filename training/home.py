"""Training's "needs your attention" panels on the home page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from cscp.panels import Panel
from cscp.queries import count
from cscp.roles import Role

from .models import Booking, ImportBatch, Session


def registers_to_take(limit: int = 10):
    """Sessions that have started and still have bookings with no attendance marked."""
    # Asked of each session through the (session, status) index and counted for the rows
    # shown only: grouping every past session's bookings grew with the years of them.
    unmarked = Booking.objects.filter(session=OuterRef("pk"), status=Booking.Status.BOOKED)
    return (
        Session.objects.filter(Exists(unmarked), starts_at__lte=timezone.now())
        .annotate(unmarked=count(unmarked))
        .select_related("course")
        .order_by("-starts_at")[:limit]
    )


def panels(user) -> list[Panel]:
    if not user.has_role(Role.BUSINESS_SUPPORT):
        return []
    items = [
        {
            "text": f"{s.course.title}, {timezone.localtime(s.starts_at):%d %b %Y}",
            "url": reverse("training_register", kwargs={"pk": s.pk}),
            "tag": f"{s.unmarked} unmarked",
            "tag_colour": "yellow",
        }
        for s in registers_to_take()
    ]
    items += [
        {
            "text": f"Completions import {b.filename}",
            "url": reverse("training_import", kwargs={"pk": b.pk}),
            "tag": "Awaiting confirmation",
            "tag_colour": "orange",
        }
        for b in ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEW)
        .only("pk", "filename")
        .order_by("-uploaded_at")[:5]
    ]
    return [
        Panel(
            title="Training registers and imports",
            items=items,
            empty_text="Every register is taken and no import is waiting.",
            link_url=reverse("training_sessions"),
            link_text="All training registers",
            order=60,
        )
    ]
