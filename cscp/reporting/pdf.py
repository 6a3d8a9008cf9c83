"""The report as PDF (WeasyPrint), with its own print stylesheet; drafts carry a watermark.

The document is what a partnership posts as it is: a cover, a contents page with page numbers,
a running header and footer, each part on a new page, tables whose rows never split and whose
header row repeats, and a tagged PDF/UA-1 file (language, title, headings, table headers and
every chart's alternative text) under the Public Sector Bodies Accessibility Regulations 2018.
See docs/decisions/0011-report-document.md for what makes it fast."""

from __future__ import annotations

import contextlib
import gc
import html as html_lib
import re

from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from cscp.partnership.selectors import current_partnership

# The partnership's font as on the web pages (where Arial is missing, fontconfig gives DejaVu
# Sans: measured, naming either costs the same). Selectors stay simple (tags and classes).
FONT = "Arial, sans-serif"
PDF_CSS = f"""
@page {{ size: A4; margin: 24mm 18mm 22mm 18mm;
  @top-left {{ content: string(partnership); font-family: {FONT}; font-size: 8pt;
    color: #505a5f; vertical-align: bottom; padding-bottom: 3mm; }}
  @top-right {{ content: string(part); font-family: {FONT}; font-size: 8pt; color: #505a5f;
    vertical-align: bottom; padding-bottom: 3mm; }}
  @bottom-left {{ content: string(doctitle); font-family: {FONT}; font-size: 8pt;
    color: #505a5f; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
    font-family: {FONT}; font-size: 8pt; color: #505a5f; }} }}
@page cover {{ margin: 0;
  @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font-family: {FONT}; font-size: 10pt; color: #0b0c0c; line-height: 1.4; }}
body {{ margin: 0; }}
h1, h2, h3, h4, h5 {{ break-after: avoid; line-height: 1.2; }}
h2 {{ font-size: 17pt; color: #5b2c6f; border-bottom: 2px solid #f3a712; padding-bottom: 2mm;
  margin: 0 0 4mm; string-set: part content(); }}
h3 {{ font-size: 13pt; color: #5b2c6f; margin: 6mm 0 2mm; }}
h4, h5 {{ font-size: 11pt; margin: 4mm 0 2mm; }}
p {{ margin: 0 0 3mm; orphans: 2; widows: 2; }}
.cscp-cover {{ page: cover; height: 297mm; box-sizing: border-box; padding: 40mm 22mm 0;
  background: #5b2c6f; color: #fff; break-after: page; }}
.cscp-cover__logo {{ display: block; max-width: 60mm; max-height: 30mm; margin-bottom: 20mm; }}
.cscp-cover__partnership {{ font-size: 15pt; string-set: partnership content(); }}
.cscp-cover h1 {{ font-size: 30pt; margin: 10mm 0 8mm; color: #fff;
  string-set: doctitle content(); border-top: 3mm solid #f3a712; padding-top: 8mm; }}
.cscp-cover__period {{ font-size: 14pt; }}
.cscp-cover__draft {{ font-size: 14pt; font-weight: bold; color: #f3a712; }}
.cscp-toc {{ break-after: page; }}
.cscp-toc ol {{ list-style: none; padding: 0; margin: 0; }}
.cscp-toc li {{ margin: 0 0 2.5mm; font-size: 11pt; }}
.cscp-toc a {{ color: #0b0c0c; text-decoration: none; }}
.cscp-toc a::after {{ content: leader(dotted) " " target-counter(attr(href), page); }}
.cscp-report-part {{ break-before: page; }}
.cscp-report-section {{ clear: both; }}
table {{ border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; font-size: 9pt; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border-bottom: 1px solid #b1b4b6; padding: 1.2mm 1.5mm; text-align: left;
  vertical-align: top; }}
thead th {{ border-bottom: 2px solid #0b0c0c; }}
caption {{ text-align: left; font-weight: bold; margin-bottom: 2mm; break-after: avoid; }}
/* Numeric columns take only the width their figures and header words need; the text columns
   get the rest (the auto layout otherwise squeezed the row headers: "Information sharing"). */
.govuk-table__header--numeric, .govuk-table__cell--numeric {{ text-align: right; width: 1%; }}
.govuk-body-l {{ font-size: 11pt; }}
.govuk-hint {{ color: #505a5f; }}
.govuk-inset-text {{ border-left: 4px solid #b1b4b6; padding-left: 4mm; margin-left: 0; }}
.govuk-summary-list {{ display: table; width: 100%; border-collapse: collapse;
  margin: 0 0 4mm; }}
.govuk-summary-list__row {{ display: table-row; break-inside: avoid; }}
.govuk-summary-list__key, .govuk-summary-list__value {{ display: table-cell; margin: 0;
  padding: 1.2mm 2mm 1.2mm 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }}
.govuk-summary-list__key {{ font-weight: bold; width: 45%; }}
.cscp-glossary .govuk-summary-list__key {{ width: 25%; }}
.cscp-rag--red {{ background: #d4351c; color: #fff; padding: 0 4px; }}
.cscp-rag--amber {{ background: #f3a712; color: #0b0c0c; padding: 0 4px; }}
.cscp-rag--green {{ background: #00703c; color: #fff; padding: 0 4px; }}
.cscp-chart {{ display: block; width: 150mm; max-width: 100%; height: auto;
  break-inside: avoid; margin: 2mm 0 4mm; }}
.cscp-watermark {{ position: fixed; top: 110mm; left: 0; right: 0; text-align: center;
  font-size: 110pt; font-weight: bold; color: rgba(212, 53, 28, 0.15);
  transform: rotate(-35deg); z-index: -1; }}
a {{ color: #1d70b8; }}
.cscp-children p, .cscp-children li {{ font-size: 12pt; }}
"""

# Part headings carry an id (body.html: id="<part>-heading"); the contents page is built from
# the body itself, so a published snapshot's contents are what that snapshot holds.
_PART_HEADING = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def contents_of(body_html: str) -> list[dict]:
    return [
        {"id": anchor, "title": " ".join(html_lib.unescape(strip_tags(title)).split())}
        for anchor, title in _PART_HEADING.findall(body_html)
    ]


def period_of(year) -> str:
    """A reporting year's period as the cover prints it: "1 April 2021 to 31 March 2022"."""
    return f"{date_format(year.start, 'j F Y')} to {date_format(year.end, 'j F Y')}"


def partnership_logo() -> str:
    """The partnership record's logo as a data: URI (nothing is fetched while rendering)."""
    return current_partnership().logo_data_uri


def document_html(
    body_html: str, *, title: str, draft: bool, period: str = "", logo: str = ""
) -> str:
    return render_to_string(
        "cscp/report/pdf.html",
        {
            "body": mark_safe(body_html),  # noqa: S308 - ours
            "title": title,
            "draft": draft,
            "period": period,
            "logo": logo,
            "contents": contents_of(body_html),
            "partnership": current_partnership(),
        },
    )


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


@contextlib.contextmanager
def _without_cyclic_gc():
    """WeasyPrint makes many thousands of small objects (boxes, computed styles) that live until
    the render ends; Python's cyclic collector walked them again and again (a quarter of the
    render's CPU time, see decision 0011). Reference counting still frees as usual; the
    collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_document(body_html: str, *, title: str, draft: bool, period: str = ""):
    """The laid-out document (WeasyPrint's pages and boxes), for writing and for tests."""
    from weasyprint import CSS, HTML

    html = document_html(body_html, title=title, draft=draft, period=period,
                         logo=partnership_logo())  # fmt: skip
    # Headings and the cover in the partnership's own colour.
    css = PDF_CSS.replace("#5b2c6f", current_partnership().brand_colour)
    # No base_url and a data:-only fetcher: nothing is read from the network or the disk.
    with _without_cyclic_gc():
        return HTML(string=html, url_fetcher=_fetcher()).render(
            stylesheets=[CSS(string=css, url_fetcher=_fetcher())]
        )


def render_pdf(body_html: str, *, title: str, draft: bool, period: str = "") -> bytes:
    document = render_document(body_html, title=title, draft=draft, period=period)
    # Tagged PDF/UA-1: structure tree, language, title shown as the window title.
    with _without_cyclic_gc():
        return document.write_pdf(pdf_variant="pdf/ua-1")
