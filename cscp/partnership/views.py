from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from cscp.access import allow, public
from cscp.models import Agency
from cscp.roles import READERS

from .models import GovernanceMember, PartnerDecision
from .selectors import current_partnership, governance_on, lead_partners_on


@public
@cache_control(max_age=300)
def brand_css(request):
    """The partnership's colour as a stylesheet (the CSP allows no inline styles)."""
    colour = current_partnership(request).brand_colour
    css = (
        f".cscp-header{{background-color:{colour}}}"
        f".cscp-panel{{border-left-color:{colour}}}"
        ".cscp-header__logo{max-height:40px;vertical-align:middle;margin-right:10px}"
    )
    return HttpResponse(css, content_type="text/css")


@public
@cache_control(max_age=300)
def logo(request):
    partnership = current_partnership(request)
    if not partnership.logo:
        raise Http404("No logo")
    kind = "image/png" if partnership.logo.name.lower().endswith(".png") else "image/jpeg"
    return FileResponse(partnership.logo.open("rb"), content_type=kind)


@allow(*READERS)
def governance(request):
    """Who the partners are today (Working Together 2023), the relevant agencies and the
    partners' decisions: for the executive and the scrutineer to see at a glance."""
    held = governance_on()
    Post = GovernanceMember.Post
    return render(
        request,
        "cscp/partnership/governance.html",
        {
            "lead_partners": lead_partners_on(),
            "chair": held.get(Post.CHAIR),
            "scrutineer": held.get(Post.SCRUTINEER),
            "past_members": GovernanceMember.objects.select_related("agency").exclude(
                pk__in=[m.pk for m in held.values()]
            ),
            "agencies": Agency.objects.filter(active=True, relevant_agency=True),
            "decisions": PartnerDecision.objects.all()[:50],
        },
    )
