"""Word export of the report (python-docx), for partners who edit in Word: the rendered HTML
is walked once, headings becoming Word headings, paragraphs and list items paragraphs (nested
lists keep their depth), links real hyperlinks and tables tables whose header rows repeat on
every page (w:tblHeader)."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4}
BLOCKS = {"p", "li", "dt", "dd", "caption", "blockquote"}
LISTS = {"ul", "ol"}
# The default template's list styles go three levels deep; deeper items stay at the third.
MAX_DEPTH = 3
LINK_SCHEMES = ("http://", "https://", "mailto:")
BREAK = "\v"  # a <br>: a line break in Word; every other white space collapses as in HTML


class _Walker(HTMLParser):
    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.doc = document
        # The current block's runs: (text, href or "", bold).
        self.runs: list[tuple[str, str, bool]] = []
        self.current: str | None = None
        self.skip = 0
        self.href = ""
        self.bold = 0
        self.lists: list[str] = []  # "ul"/"ol" of the open lists, outermost first
        self.item_style: str | None = None
        self.table_rows: list[tuple[bool, list[list[tuple[str, str, bool]]]]] | None = None
        self.in_head = False
        self.row: list[list[tuple[str, str, bool]]] | None = None
        self.row_all_th = True
        self.cell: list[tuple[str, str, bool]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("svg", "script", "style"):
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.table_rows = []
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table_rows is not None:
            self.row, self.row_all_th = [], True
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row_all_th = self.row_all_th and tag == "th"
        elif tag in LISTS:
            # The item holding a nested list is written before the nested items.
            self._flush()
            self.lists.append(tag)
        elif tag == "a":
            self.href = attrs.get("href") or ""
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in HEADINGS or tag in BLOCKS:
            # A paragraph inside a list item (a "loose" Markdown list) stays that item.
            if self.cell is None and not (tag == "p" and self.current == "li"):
                self._flush()
                self.current = tag
                if tag == "li":
                    self.item_style = self._list_style()
        elif tag == "br":
            self._data(BREAK)

    def handle_endtag(self, tag):
        if tag in ("svg", "script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table_rows is not None:
            self.table_rows.append((self.in_head or self.row_all_th, self.row))
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table_rows is not None:
            self._table(self.table_rows)
            self.table_rows = None
        elif tag in LISTS and self.lists:
            self._flush()
            self.lists.pop()
        elif tag == "a":
            self.href = ""
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif (tag == self.current or (tag == "p" and self.current == "li")) and self.cell is None:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self._data(data)

    def _data(self, data):
        run = (data, self.href, bool(self.bold))
        if self.cell is not None:
            self.cell.append(run)
        elif self.table_rows is None:
            self.runs.append(run)

    def _list_style(self) -> str:
        kind = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
        depth = min(len(self.lists), MAX_DEPTH)
        return kind if depth <= 1 else f"{kind} {depth}"

    def _flush(self):
        runs, tag, self.current, self.runs = _tidy(self.runs), self.current, None, []
        style, self.item_style = self.item_style, None
        if not "".join(t for t, _h, _b in runs).strip():
            return
        text = "".join(t for t, _h, _b in runs)
        if tag in HEADINGS:
            self.doc.add_heading(text, level=HEADINGS[tag])
            return
        if tag == "li" or (tag is None and self.lists):
            paragraph = self.doc.add_paragraph(style=style or self._list_style())
        else:
            paragraph = self.doc.add_paragraph()
        _add_runs(paragraph, runs, bold=tag == "dt")

    def _table(self, rows):
        rows = [(head, r) for head, r in rows if r]
        if not rows:
            return
        width = max(len(r) for _h, r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        # Only leading header rows repeat (Word repeats the first rows of a table).
        leading = True
        for i, (head, row) in enumerate(rows):
            leading = leading and head
            if leading:
                _repeat_header(table.rows[i])
            for j, runs in enumerate(row):
                _add_runs(table.cell(i, j).paragraphs[0], _tidy(runs), bold=leading)

    def close(self):
        super().close()
        self._flush()


def _tidy(runs):
    """Collapse white space across runs as HTML does; drop runs left empty."""
    out = []
    previous_space = True
    for text, href, bold in runs:
        parts = []
        for ch in text:
            if ch == BREAK:
                parts.append("\n")
                previous_space = True
            elif ch.isspace():
                if not previous_space:
                    parts.append(" ")
                previous_space = True
            else:
                parts.append(ch)
                previous_space = False
        if parts:
            out.append(("".join(parts), href, bold))
    if out:
        last_text, href, bold = out[-1]
        out[-1] = (last_text.rstrip(" "), href, bold)
    return [r for r in out if r[0]]


def _add_runs(paragraph, runs, *, bold=False):
    for text, href, run_bold in runs:
        if href.startswith(LINK_SCHEMES):
            _add_hyperlink(paragraph, text, href, bold=bold or run_bold)
        else:
            paragraph.add_run(text).bold = bold or run_bold or None


def _add_hyperlink(paragraph, text: str, url: str, *, bold: bool) -> None:
    """A real Word hyperlink (a relationship to the URL), shown as a link is."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    run.bold = bold or None
    link.append(run._r)  # moved from the paragraph into the hyperlink
    paragraph._p.append(link)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def build_docx(body_html: str, *, title: str, draft: bool) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "en-GB"
    from cscp.partnership.selectors import current_partnership

    document.add_heading(title + (" (DRAFT)" if draft else ""), level=0)
    document.add_paragraph(current_partnership().name)
    if draft:
        document.add_paragraph("DRAFT – not for publication. Edit and return to business support.")
    walker = _Walker(document)
    walker.feed(body_html)
    walker.close()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
