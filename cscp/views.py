from django.shortcuts import render

from .access import allow
from .panels import panels_for
from .roles import ALL_ROLES
from .years import in_progress_year, report_year


@allow(*ALL_ROLES)
def home(request):
    return render(
        request,
        "cscp/home.html",
        {
            "panels": panels_for(request.user),
            "current_year": in_progress_year(),
            "report_year": report_year(),
            "agencies": list(request.user.agencies.all()),
        },
    )
