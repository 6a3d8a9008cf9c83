from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cscp.access import agency_leads_only_own, allow, for_user_agencies
from cscp.roles import READERS, Role
from cscp.years import year_from_request, year_picker

from . import selectors, services
from .documents import DOCX_TYPE, docx_filename, rapid_review_docx
from .forms import ActionUpdateForm
from .models import Action, ParallelProceeding, PracticeReview, RapidReview, Recommendation

# Who may download a rapid review as a Word document: business support, who send it to the
# Panel, and the scrutineer, who reads everything. Never an agency lead (another agency's
# summaries are in it).
RAPID_REVIEW_DOCX_ROLES = (Role.BUSINESS_SUPPORT, Role.SCRUTINEER)

RAG_COLOURS = {"red": "red", "amber": "yellow", "green": "green"}


@allow(*READERS)
def review_list(request):
    year = year_from_request(request)
    today = timezone.localdate()
    rapid = [
        selectors.clock_row(r, today)
        for r in RapidReview.objects.for_year(year).order_by("la_aware_on", "reference")
    ]
    practice = (
        PracticeReview.objects.filter(
            Q(completed_on__range=(year.start, year.end))
            | Q(decision_on__range=(year.start, year.end))
            | Q(completed_on__isnull=True, decision_on__lte=year.end)
        )
        .order_by("decision_on", "title")
        .distinct()
        .prefetch_related("parallel_proceedings")
    )
    return render(
        request,
        "reviews/review_list.html",
        {
            "year": year,
            "picker": year_picker(year),
            "rapid_rows": rapid,
            "practice_rows": [selectors.lifecycle_row(r, today) for r in practice],
        },
    )


@allow(*READERS)
def rapid_review_detail(request, pk):
    review = get_object_or_404(
        RapidReview.objects.select_related("year").prefetch_related(
            "children",
            "agency_summaries__agency",
            "themes__theme",
            "practice_reviews",
        ),
        pk=pk,
    )
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "review": review,
            "clock": selectors.clock_row(review, timezone.localdate()),
            "may_download": request.user.has_role(*RAPID_REVIEW_DOCX_ROLES),
        },
    )


@require_GET
@allow(*RAPID_REVIEW_DOCX_ROLES)
def rapid_review_docx_view(request, pk):
    """The rapid review as a Word document (an attachment, never shown in the browser)."""
    review = get_object_or_404(RapidReview, pk=pk)
    return FileResponse(
        io.BytesIO(rapid_review_docx(review)),
        as_attachment=True,
        filename=docx_filename(review),
        content_type=DOCX_TYPE,
    )


@allow(*READERS)
def practice_review_detail(request, pk):
    actions = Action.objects.select_related("owner_agency")
    review = get_object_or_404(
        PracticeReview.objects.prefetch_related(
            "rapid_reviews",
            "themes__theme",
            Prefetch("parallel_proceedings", queryset=ParallelProceeding.objects.order_by("pk")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.prefetch_related(
                    Prefetch("actions", queryset=actions)
                ),
            ),
        ),
        pk=pk,
    )
    today = timezone.localdate()
    recommendations = [
        {
            "recommendation": rec,
            "actions": [_action_row(a, today) for a in rec.actions.all()],
        }
        for rec in review.recommendations.all()
    ]
    return render(
        request,
        "reviews/practice_review_detail.html",
        {
            "review": review,
            "recommendations": recommendations,
            "lifecycle": selectors.lifecycle_row(review, today),
        },
    )


@allow(*READERS)
def theme_tracker_view(request):
    year = year_from_request(request)
    return render(
        request,
        "reviews/theme_tracker.html",
        {
            "year": year,
            "picker": year_picker(year),
            "tracker": selectors.theme_tracker(year),
        },
    )


@allow(*READERS)
def learning_overview(request):
    """Briefings and learning events, multi-agency audits and inspections of a year."""
    from .report import audit_figures, inspection_figures, learning_figures

    year = year_from_request(request)
    return render(
        request,
        "reviews/learning.html",
        {
            "year": year,
            "picker": year_picker(year),
            "learning": learning_figures(year),
            "audits": audit_figures(year),
            "inspections": inspection_figures(year),
        },
    )


def _action_row(action: Action, today) -> dict:
    rag = action.rag(today)
    return {
        "action": action,
        "rag": rag,
        "rag_label": Action.Rag(rag).label,
        "rag_colour": RAG_COLOURS[rag],
        "overdue": action.is_overdue(today),
    }


@allow(*READERS, Role.AGENCY_LEAD)
def action_list(request):
    """Partnership-wide readers see every action; an agency lead only their agencies' ones,
    and nothing of the reviews beyond the recommendation the action answers."""
    today = timezone.localdate()
    queryset = for_user_agencies(Action.objects.all(), request.user, "owner_agency")
    status = request.GET.get("status", "open")
    if status == "open":
        queryset = queryset.open()
    rows = [_action_row(a, today) for a in selectors.actions_for(queryset)]
    return render(
        request,
        "reviews/action_list.html",
        {
            "rows": rows,
            "overdue_rows": [r for r in rows if r["overdue"]],
            "status": status,
            "is_agency_lead": not request.user.has_role(*READERS),
            "can_update": request.user.has_role(Role.BUSINESS_SUPPORT, Role.AGENCY_LEAD),
        },
    )


@allow(Role.BUSINESS_SUPPORT, Role.AGENCY_LEAD)
def action_update_view(request, pk):
    action = get_object_or_404(
        agency_leads_only_own(
            Action.objects.select_related("owner_agency", "recommendation"),
            request.user,
            "owner_agency",
        ),
        pk=pk,
    )
    form = ActionUpdateForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=Action.objects.get(pk=action.pk),
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
                expected_version=form.cleaned_data.get("opened_version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The action has been updated.")
            return redirect("review_action_list")
    return render(
        request,
        "reviews/action_update.html",
        {"form": form, "action": action, "recommendation": action.recommendation},
    )
