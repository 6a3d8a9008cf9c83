"""Who may use the report's pages. Agency leads have no access to the report; the scrutineer
reads it (no changes); the public page needs no login."""

from tests.access_rules import READERS, everyone, only

LABEL = "2021-22"


def _published():
    """A published 2020-21 report (version 1) for the pages that need one."""
    from cscp.models import ReportingYear, User
    from cscp.reporting import services
    from cscp.reporting.models import AnnualReport

    year = ReportingYear.objects.get(start_year=2020)
    report, _ = AnnualReport.objects.get_or_create(year=year)
    services.report_sections_ensure(report=report)
    if not report.snapshots.exists():
        services.report_freeze(report=report, by=User.objects.get(username="support"))
        AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.PUBLISHED)
    return report


def _public_kwargs():
    """The public PDF needs a published version (the latest), so one is made first."""
    _published()
    return {}


def _version_kwargs():
    report = _published()
    return {"label": report.label, "version": 1}


def _pdf_kwargs(status):
    def kwargs():
        from django.core.files.base import ContentFile

        from cscp.reporting.models import AnnualReport, PdfRender

        report = AnnualReport.objects.get(year__start_year=2021)
        render = PdfRender.objects.create(report=report, status=status)
        if status == PdfRender.Status.DONE:
            render.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
        return {"label": report.label, "pk": render.pk}

    return kwargs


RULES = {
    "report_list": only(*READERS),
    "report_public": everyone(),
    # The public PDF and Word file of the latest published version (made once per version).
    "report_public_pdf": everyone(kwargs=lambda: (_published(), {})[1]),
    "report_public_docx": everyone(kwargs=lambda: (_published(), {})[1]),
    "report_detail": only(*READERS, kwargs=lambda: {"label": LABEL}),
    "report_version": only(*READERS, kwargs=_version_kwargs),
    # The demo report awaits contributions: the change is refused with a message (302).
    "report_transition": only(
        "support",
        "executive",
        kwargs=lambda: {"label": LABEL},
        method="post",
        allowed=302,
        data=lambda: {"to": "approved"},
    ),
    "report_pdf_request": only(
        "support", "executive", kwargs=lambda: {"label": LABEL}, method="post", allowed=302
    ),
    "report_pdf": only(*READERS, kwargs=_pdf_kwargs("done")),
    "report_pdf_retry": only(
        "support", "executive", kwargs=_pdf_kwargs("failed"), method="post", allowed=302
    ),
    "report_docx": only(*READERS, kwargs=lambda: {"label": LABEL}),
    # The children and young people's version: readers see the draft; everyone the published.
    "report_children": only(*READERS, kwargs=lambda: {"label": LABEL}),
    "report_children_pdf": only(*READERS, kwargs=lambda: {"label": LABEL}),
    "report_children_public": everyone(),
    "report_children_public_pdf": everyone(kwargs=_public_kwargs),
}
