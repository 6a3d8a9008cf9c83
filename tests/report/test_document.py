"""The PDF a partnership posts as it is: cover, contents with page numbers, running header and
footer, parts on new pages, table rows that never split, and a tagged PDF/UA-1 file (checked by
reading the PDF's own objects with pypdf, and by inspecting WeasyPrint's page layout)."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject
from weasyprint.formatting_structure import boxes

from cscp.reporting import pdf
from cscp.reporting.compose import compose, render_report
from cscp.reporting.models import AnnualReport

CHART = (
    '<svg class="cscp-chart" role="img" aria-label="Funding" viewBox="0 0 560 60" width="560" '
    'height="60" xmlns="http://www.w3.org/2000/svg"><title>Partner funding (£)</title>'
    '<rect x="0" y="0" width="100" height="20" fill="#5b2c6f"/></svg>'
)
BODY = (
    '<section class="cscp-report-part" id="one"><h2 id="one-heading">Part one</h2>'
    "<h3>A section</h3><p>Some text.</p>" + CHART + "</section>"
    '<section class="cscp-report-part" id="two"><h2 id="two-heading">Part two</h2>'
    '<table><caption>Figures</caption><thead><tr><th scope="col">Agency</th>'
    '<th scope="col">Count</th></tr></thead><tbody><tr><th scope="row">Police</th><td>12</td>'
    "</tr></tbody></table></section>"
)

# The PDF names the partnership, read from its record.
pytestmark = pytest.mark.django_db


def rows_across_pages(document) -> list[str]:
    """Text of every body table row (a repeated header row is meant to be on many pages) whose
    box lies on more than one page: a row split across a page break."""
    pages_of: dict[int, set[int]] = {}
    text_of: dict[int, str] = {}
    keep = []

    def walk(box, page_number):
        if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
            return
        if isinstance(box, boxes.TableRowBox):
            keep.append(box.element)  # ids stay unique while the elements are alive
            pages_of.setdefault(id(box.element), set()).add(page_number)
            text_of[id(box.element)] = " ".join("".join(box.element.itertext()).split())
            return
        for child in getattr(box, "children", ()):
            walk(child, page_number)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number)
    return [text_of[key] for key, pages in pages_of.items() if len(pages) > 1]


def struct_types(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    """Every structure element of the PDF's structure tree: (type, element)."""
    found = []

    def walk(node):
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append((str(node["/S"]), node))
            if "/K" in node:
                walk(node["/K"])

    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    walk(root["/K"])
    return found


def test_the_document_has_cover_contents_and_tagged_structure():
    data = pdf.render_pdf(BODY, title="Annual Report 2021-22", draft=False,
                          period="1 April 2021 to 31 March 2022")  # fmt: skip
    reader = PdfReader(io.BytesIO(data))
    cover = reader.pages[0].extract_text()
    assert "Annual Report 2021-22" in cover
    assert "1 April 2021 to 31 March 2022" in cover
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents
    # Page numbers: part one starts on page 3, part two (a new page) on page 4.
    assert "Part one" in contents and "3" in contents.split("Part one")[1].split("\n")[0]
    assert "4" in contents.split("Part two")[1].split("\n")[0]
    assert "Part one" in reader.pages[2].extract_text()
    assert "Part two" in reader.pages[3].extract_text()
    assert "Page 3 of 4" in reader.pages[2].extract_text()  # running footer

    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert reader.metadata.title == "Annual Report 2021-22"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # the PDF/UA-1 identification
    types = struct_types(reader)
    kinds = {kind for kind, _ in types}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    figures = [element for kind, element in types if kind == "/Figure"]
    assert [str(f.get("/Alt")) for f in figures] == ["Partner funding (£)"]
    headers = [element for kind, element in types if kind == "/TH"]
    assert all("/ID" in th for th in headers)  # cells point at their headers by these ids


def test_a_tall_row_moves_to_the_next_page_and_the_header_repeats():
    tall = "".join(f"<p>Line {i}</p>" for i in range(30))
    rows = "".join(f"<tr><td>Row {n}</td><td>{tall}</td></tr>" for n in range(6))
    body = (
        '<section class="cscp-report-part" id="t"><h2 id="t-heading">Tables</h2><table>'
        f'<thead><tr><th scope="col">Name</th><th scope="col">Text</th></tr></thead><tbody>{rows}'
        "</tbody></table></section>"
    )
    document = pdf.render_document(body, title="T", draft=False)
    assert rows_across_pages(document) == []
    texts = [page._page_box for page in document.pages]
    assert len(texts) >= 5  # the rows took several pages (so the check above checked breaks)
    # The same layout without the rule splits rows: the check can fail.
    loose = body.replace("<table>", "<style>tr { break-inside: auto !important }</style><table>")
    assert rows_across_pages(pdf.render_document(loose, title="T", draft=False))


def test_each_page_repeats_the_table_header():
    rows = "".join(f"<tr><td>Row {n}</td><td>{n}</td></tr>" for n in range(120))
    body = (
        '<section class="cscp-report-part" id="t"><h2 id="t-heading">Tables</h2><table>'
        '<thead><tr><th scope="col">Name</th><th scope="col">Count</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
    reader = PdfReader(io.BytesIO(pdf.render_pdf(body, title="T", draft=False)))
    table_pages = [p.extract_text() for p in reader.pages[2:]]
    assert len(table_pages) >= 2
    assert all("Name" in text and "Count" in text for text in table_pages)


@pytest.mark.django_db
def test_demo_report_pdf_is_tagged_and_no_table_row_splits():
    call_command("load_demo", stdout=io.StringIO())
    report = AnnualReport.objects.get(year__start_year=2021)
    body = render_report(compose(report), public=True)
    document = pdf.render_document(
        body, title=report.display_title, draft=False, period=pdf.period_of(report.year)
    )
    assert len(document.pages) > 20
    assert rows_across_pages(document) == []
    reader = PdfReader(io.BytesIO(document.write_pdf(pdf_variant="pdf/ua-1")))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert report.display_title in cover
    assert "1 April 2021 to 31 March 2022" in cover
    contents = reader.pages[1].extract_text()
    for title in ("Foreword from the CSCP Executive", "Part 1: The What?", "Glossary"):
        assert title in contents
    types = struct_types(reader)
    kinds = [kind for kind, _ in types]
    assert kinds.count("/H1") == 1
    assert kinds.count("/H2") >= 10 and "/H3" in kinds and "/TH" in kinds
    figures = [element for kind, element in types if kind == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


@pytest.mark.django_db
def test_cover_shows_the_logo_given_and_none_without_a_partnership_record():
    with_logo = pdf.document_html(BODY, title="T", draft=False, logo="data:image/png;base64,AA")
    assert '<img class="cscp-cover__logo" src="data:image/png;base64,AA"' in with_logo
    assert "cscp-cover__logo" not in pdf.document_html(BODY, title="T", draft=False)
    assert pdf.partnership_logo() == ""  # no partnership logo recorded: none, and no failure


def test_contents_are_read_from_the_body_part_headings():
    assert pdf.contents_of(BODY) == [
        {"id": "one-heading", "title": "Part one"},
        {"id": "two-heading", "title": "Part two"},
    ]
