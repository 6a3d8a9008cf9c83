from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from cscp.access import allow, public
from cscp.models import Agency, ReportingYear
from cscp.roles import READERS, Role

from . import services
from .models import GovernanceMember, PartnerDecision
from .selectors import current_partnership, governance_on, lead_partners_on
from .setup import setup_steps


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


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["GET", "POST"])
def setup(request):
    """First run: what is still missing before agency leads can make their first returns."""
    start_year = ReportingYear.start_year_for(timezone.localdate())
    if request.method == "POST":
        year = services.reporting_year_start(start_year=start_year, by=request.user)
        messages.success(request, f"The reporting year {year.label} has started.")
        return redirect("partnership_setup")
    steps = setup_steps()
    return render(
        request,
        "cscp/partnership/setup.html",
        {
            "steps": steps,
            "done_count": sum(1 for s in steps if s.done),
            "all_done": all(s.done for s in steps),
            "year_to_start": ReportingYear(start_year=start_year),
            "year_started": ReportingYear.objects.filter(start_year=start_year).exists(),
        },
    )
