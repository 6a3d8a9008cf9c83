from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cscp import exports, uploads
from cscp.access import allow, for_user_agencies, get_for_agency_or_404, require
from cscp.charts import bar_chart
from cscp.models import ReportingYear
from cscp.roles import ALL_ROLES, READERS, Role
from cscp.years import year_from_label_or_404, year_from_request, year_picker

from . import services
from .forms import ActionUpdateForm
from .models import Action, Outcome, PriorityGroup
from .selectors import (
    attendance_by_agency,
    attendance_summary,
    group_summaries,
    groups_for_year,
)

ACTION_EDITORS = (Role.BUSINESS_SUPPORT, Role.AGENCY_LEAD)


@allow(*READERS)
def group_list(request):
    groups = list(PriorityGroup.objects.select_related("chair_agency"))
    years = list(ReportingYear.objects.order_by("-start_year"))
    year = year_from_request(request)
    rows = [
        {"group": group, "years": [y for y in years if group.is_active_in(y)]} for group in groups
    ]
    attendance = attendance_by_agency(year) if year else []
    summary = attendance_summary(attendance, 0)
    chart = ""
    if attendance:
        chart = bar_chart(
            [(row.agency, row.rate) for row in attendance],
            title=f"Attendance rate by agency across all priority groups, {year.label}",
            unit=" %",
        )
    return render(
        request,
        "priority_groups/group_list.html",
        {
            "rows": rows,
            "year": year,
            "picker": year_picker(year, years=years),
            "attendance": summary,
            "chart": chart,
        },
    )


@allow(*READERS)
def group_detail(request, slug: str, year: str):
    reporting_year = year_from_label_or_404(year)
    found = list(groups_for_year(reporting_year, PriorityGroup.objects.filter(slug=slug)))
    if not found:
        raise Http404
    group = found[0]
    summary = group_summaries(reporting_year, [group])[0]
    today = timezone.localdate()
    actions = [
        {"action": action, "overdue": action.is_overdue(today)}
        for action in Action.objects.open()
        .filter(group=group)
        .select_related("owner_agency", "meeting")
        .order_by("due_date", "id")
    ]
    chart = bar_chart(
        [(row["agency"], row["rate"]) for row in summary["attendance"]["agencies"]],
        title=f"Attendance rate by agency, {group.name}, {reporting_year.label}",
        unit=" %",
    )
    years = [y for y in ReportingYear.objects.order_by("-start_year") if group.is_active_in(y)]
    return render(
        request,
        "priority_groups/group_detail.html",
        {
            "group": group,
            "data": summary,
            "year": reporting_year,
            "years": years,
            "actions": actions,
            "overdue_count": sum(1 for a in actions if a["overdue"]),
            "chart": chart if summary["attendance"]["agencies"] else "",
            "members": list(group.members.all()),
        },
    )


@allow(*ALL_ROLES)
def action_list(request):
    actions = (
        for_user_agencies(Action.objects.all(), request.user, "owner_agency")
        .select_related("group", "owner_agency")
        .order_by("-status", "due_date", "id")  # open first, then dropped, done
    )
    today = timezone.localdate()
    rows = [{"action": a, "overdue": a.is_overdue(today)} for a in actions]
    return render(request, "priority_groups/action_list.html", {"rows": rows})


@allow(*ALL_ROLES)
def action_detail(request, pk: int):
    action = get_for_agency_or_404(
        Action.objects.select_related("group", "owner_agency", "meeting"),
        request.user,
        "owner_agency",
        pk=pk,
    )
    may_edit = request.user.has_role(*ACTION_EDITORS)
    form = None
    if request.method == "POST":
        require(may_edit)
        form = ActionUpdateForm(request.POST, instance=action)
        if form.is_valid():
            try:
                services.action_update(
                    action=action,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    update=form.cleaned_data["update"],
                    opened_version=form.cleaned_data.get("opened_version"),
                )
            except ValidationError as exc:  # includes StaleEdit: changed by someone else
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "The action has been updated.")
                return redirect("priority_group_action", pk=action.pk)
    elif may_edit:
        form = ActionUpdateForm(instance=action)
    return render(
        request,
        "priority_groups/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue(),
            "form": form,
        },
    )


@allow(*READERS)
def outcome_evidence(request, pk: int):
    """The evidence file of an outcome: files are never served as public media."""
    outcome = get_object_or_404(Outcome.objects.exclude(evidence_file=""), pk=pk)
    name = outcome.evidence_file.name.rsplit("/", 1)[-1]
    stream = outcome.evidence_file.open("rb")
    # Always a download, typed by its checked content (never by its name: a stored .js must not
    # come back as script), and the browser is told not to guess.
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=exports.safe_filename(name),
        content_type=uploads.served_content_type(stream, name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
