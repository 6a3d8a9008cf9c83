"""The report as PDF (WeasyPrint), with its own print stylesheet; drafts carry a watermark."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

PDF_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font-family: Arial, sans-serif; font-size: 9pt; color: #505a5f; } }
body { font-family: Arial, sans-serif; font-size: 11pt; color: #0b0c0c; line-height: 1.4; }
h1 { font-size: 26pt; color: #5b2c6f; margin: 0 0 8mm; }
h2 { font-size: 18pt; color: #5b2c6f; border-bottom: 2px solid #f3a712; padding-bottom: 2mm; }
h3 { font-size: 14pt; color: #5b2c6f; }
h4, h5 { font-size: 12pt; }
.cscp-report-part { page-break-before: always; }
.cscp-report-part:first-of-type { page-break-before: avoid; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0 6mm; font-size: 10pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 1.5mm 2mm; text-align: left;
  vertical-align: top; }
caption { text-align: left; font-weight: bold; margin-bottom: 2mm; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; }
.govuk-hint { color: #505a5f; }
.govuk-inset-text { border-left: 4px solid #b1b4b6; padding-left: 4mm; margin-left: 0; }
.govuk-summary-list__row { display: block; margin: 0 0 2mm; }
.govuk-summary-list__key { display: inline-block; width: 35mm; font-weight: bold; }
.govuk-summary-list__value { display: inline; margin: 0; }
.cscp-rag--red { background: #d4351c; color: #fff; padding: 0 4px; }
.cscp-rag--amber { background: #f3a712; color: #0b0c0c; padding: 0 4px; }
.cscp-rag--green { background: #00703c; color: #fff; padding: 0 4px; }
.cscp-chart { max-width: 100%; height: auto; }
.cscp-watermark { position: fixed; top: 110mm; left: 0; right: 0; text-align: center;
  font-size: 110pt; font-weight: bold; color: rgba(212, 53, 28, 0.15);
  transform: rotate(-35deg); z-index: -1; }
a { color: #1d70b8; }
"""


def document_html(body_html: str, *, title: str, draft: bool) -> str:
    from cscp.partnership.selectors import current_partnership

    context = {"body": mark_safe(body_html), "title": title, "draft": draft}  # noqa: S308 - ours
    context["partnership"] = current_partnership()
    return render_to_string("cscp/report/pdf.html", context)


def url_fetcher(url: str):
    """Fetch only `data:` URLs. The report's text comes from many people: an <img> or
    stylesheet pointing at file:///, an internal address or a tracking server must not be
    read (the PDF needs nothing else: its CSS is inline, its charts are inline SVG)."""
    from weasyprint.urls import URLFetcher

    if not url.lower().startswith("data:"):
        raise ValueError(f"refused: the PDF fetches nothing but data: URLs ({url[:80]})")
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False).fetch(url)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            return url_fetcher(url)

    return DataOnly(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(body_html: str, *, title: str, draft: bool) -> bytes:
    from weasyprint import CSS, HTML

    from cscp.partnership.selectors import current_partnership

    html = document_html(body_html, title=title, draft=draft)
    colour = current_partnership().brand_colour
    css = PDF_CSS.replace("#5b2c6f", colour)  # headings in the partnership's own colour
    # No base_url and a data:-only fetcher: nothing is read from the network or the disk.
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=_fetcher())]
    )
