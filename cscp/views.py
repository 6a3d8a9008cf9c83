from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import scrutiny
from .access import allow
from .forms import SignInForm
from .panels import panels_for
from .roles import ALL_ROLES, READERS
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


class SignInView(auth_views.LoginView):
    """Django's sign-in, remembering the user's previous sign-in for this session, so that the
    scrutiny page can show what changed since then without writing anything itself."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        previous = form.get_user().last_login
        response = super().form_valid(form)
        if previous is not None:
            self.request.session[scrutiny.SESSION_KEY] = previous.isoformat()
        return response


@require_GET
@allow(*READERS)
def scrutiny_page(request):
    from .reporting import checklist, services
    from .reporting.compose import compose

    since, since_is_sign_in = scrutiny.since_for(request)
    report = scrutiny.report_in_progress()
    failing = []
    if report is not None:
        items = services.report_checklist(report, compose(report))
        failing = [item for item in checklist.for_viewer(items, request.user) if not item["ok"]]
    return render(
        request,
        "cscp/scrutiny.html",
        {
            "since": since,
            "since_is_sign_in": since_is_sign_in,
            "changes": scrutiny.changes_since(since),
            "max_changes": scrutiny.MAX_CHANGES,
            "report": report,
            "checklist_failing": failing,
            "challenges": list(scrutiny.open_challenges()),
        },
    )
