"""Word export of the report (python-docx), for partners who edit in Word: the rendered HTML
is walked once, headings becoming Word headings, paragraphs and list items paragraphs, and
tables tables."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from docx import Document

HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4}
BLOCKS = {"p", "li", "dt", "dd", "caption", "blockquote"}


class _Walker(HTMLParser):
    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.text: list[str] = []
        self.current: str | None = None
        self.skip = 0
        self.table_rows: list[list[str]] | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("svg", "script", "style"):
            self.skip += 1
        elif tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in HEADINGS or tag in BLOCKS:
            self._flush()
            self.current = tag
        elif tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("svg", "script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table_rows is not None:
            self.table_rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table_rows is not None:
            self._table(self.table_rows)
            self.table_rows = None
        elif tag == self.current:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table_rows is None:
            self.text.append(data)

    def _flush(self):
        text = " ".join("".join(self.text).split())
        tag, self.current, self.text = self.current, None, []
        if not text:
            return
        if tag in HEADINGS:
            self.doc.add_heading(text, level=HEADINGS[tag])
        elif tag == "li":
            self.doc.add_paragraph(text, style="List Bullet")
        elif tag == "dt":
            self.doc.add_paragraph().add_run(text).bold = True
        else:
            self.doc.add_paragraph(text)

    def _table(self, rows):
        rows = [r for r in rows if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value

    def close(self):
        super().close()
        self._flush()


def build_docx(body_html: str, *, title: str, draft: bool) -> bytes:
    document = Document()
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
