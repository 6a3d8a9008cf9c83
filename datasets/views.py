from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cscp.access import agency_leads_only_own, allow
from cscp.models import Agency, ReportingYear
from cscp.roles import READERS, Role
from cscp.years import year_from_request, year_picker

from . import rules, selectors, services, spreadsheets
from .forms import (
    QueryForm,
    ReopenForm,
    ReturnForm,
    UploadForm,
    commentary_field,
    ethnicity_field,
    explanation_field,
    value_field,
)
from .models import ETHNICITY_CATEGORIES, Return

WRITERS = (Role.AGENCY_LEAD, Role.BUSINESS_SUPPORT)


def _return_for(user, agency_id: int, start_year: int, quarter: int) -> Return:
    """The return (or a not-started one) of an agency the user may write; 404 otherwise."""
    if not 1 <= quarter <= 4:
        raise Http404
    agencies = agency_leads_only_own(Agency.objects.filter(active=True), user, agency_field="pk")
    agency = get_object_or_404(agencies, pk=agency_id)
    year = get_object_or_404(ReportingYear, start_year=start_year)
    ret = (
        Return.objects.select_related("agency", "year")
        .filter(agency=agency, year=year, quarter=quarter)
        .first()
    )
    if ret is None:
        if not services.enterable_indicators(agency.pk, year).exists():
            raise Http404
        ret = Return(agency=agency, year=year, quarter=quarter)
    return ret


def _return_url(ret: Return, name: str = "return_form") -> str:
    return reverse(name, kwargs=ret.url_kwargs())


@allow(*WRITERS)
def return_list(request):
    # Every year that exists, from the day it is created: leads never type URLs.
    years = list(ReportingYear.objects.order_by("-start_year"))
    rows = selectors.returns_for_user(request.user, years)
    today = timezone.localdate()
    for row in rows:
        row["url"] = reverse(
            "return_form",
            kwargs={
                "agency_id": row["agency"].pk,
                "start_year": row["year"].start_year,
                "quarter": row["quarter"],
            },
        )
        row["overdue"] = row["status"] in Return.EDITABLE and today > row["due"]
    return render(
        request,
        "datasets/return_list.html",
        {"years": years, "rows": rows, "is_support": request.user.has_role(Role.BUSINESS_SUPPORT)},
    )


def _field_of(code: str, part: str) -> str:
    if part == "value":
        return value_field(code)
    if part == "ethnicity":
        return ethnicity_field(code, ETHNICITY_CATEGORIES[0][0])
    if part == "explanation":
        return explanation_field(code)
    return commentary_field(code)


def _apply_problems(form: ReturnForm, problems: dict) -> None:
    for (code, part), message in problems.items():
        form.add_error(_field_of(code, part), message)


@allow(*WRITERS)
@require_http_methods(["GET", "POST"])
def return_form(request, agency_id: int, start_year: int, quarter: int):
    ret = _return_for(request.user, agency_id, start_year, quarter)
    indicators = list(
        services.enterable_indicators(ret.agency_id, ret.year).order_by("order", "code")
    )
    history = services.comparison_history(ret)
    population = selectors.population_for(ret.year)
    if request.method == "POST" and ret.is_editable:
        form = ReturnForm(
            request.POST, ret=ret, indicators=indicators, history=history, population=population
        )
        action = request.POST.get("action", "draft")
        if form.is_valid():
            opened = form.cleaned_data.get("opened_version")
            try:
                if action == "submit":
                    services.return_submit(
                        ret=ret,
                        by=request.user,
                        values=form.values(),
                        opened_version=opened,
                    )
                    messages.success(request, f"Return {ret.label} submitted to business support.")
                    return redirect("return_list")
                services.return_save_draft(
                    ret=ret, by=request.user, values=form.values(), opened_version=opened
                )
                messages.success(request, "Draft saved.")
                return redirect(_return_url(ret))
            except services.SubmissionInvalid as exc:
                _apply_problems(form, exc.problems)
                _apply_problems(form, exc.warnings)
            except ValidationError as exc:  # includes StaleEdit: the return changed meanwhile
                form.add_error(None, exc.messages[0] if exc.messages else str(exc))
            # The write was rolled back: show the return as it is stored, with what was typed.
            ret = _return_for(request.user, agency_id, start_year, quarter)
        elif action == "submit":
            # Every problem of the page at once: what submitting would also refuse.
            errors, _ = rules.submission_problems(
                indicators, form.values(), history, ret.year.start_year, ret.quarter, population
            )
            _apply_problems(
                form,
                {
                    key: message
                    for key, message in errors.items()
                    if not form.has_error(_field_of(*key))
                },
            )
    else:
        form = ReturnForm(ret=ret, indicators=indicators, history=history, population=population)
    derived = (
        selectors.derived_rates_of(ret, population=population, counts=form.stored_counts)
        if ret.pk
        else []
    )
    return render(
        request,
        "datasets/return_form.html",
        {
            "ret": ret,
            "form": form,
            "derived": derived,
            "locked_values": (
                list(ret.values.select_related("indicator"))
                if ret.pk and not ret.is_editable
                else []
            ),
            "transitions": list(ret.transitions.select_related("by")) if ret.pk else [],
            "upload_url": _return_url(ret, "return_upload"),
            "download_url": _return_url(ret, "return_xlsx"),
        },
    )


@allow(*WRITERS)
def return_xlsx(request, agency_id: int, start_year: int, quarter: int):
    ret = _return_for(request.user, agency_id, start_year, quarter)
    indicators = list(
        services.enterable_indicators(ret.agency_id, ret.year).order_by("order", "code")
    )
    content = spreadsheets.return_workbook(ret, indicators, services.comparison_history(ret))
    slug = (ret.agency.short_name or ret.agency.name).replace(" ", "-").replace("'", "")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="return-{slug}-{ret.year.label}-Q{ret.quarter}.xlsx"'
    )
    return response


@allow(*WRITERS)
@require_http_methods(["GET", "POST"])
def return_upload(request, agency_id: int, start_year: int, quarter: int):
    ret = _return_for(request.user, agency_id, start_year, quarter)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not ret.is_editable:
            form.add_error("file", "This return is locked: it has been submitted or accepted")
        else:
            indicators = list(services.enterable_indicators(ret.agency_id, ret.year))
            try:
                values = spreadsheets.parse_return_upload(
                    form.cleaned_data["file"], indicators, selectors.population_for(ret.year)
                )
                services.return_save_draft(
                    ret=ret, by=request.user, values=values, opened_version=ret.version
                )
            except spreadsheets.UploadErrors as exc:
                for error in exc.errors:
                    form.add_error("file", error)
            except ValidationError as exc:
                # A model error comes keyed by its field: shown against the file all the same.
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                messages.success(
                    request, "Spreadsheet uploaded and saved as a draft. Check it, then submit."
                )
                return redirect(_return_url(ret))
    return render(
        request,
        "datasets/return_upload.html",
        {
            "ret": ret,
            "form": form,
            "form_url": _return_url(ret),
            "download_url": _return_url(ret, "return_xlsx"),
        },
    )


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["GET", "POST"])
def return_review(request, pk: int):
    ret = get_object_or_404(Return.objects.select_related("agency", "year"), pk=pk)
    query_form = QueryForm(prefix="query")
    reopen_form = ReopenForm(prefix="reopen")
    error_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.return_accept(ret=ret, by=request.user)
                messages.success(request, f"{ret} accepted.")
                return redirect("return_review", pk=ret.pk)
            if action == "query":
                query_form = QueryForm(request.POST, prefix="query")
                error_form = query_form
                if query_form.is_valid():
                    services.return_query(
                        ret=ret, by=request.user, comment=query_form.cleaned_data["comment"]
                    )
                    messages.success(request, f"{ret} sent back to the agency with your query.")
                    return redirect("return_review", pk=ret.pk)
            elif action == "reopen":
                reopen_form = ReopenForm(request.POST, prefix="reopen")
                error_form = reopen_form
                if reopen_form.is_valid():
                    services.return_reopen(
                        ret=ret, by=request.user, reason=reopen_form.cleaned_data["reason"]
                    )
                    messages.success(request, f"{ret} re-opened.")
                    return redirect("return_review", pk=ret.pk)
        except ValidationError as exc:
            ret.refresh_from_db()
            target = error_form or query_form
            target.add_error(None, exc.messages[0] if exc.messages else str(exc))
            error_form = target
    history = services.comparison_history(ret)
    start = ret.year.start_year
    rows = []
    for v in ret.values.select_related("indicator"):
        figures = {**history.get(v.indicator.code, {}), (start, ret.quarter): v.value}
        found = (
            []
            if v.indicator.is_derived
            else rules.changes(v.indicator, start, ret.quarter, figures)
        )
        rows.append(
            {
                "indicator": v.indicator,
                "value": rules.format_value(v.value, v.indicator.unit),
                "changes": [rules.change_text(v.indicator, c) for c in found],
                "explanation": v.explanation,
                "commentary": v.commentary,
            }
        )
    return render(
        request,
        "datasets/return_review.html",
        {
            "ret": ret,
            "rows": rows,
            "derived": selectors.derived_rates_of(ret),
            "transitions": list(ret.transitions.select_related("by")),
            "query_form": query_form,
            "reopen_form": reopen_form,
            "error_form": error_form,
        },
    )


def _pack_year(request) -> ReportingYear:
    # The shared rule (cscp.years): ?year=2021-22 (or the older ?year=2021), else the report year.
    return year_from_request(request)


@allow(*READERS)
def dataset_pack(request):
    year = _pack_year(request)
    data = selectors.year_data(year)
    figures = selectors.figures(year, data=data)
    return render(
        request,
        "datasets/dataset_pack.html",
        {
            "year": year,
            "picker": year_picker(year),
            "figures": figures,
            "population": data.population(year),
            "flags": selectors.quality_flags(year, data=data),
        },
    )


@allow(*READERS)
def dataset_pack_export(request, fmt: str):
    year = _pack_year(request)
    figures = selectors.figures(year)
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheets.pack_xlsx(figures, year.label),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(spreadsheets.pack_csv(figures), content_type="text/csv")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="dataset-pack-{year.label}.{fmt}"'
    return response
