"""Word export: header rows repeat on every page, links keep their targets, nested lists keep
their depth (checked by opening the .docx with python-docx and reading its XML)."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from cscp.reporting.docx import build_docx

# The document names the partnership, read from its record.
pytestmark = pytest.mark.django_db

BODY = """
<h2 class="govuk-heading-l">Part 1</h2>
<p class="govuk-body">Read <a class="govuk-link" href="https://example.org/cdop">the CDOP
report</a> and <strong>act</strong>.</p>
<ul class="govuk-list govuk-list--bullet">
  <li>Outer one
    <ul><li>Inner one
      <ol><li>Innermost</li></ol>
    </li><li>Inner two</li></ul>
  </li>
  <li><p>Outer two</p></li>
</ul>
<table class="govuk-table"><caption>Figures</caption>
  <thead><tr><th scope="col">Agency</th><th scope="col">Count</th></tr></thead>
  <tbody><tr><th scope="row">Police</th><td>12</td></tr>
  <tr><th scope="row">Health</th><td><a href="https://example.org/h">9</a></td></tr></tbody>
</table>
"""


def _open(body=BODY):
    return Document(io.BytesIO(build_docx(body, title="Report", draft=False)))


def test_header_rows_repeat_and_only_they():
    table = _open().tables[0]
    flags = [row._tr.find(qn("w:trPr")) for row in table.rows]
    repeats = [tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None for tr_pr in flags]
    assert repeats == [True, False, False]
    assert [c.text for c in table.rows[0].cells] == ["Agency", "Count"]
    assert [c.text for c in table.rows[2].cells] == ["Health", "9"]


def test_links_are_hyperlinks_with_their_targets():
    document = _open()
    paragraph = next(p for p in document.paragraphs if "CDOP" in p.text)
    assert paragraph.text == "Read the CDOP report and act."
    [link] = paragraph.hyperlinks
    assert link.address == "https://example.org/cdop"
    assert link.text == "the CDOP report"
    [cell_link] = document.tables[0].cell(2, 1).paragraphs[0].hyperlinks
    assert cell_link.address == "https://example.org/h"


def test_nested_lists_keep_their_depth():
    document = _open()
    items = [(p.text, p.style.name) for p in document.paragraphs if p.style.name.startswith("List")]
    assert items == [
        ("Outer one", "List Bullet"),
        ("Inner one", "List Bullet 2"),
        ("Innermost", "List Number 3"),
        ("Inner two", "List Bullet 2"),
        ("Outer two", "List Bullet"),
    ]


def test_document_title_and_language():
    document = _open()
    assert document.core_properties.title == "Report"
    assert document.core_properties.language == "en-GB"
