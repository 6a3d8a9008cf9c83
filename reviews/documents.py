"""A rapid review as a Word document, under the headings partnerships send to the Panel.

Every value goes into the document as a text run (python-docx writes it as XML character
data), so markup typed into a field is shown as the characters typed, never read as markup.
"""

from __future__ import annotations

import io
import re

from docx import Document

from .models import RapidReview, long_date

RAPID_REVIEW_HEADINGS = (
    "Facts of the case",
    "Agency involvement",
    "Key practice episodes",
    "Immediate actions",
    "Learning",
    "Decision and rationale",
)
NOT_RECORDED = "Not recorded."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Characters XML 1.0 cannot hold (python-docx refuses them): dropped, never a failed download.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def docx_filename(review: RapidReview) -> str:
    """A file name made of the reference's letters, digits and dashes only."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", review.reference).strip("-") or str(review.pk)
    return f"rapid-review-{stem}.docx"


def _date(day) -> str:
    return long_date(day) if day else "Not recorded"


def _prose(document, text: str) -> None:
    """Paragraphs of a text field (blank lines separate them; a line break stays one)."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", _xml_text(text)) if c.strip()]
    if not chunks:
        document.add_paragraph(NOT_RECORDED)
    for chunk in chunks:
        document.add_paragraph(chunk)


def _table(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).paragraphs[0].add_run(label).bold = True
        table.cell(i, 1).paragraphs[0].add_run(_xml_text(value))


def rapid_review_docx(review: RapidReview) -> bytes:
    from cscp.partnership.selectors import current_partnership

    summaries = list(review.agency_summaries.select_related("agency"))
    children = list(review.children.all())
    document = Document()
    title = _xml_text(f"Rapid review {review.reference}")
    document.core_properties.title = title
    document.core_properties.language = "en-GB"
    document.add_paragraph(title, style="Title")
    document.add_paragraph(_xml_text(current_partnership().name))
    due = review.rapid_review_due_on
    _table(
        document,
        [
            ("Incident", review.get_incident_type_display()),
            ("Harm", ", ".join(review.harm_category_labels()) or "Not recorded"),
            ("Date of the incident", _date(review.incident_on)),
            ("Local authority became aware", _date(review.la_aware_on)),
            ("Notification due", _date(review.notification_due_on)),
            ("Serious incident notification sent", _date(review.notification_sent_on)),
            ("Rapid review due", _date(due) if due else "Starts with the notification"),
            ("Rapid review meeting", _date(review.meeting_on)),
            ("Submitted to the Panel", _date(review.submitted_to_panel_on)),
        ],
    )

    document.add_heading(RAPID_REVIEW_HEADINGS[0], level=1)
    _prose(document, review.facts)
    if children:
        document.add_paragraph(
            "Children: "
            + "; ".join(
                f"{c.get_age_band_display()}, {c.get_sex_display().lower()}"
                + (", looked after" if c.looked_after else "")
                + (", on a child protection plan" if c.on_cp_plan else "")
                for c in children
            )
        )

    document.add_heading(RAPID_REVIEW_HEADINGS[1], level=1)
    if review.agency_involvement.strip() or not summaries:
        _prose(document, review.agency_involvement)
    for item in summaries:
        document.add_paragraph().add_run(_xml_text(item.agency.name)).bold = True
        _prose(document, item.summary)

    document.add_heading(RAPID_REVIEW_HEADINGS[2], level=1)
    _prose(document, review.key_practice_episodes)
    document.add_heading(RAPID_REVIEW_HEADINGS[3], level=1)
    _prose(document, review.immediate_actions)
    document.add_heading(RAPID_REVIEW_HEADINGS[4], level=1)
    _prose(document, review.learning)

    document.add_heading(RAPID_REVIEW_HEADINGS[5], level=1)
    document.add_paragraph(
        "Decision: " + (review.get_decision_display() or "Not yet decided") + "."
    )
    if review.criteria:
        document.add_paragraph("Regulation 11 criteria the case meets:")
        for label in review.criteria_labels():
            document.add_paragraph(label, style="List Bullet")
    _prose(document, review.decision_rationale)
    if review.panel_response:
        document.add_paragraph(
            f"The Panel's response ({_date(review.panel_response_on)}): "
            f"{review.get_panel_response_display()}."
        )
        if review.panel_response_detail.strip():
            _prose(document, review.panel_response_detail)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
