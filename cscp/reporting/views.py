"""Pages of the annual report. Readers: business support, executive members and the
scrutineer (read-only). Agency leads have no access. The public page needs no login."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cscp import exports
from cscp.access import allow, public
from cscp.roles import READERS, Role
from cscp.years import parse_year

from . import checklist as checks
from . import children, services
from .compose import compose, parts_nav, render_report
from .docx import build_docx
from .models import AnnualReport, PdfRender, ReportSnapshot

S = AnnualReport.Status


def _report_or_404(label: str) -> AnnualReport:
    """The report of the year in the path (`<year:label>`, already in the URL form): one
    query, the year joined."""
    try:
        start_year = parse_year(label)
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(
        AnnualReport.objects.select_related("year"), year__start_year=start_year
    )


@require_GET
@allow(*READERS)
def report_list(request):
    from .selectors import reports_for_list

    return render(
        request,
        "cscp/report/list.html",
        {"reports": reports_for_list(), "is_support": request.user.has_role(Role.BUSINESS_SUPPORT)},
    )


def _parts_nav(content: dict | None):
    return parts_nav(content or {})


def _pdf_for(report, snapshot):
    qs = PdfRender.objects.filter(report=report)
    qs = qs.filter(snapshot=snapshot) if snapshot else qs.filter(snapshot__isnull=True)
    return qs.order_by("-requested_at", "-pk").first()


def _page_context(request, report, snapshot, body_html, content=None):
    user = request.user
    return {
        "report": report,
        "snapshot": snapshot,
        "body": body_html,
        "parts": _parts_nav(snapshot.content if snapshot else content),
        "versions": list(report.snapshots.order_by("version").only("version", "published_at")),
        "transitions": list(report.transitions.select_related("by")),
        "actions": services.available_transitions(user, report),
        "pdf": _pdf_for(report, snapshot),
        "may_pdf": user.has_role(*services.PDF_ROLES),
        "is_support": user.has_role(Role.BUSINESS_SUPPORT),
    }


@require_GET
@allow(*READERS)
def report_detail(request, label):
    """The live preview (DRAFT) while unpublished; the latest frozen version once published."""
    report = _report_or_404(label)
    if report.status == S.PUBLISHED:
        snapshot = report.snapshots.order_by("-version").first()
        if snapshot is not None:
            context = _page_context(request, report, snapshot, snapshot.html)
            return render(request, "cscp/report/detail.html", context)
    content = compose(report)
    context = _page_context(request, report, None, render_report(content), content)
    context["checklist"] = checks.for_viewer(
        services.report_checklist(report, content), request.user
    )
    context["checklist_failing"] = [i for i in context["checklist"] if not i["ok"]]
    return render(request, "cscp/report/detail.html", context)


@require_GET
@allow(*READERS)
def report_version(request, label, version):
    report = _report_or_404(label)
    snapshot = get_object_or_404(ReportSnapshot, report=report, version=version)
    context = _page_context(request, report, snapshot, snapshot.html)
    context["pinned_version"] = True
    return render(request, "cscp/report/detail.html", context)


@require_POST
@allow(Role.BUSINESS_SUPPORT, Role.EXECUTIVE)
def report_transition(request, label):
    report = _report_or_404(label)
    to_status = request.POST.get("to", "")
    if to_status not in S.values:
        messages.error(request, "Choose what to do with the report.")
        return redirect("report_detail", label=report.label)
    try:
        services.report_transition(
            report=report, to_status=to_status, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The report is now “{S(to_status).label}”.")
    return redirect("report_detail", label=report.label)


@require_POST
@allow(*services.PDF_ROLES)
def report_pdf_request(request, label):
    report = _report_or_404(label)
    snapshot = None
    version = request.POST.get("version")
    if version:
        snapshot = get_object_or_404(ReportSnapshot, report=report, version=version)
    services.pdf_request(report=report, by=request.user, snapshot=snapshot)
    messages.success(request, "The PDF is being made. Refresh this page to see when it is ready.")
    return _back(report, snapshot)


@require_POST
@allow(*services.PDF_ROLES)
def report_pdf_retry(request, label, pk):
    report = _report_or_404(label)
    render_ = get_object_or_404(PdfRender, report=report, pk=pk)
    try:
        services.pdf_retry(render=render_, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The PDF is being made again.")
    return _back(report, render_.snapshot)


def _back(report, snapshot):
    if snapshot is not None and snapshot != report.snapshots.order_by("-version").first():
        return redirect("report_version", label=report.label, version=snapshot.version)
    return redirect("report_detail", label=report.label)


@require_GET
@allow(*READERS)
def report_pdf_download(request, label, pk):
    report = _report_or_404(label)
    render_ = get_object_or_404(PdfRender, report=report, pk=pk, status=PdfRender.Status.DONE)
    if not render_.file:
        raise Http404
    return FileResponse(
        render_.file.open("rb"),
        as_attachment=True,
        filename=exports.safe_filename(render_.file.name.rsplit("/", 1)[-1]),
        content_type=exports.PDF_TYPE,
    )


@require_GET
@allow(*READERS)
def report_docx(request, label):
    """Word export of the draft as it is now (or of the published version, when published)."""
    report = _report_or_404(label)
    snapshot = report.snapshots.order_by("-version").first() if report.is_published else None
    body = snapshot.html if snapshot else render_report(compose(report))
    data = build_docx(body, title=report.display_title, draft=snapshot is None)
    suffix = f"v{snapshot.version}" if snapshot else "draft"
    name = f"cscp-annual-report-{report.label}-{suffix}.docx"
    return exports.download(data, filename=name, content_type=exports.DOCX_TYPE)


def _latest_public():
    return (
        ReportSnapshot.objects.select_related("report__year")
        .order_by("-report__year__start_year", "-version")
        .first()
    )


@require_GET
@public
def report_public(request):
    """The latest published report for everyone: small counts shown as "c"."""
    snapshot = _latest_public()
    return render(
        request,
        "cscp/report/public.html",
        {"snapshot": snapshot, "parts": _parts_nav(snapshot.content if snapshot else None)},
    )


# --- The children and young people's version ---------------------------------------------


def _latest_snapshot():
    return (
        ReportSnapshot.objects.select_related("report__year")
        .order_by("-report__year__start_year", "-version")
        .first()
    )


def _children_content(report):
    """The published version's content once published; the live records while a draft."""
    snapshot = report.snapshots.order_by("-version").first() if report.is_published else None
    return (snapshot.content, False) if snapshot else (compose(report), True)


def _children_pdf(content, *, draft: bool, public: bool) -> bytes:
    import datetime as dt
    from types import SimpleNamespace

    from . import pdf

    dates = content["report"]
    period = pdf.period_of(SimpleNamespace(
        start=dt.date.fromisoformat(dates["start"]), end=dt.date.fromisoformat(dates["end"])
    ))  # fmt: skip
    return pdf.render_pdf(
        children.render_summary(content, public=public),
        title=children.title_for(content),
        draft=draft,
        period=period,
    )


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    return exports.download(data, filename=name, content_type=exports.PDF_TYPE)


def _public_file(snapshot, kind: str) -> bytes:
    """The public PDF or Word file of a published version: made from the same public HTML as
    the public page (one rendering, one suppression), once per version."""
    key = f"report-public-{kind}:{snapshot.pk}:{snapshot.content_hash}"
    data = cache.get(key)
    if data is None:
        title = snapshot.report.display_title
        if kind == "pdf":
            from .pdf import render_pdf

            data = render_pdf(snapshot.public_html, title=title, draft=False)
        else:
            data = build_docx(snapshot.public_html, title=title, draft=False)
        cache.set(key, data, None)
    return data


@require_GET
@public
def report_public_pdf(request):
    snapshot = _latest_public()
    if snapshot is None:
        raise Http404
    name = f"annual-report-{snapshot.report.label}-v{snapshot.version}.pdf"
    return _pdf_response(_public_file(snapshot, "pdf"), name)


@require_GET
@allow(*READERS)
def report_children(request, label):
    report = _report_or_404(label)
    content, draft = _children_content(report)
    return render(
        request,
        "cscp/report/children.html",
        {
            "title": children.title_for(content),
            "body": children.render_summary(content, public=False),
            "draft": draft,
            "pdf_url": reverse("report_children_pdf", kwargs={"label": report.label}),
            "report_url": reverse("report_detail", kwargs={"label": report.label}),
        },
    )


@require_GET
@allow(*READERS)
def report_children_pdf(request, label):
    """Short (a few pages, well under a second): made in the request, unlike the full report."""
    report = _report_or_404(label)
    content, draft = _children_content(report)
    suffix = "draft" if draft else "published"
    data = _children_pdf(content, draft=draft, public=False)
    return _pdf_response(data, f"cscp-children-summary-{report.label}-{suffix}.pdf")


@require_GET
@public
def report_children_public(request):
    snapshot = _latest_snapshot()
    context = {}
    if snapshot is not None:
        context = {
            "title": children.title_for(snapshot.content),
            "body": children.render_summary(snapshot.content, public=True),
            "pdf_url": reverse("report_children_public_pdf"),
            "report_url": reverse("report_public"),
        }
    return render(request, "cscp/report/children.html", context)


@require_GET
@public
def report_children_public_pdf(request):
    """Made once per published version and kept in the cache: anyone may ask for it."""
    snapshot = _latest_snapshot()
    if snapshot is None:
        raise Http404
    key = f"reporting.children-pdf:{snapshot.pk}:{snapshot.content_hash}"
    data = cache.get(key)
    if data is None:
        data = _children_pdf(snapshot.content, draft=False, public=True)
        cache.set(key, data, timeout=None)
    label = snapshot.report.label
    return _pdf_response(data, f"cscp-children-summary-{label}-v{snapshot.version}.pdf")


@require_GET
@public
def report_public_docx(request):
    snapshot = _latest_public()
    if snapshot is None:
        raise Http404
    name = f"annual-report-{snapshot.report.label}-v{snapshot.version}.docx"
    return exports.download(
        _public_file(snapshot, "docx"), filename=name, content_type=exports.DOCX_TYPE
    )
