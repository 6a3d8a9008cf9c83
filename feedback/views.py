from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from cscp.access import allow, public
from cscp.models import ReportingYear, Theme
from cscp.ratelimit import over_limit
from cscp.roles import READERS
from cscp.years import year_from_request

from . import selectors, services
from .forms import PublicFeedbackForm, YearFilterForm
from .models import Survey

RATE_LIMIT = 5  # feedback submissions ...
RATE_WINDOW = 60 * 60  # ... per hour from one address
PAGE_SIZE = 25


@public
def public_form(request):
    if request.method == "POST":
        if over_limit(request, "feedback", limit=RATE_LIMIT, window=RATE_WINDOW):
            return render(request, "feedback/rate_limited.html", status=429)
        form = PublicFeedbackForm(request.POST)
        if form.is_spam:
            return redirect("feedback_public_thanks")  # tell a bot nothing
        if form.is_valid():
            data = form.cleaned_data
            services.feedback_receive(
                text=data["text"],
                source=data["source"],
                consent=data["consent"],
                service=data["service"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
            )
            return redirect("feedback_public_thanks")
    else:
        form = PublicFeedbackForm()
    return render(request, "feedback/public_form.html", {"form": form})


@public
def public_thanks(request):
    return render(request, "feedback/public_thanks.html")


@allow(*READERS)
def overview(request):
    """Approved feedback by theme and service, with counts by sentiment and year."""
    years = [y.label for y in ReportingYear.objects.order_by("-start_year")]
    themes = list(Theme.objects.filter(active=True).order_by("name"))
    wanted = request.GET.copy()
    # The shared rule and parser (cscp.years): open on the report year; an unknown year is a
    # 404 as on every page; "All years" is ?year= (blank).
    chosen_year = year_from_request(request) if wanted.get("year", None) != "" else None
    wanted["year"] = chosen_year.label if chosen_year else ""
    filters = YearFilterForm(wanted, years=years, themes=themes)
    queryset = selectors.approved_feedback()
    chosen_theme = None
    if chosen_year:
        queryset = queryset.in_year(chosen_year)
    if filters.is_valid() and filters.cleaned_data["theme"]:
        chosen_theme = next(t for t in themes if t.slug == filters.cleaned_data["theme"])
        queryset = queryset.filter(themes=chosen_theme)
    items = queryset.select_related("agency").prefetch_related("themes").order_by("-received_on")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/overview.html",
        {
            "filters": filters,
            "error_form": filters,
            "chosen_year": chosen_year,
            "chosen_theme": chosen_theme,
            "sentiments": [label for _, label in selectors.SENTIMENT_COLUMNS],
            # Counts by year ignore the year filter (they compare years).
            "by_year": selectors.counts_by_year(
                selectors.approved_feedback().filter(themes=chosen_theme)
                if chosen_theme
                else selectors.approved_feedback()
            ),
            "by_service": selectors.counts_by_service(queryset),
            "by_theme": selectors.counts_by_theme(queryset),
            "page": page,
            "surveys": {
                "surveys": selectors.surveys_with_results(
                    Survey.objects.in_year(chosen_year) if chosen_year else None
                )
            },
            "query": query.urlencode(),
        },
    )
