from django.shortcuts import render

from .access import allow
from .models import ReportingYear
from .panels import panels_for
from .roles import ALL_ROLES


@allow(*ALL_ROLES)
def home(request):
    return render(
        request,
        "cscp/home.html",
        {
            "panels": panels_for(request.user),
            "current_year": ReportingYear.current(),
            "agencies": list(request.user.agencies.all()),
        },
    )
