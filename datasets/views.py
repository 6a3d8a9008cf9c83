from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cscp import exports
from cscp.access import agency_leads_only_own, allow
from cscp.models import Agency, ReportingYear
from cscp.roles import READERS, Role
from cscp.years import (
    all_years,
    start_year_from_label_or_404,
    year_from_label_or_404,
    year_from_request,
    year_picker,
)

from . import rules, selectors, services, spreadsheets, worklist
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


def _return_for(user, agency_id: int, label: str, quarter: int) -> Return:
    """The return (or a not-started one) of an agency the user may write; 404 otherwise.
    `label` is the year in the URL form (the path's `start_year`, made a label by <year:...>)."""
    if not 1 <= quarter <= 4:
        raise Http404
    start_year = start_year_from_label_or_404(label)
    # One query when the return exists (the usual case), filtered by what the user may write.
    ret = (
        agency_leads_only_own(
            Return.objects.select_related("agency", "year"), user, agency_field="agency"
        )
        .filter(
            agency_id=agency_id, agency__active=True, year__start_year=start_year, quarter=quarter
        )
        .first()
    )
    if ret is None:
        agencies = agency_leads_only_own(
            Agency.objects.filter(active=True), user, agency_field="pk"
        )
        agency = get_object_or_404(agencies, pk=agency_id)
        year = year_from_label_or_404(label)
        if not services.enterable_indicators(agency.pk, year).exists():
            raise Http404
        ret = Return(agency=agency, year=year, quarter=quarter)
    return ret


def _return_url(ret: Return, name: str = "return_form") -> str:
    return reverse(name, kwargs=ret.url_kwargs())


class ReturnFilter:
    """The returns view's filters, read from the query string (GET): year, quarter, agency and
    status. A value that is not one of the choices is ignored (the default is used), never a
    500; the defaults are the returns quarter in progress (worklist.returns_quarter)."""

    def __init__(self, params, *, years, agencies, today, all_quarters=False):
        self.years = years
        self.agencies = agencies
        self.errors = []
        start, quarter = worklist.returns_quarter(today)
        if all_quarters:
            quarter = None  # an agency lead's few returns: the whole year by default
        by_label = {y.label: y for y in years}
        default = next((y for y in years if y.start_year == start), years[0] if years else None)
        self.year = self._pick(params, "year", by_label, default, "reporting year")
        if "year" in params and "quarter" not in params:
            quarter = None  # a year chosen on its own: all its quarters
        quarters = {"": None, **{str(q): q for q in range(1, 5)}}
        self.quarter = self._pick(params, "quarter", quarters, quarter, "quarter")
        by_id = {"": None, **{str(a.pk): a for a in agencies}}
        self.agency = self._pick(params, "agency", by_id, None, "agency")
        statuses = {"": "", **{value: value for value, _ in worklist.STATUS_CHOICES}}
        self.status = self._pick(params, "status", statuses, "", "status")

    def _pick(self, params, name, choices, default, what):
        raw = params.get(name)
        if raw is None:
            return default
        if raw not in choices:
            self.errors.append(f"There is no {what} “{raw[:40]}”: showing the default instead.")
            return default
        return choices[raw]

    def query(self) -> dict:
        """The filter as query values (for "chase" to come back to the same view)."""
        return {
            "year": self.year.label if self.year else "",
            "quarter": self.quarter or "",
            "agency": self.agency.pk if self.agency else "",
            "status": self.status,
        }


@allow(*WRITERS, Role.SCRUTINEER)
@require_http_methods(["GET", "HEAD"])
def return_list(request):
    # Every year that exists, from the day it is created: leads never type URLs. The chosen
    # year (by default the returns quarter in progress) is open; the other years are collapsed.
    today = timezone.localdate()
    years = all_years()
    agencies = list(worklist.visible_agencies(request.user).order_by("name"))
    lead_only = not request.user.has_role(*READERS)
    chosen = ReturnFilter(
        request.GET, years=years, agencies=agencies, today=today, all_quarters=lead_only
    )
    rows = worklist.rows(
        request.user,
        years,
        today=today,
        agency_id=chosen.agency.pk if chosen.agency else None,
        status=chosen.status,
    )
    shown = [
        r
        for r in rows
        if r.year == chosen.year and (chosen.quarter is None or r.quarter == chosen.quarter)
    ]
    others = []
    if chosen.quarter is not None:
        # The chosen year's other quarters, collapsed, so every return is a click away.
        rest = [r for r in rows if r.year == chosen.year and r.quarter != chosen.quarter]
        others.append(
            {
                "label": f"{chosen.year.label}, other quarters",
                "rows": rest,
                "late": sum(1 for r in rest if r.late),
                "open": False,
            }
        )
    for year in years:
        if year == chosen.year:
            continue
        year_rows = [r for r in rows if r.year == year]
        others.append(
            {
                "label": year.label,
                "rows": year_rows,
                # Collapsed, but an agency lead's year with a return still to make stays open.
                "open": lead_only
                and any(r.needs_chasing or r.status in Return.EDITABLE[1:] for r in year_rows),
                "late": sum(1 for r in year_rows if r.late),
            }
        )
    may_chase = request.user.has_role(Role.BUSINESS_SUPPORT)
    return render(
        request,
        "datasets/return_list.html",
        {
            "filter": chosen,
            "rows": shown,
            "others": others,
            "years": years,
            "agencies": agencies,
            "quarters": [1, 2, 3, 4],
            "status_choices": worklist.STATUS_CHOICES,
            "is_support": may_chase,
            "may_review": request.user.has_role(Role.BUSINESS_SUPPORT, Role.SCRUTINEER),
            "may_chase": may_chase,
            "may_open": request.user.has_role(*WRITERS),
            "to_chase": [r for r in shown if r.needs_chasing and not r.reminded_today],
            "back": urlencode(chosen.query()),
        },
    )


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["POST"])
def return_chase(request):
    """Chase in one click: one return (`key`) or every return shown (`key` repeated), through
    the daily reminder's service (once per return per day)."""
    keys = []
    for raw in request.POST.getlist("key")[:2000]:
        parts = raw.split("-")
        if len(parts) == 3 and all(p.isdigit() and len(p) <= 9 for p in parts):
            keys.append(tuple(int(p) for p in parts))
    counts = services.chase_returns(by=request.user, keys=keys) if keys else {}
    reminded = counts.get(services.REMINDED, 0)
    if reminded:
        messages.success(
            request,
            f"Reminder{'s' if reminded != 1 else ''} sent for {reminded} "
            f"return{'s' if reminded != 1 else ''}.",
        )
    notes = []
    if counts.get(services.ALREADY_TODAY):
        n = counts[services.ALREADY_TODAY]
        notes.append(f"{n} already reminded today (one reminder a day)")
    if counts.get(services.NO_LEADS):
        notes.append(f"{counts[services.NO_LEADS]} with no agency lead to e-mail")
    if counts.get("not_needed"):
        notes.append(f"{counts['not_needed']} not due or already submitted")
    if notes or not reminded:
        messages.info(request, "Not sent: " + "; ".join(notes or ["no return chosen"]) + ".")
    # Back to the same filtered view: only the filter's own values are carried.
    years = all_years()
    agencies = list(worklist.visible_agencies(request.user))
    chosen = ReturnFilter(request.POST, years=years, agencies=agencies, today=timezone.localdate())
    return redirect(reverse("return_list") + "?" + urlencode(chosen.query()))


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
def return_form(request, agency_id: int, start_year: str, quarter: int):
    ret = _return_for(request.user, agency_id, start_year, quarter)
    # The agency's indicators of the year, read once: the figures it enters, the rates derived.
    agency_indicators = list(
        selectors.indicators_in_year(ret.year)
        .filter(owner_id=ret.agency_id)
        .select_related("numerator")
        .order_by("order", "code")
    )
    indicators = [i for i in agency_indicators if services.is_enterable(i)]
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
                    late = worklist.late_text(ret.due_date, timezone.localdate())
                    messages.success(
                        request,
                        f"Return {ret.label} submitted to business support."
                        + (
                            f" It is late: {late} (it was due on {ret.due_date:%-d %B %Y})."
                            if late
                            else ""
                        ),
                    )
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
    derived = _with_reasons(
        selectors.derived_rates_of(
            ret, population=population, counts=form.stored_counts, indicators=agency_indicators
        )
        if ret.pk
        else [],
        ret,
    )
    transitions = list(ret.transitions.select_related("by")) if ret.pk else []
    submitted_on, lateness = _lateness(ret, transitions)
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
            "transitions": transitions,
            "upload_url": _return_url(ret, "return_upload"),
            "download_url": _return_url(ret, "return_xlsx"),
            "submitted_on": submitted_on,
            "lateness": lateness,
        },
    )


def _with_reasons(derived: list[dict], ret: Return) -> list[dict]:
    """Where a derived rate cannot be computed, say what it needs (issue 16)."""
    for d in derived:
        d["reason"] = ""
        if not d["population"]:
            d["reason"] = (
                f"needs the number of children aged under 18 in {ret.year.label}, which "
                "business support enter"
            )
        elif d["value"] == rules.format_value(None):
            d["reason"] = f"needs the number of {_lower_first(d['numerator'])}"
    return derived


def _lower_first(name: str) -> str:
    """'Contacts to …' -> 'contacts to …'; an acronym ('SPOC forms') stays as it is."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _lateness(ret: Return, transitions: list) -> tuple:
    """(date last submitted or None, what to say about lateness or ""): a return submitted
    after its due date says by how many working days; so does one still outstanding past it."""
    if ret.is_editable:
        text = worklist.late_text(ret.due_date, timezone.localdate())
        return None, f"Overdue: {text}" if text else ""
    submitted = [t for t in transitions if t.to_status == Return.Status.SUBMITTED]
    if not submitted:
        return None, ""
    on = timezone.localtime(submitted[-1].at).date()
    text = worklist.late_text(ret.due_date, on)
    return on, f"Submitted {text}" if text else ""


@allow(*WRITERS)
def return_xlsx(request, agency_id: int, start_year: str, quarter: int):
    ret = _return_for(request.user, agency_id, start_year, quarter)
    indicators = list(
        services.enterable_indicators(ret.agency_id, ret.year).order_by("order", "code")
    )
    content = spreadsheets.return_workbook(ret, indicators, services.comparison_history(ret))
    agency = ret.agency.short_name or ret.agency.name
    return exports.download(
        content,
        filename=f"return-{agency}-{ret.year.label}-Q{ret.quarter}.xlsx",
        content_type=exports.XLSX_TYPE,
    )


@allow(*WRITERS)
@require_http_methods(["GET", "POST"])
def return_upload(request, agency_id: int, start_year: str, quarter: int):
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


@allow(Role.BUSINESS_SUPPORT, Role.SCRUTINEER)
@require_http_methods(["GET", "POST"])
def return_review(request, pk: int):
    # The scrutineer reads a return as business support see it (issue 16), acting on nothing.
    may_act = request.user.has_role(Role.BUSINESS_SUPPORT)
    if request.method == "POST" and not may_act:
        raise PermissionDenied("The scrutineer reads returns; business support act on them.")
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
    transitions = list(ret.transitions.select_related("by"))
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
            "transitions": transitions,
            "lateness": _lateness(ret, transitions)[1],
            "query_form": query_form,
            "reopen_form": reopen_form,
            "error_form": error_form,
            "may_act": may_act,
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
        content, kind = spreadsheets.pack_xlsx(figures, year.label), exports.XLSX_TYPE
    elif fmt == "csv":
        content, kind = spreadsheets.pack_csv(figures), exports.CSV_TYPE
    else:
        raise Http404
    return exports.download(content, filename=f"dataset-pack-{year.label}.{fmt}", content_type=kind)
