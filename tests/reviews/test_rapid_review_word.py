"""A rapid review as a Word document with the headings partnerships send to the Panel."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from cscp.partnership.models import Partnership
from reviews.documents import RAPID_REVIEW_HEADINGS, rapid_review_docx
from reviews.models import RapidReview, RapidReviewAgency, Regulation11
from tests.factories import AgencyFactory

from .factories import RapidReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date
PLANTED = '<b data-x>planted</b><meta http-equiv=refresh content="0;url=//evil">&amp;'


def _review(**fields):
    review = RapidReviewFactory(
        reference="HM-2024-07",
        la_aware_on=D(2024, 3, 4),
        notification_sent_on=D(2024, 3, 8),
        meeting_on=D(2024, 3, 26),
        submitted_to_panel_on=D(2024, 3, 27),
        panel_response=RapidReview.PanelResponse.AGREES,
        panel_response_on=D(2024, 4, 12),
        decision=RapidReview.Decision.LOCAL,
        criteria=[Regulation11.RECURRENT_THEMES],
        facts="A baby of 9 months was admitted with a fracture.",
        agency_involvement="Health visiting and GP knew the family.",
        key_practice_episodes="The 6-week check was missed.",
        immediate_actions="The sibling's safety plan was reviewed.",
        learning="Curiosity about a new partner.",
        decision_rationale="Recurrent theme of men in the household being unseen.",
        **fields,
    )
    RapidReviewAgency.objects.create(
        rapid_review=review,
        agency=AgencyFactory(name="Hartmoor Community Health"),
        summary="Two health visits, no concerns recorded.",
    )
    return review


def _text(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return out


def test_the_document_has_the_headings_and_the_records_under_them():
    Partnership.objects.create(name="Hartmoor Safeguarding Children Partnership", short_name="HSCP")
    document = Document(io.BytesIO(rapid_review_docx(_review())))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == list(RAPID_REVIEW_HEADINGS)
    assert RAPID_REVIEW_HEADINGS == (
        "Facts of the case",
        "Agency involvement",
        "Key practice episodes",
        "Immediate actions",
        "Learning",
        "Decision and rationale",
    )
    text = "\n".join(_text(document))
    assert "Hartmoor Safeguarding Children Partnership" in text
    assert "HM-2024-07" in document.core_properties.title
    for expected in (
        "A baby of 9 months was admitted with a fracture.",
        "Hartmoor Community Health",
        "Two health visits, no concerns recorded.",
        "The 6-week check was missed.",
        "The sibling's safety plan was reviewed.",
        "Curiosity about a new partner.",
        "Local child safeguarding practice review",
        "(b) highlights or may highlight recurrent themes",
        "Recurrent theme of men in the household being unseen.",
        "12 April 2024",  # the Panel's response
        "2 April 2024",  # the rapid review's due date (Easter skipped)
    ):
        assert expected in text, expected
    # Each section's text comes after its own heading.
    paragraphs = [p.text for p in document.paragraphs]
    assert (
        paragraphs.index("Key practice episodes")
        < paragraphs.index("The 6-week check was missed.")
        < paragraphs.index("Immediate actions")
    )


def test_an_empty_section_says_so():
    review = RapidReviewFactory(facts="", key_practice_episodes="")
    paragraphs = [p.text for p in Document(io.BytesIO(rapid_review_docx(review))).paragraphs]
    after = paragraphs[paragraphs.index("Facts of the case") + 1]
    assert after == "Not recorded."


def test_markup_planted_in_the_fields_is_written_as_text():
    review = _review()
    for field in (
        "facts",
        "agency_involvement",
        "key_practice_episodes",
        "immediate_actions",
        "learning",
        "decision_rationale",
        "panel_response_detail",
    ):
        setattr(review, field, f"{field}: {PLANTED}")
    review.reference = f"R{PLANTED}"[:60]
    review.save()
    data = rapid_review_docx(review)
    text = "\n".join(_text(Document(io.BytesIO(data))))
    for field in ("facts", "key_practice_episodes", "decision_rationale", "panel_response_detail"):
        assert f"{field}: {PLANTED}" in text
    # In the XML the markup is escaped character data, never an element.
    import zipfile

    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<b data-x>" not in body and "<meta" not in body
    assert "&lt;b data-x&gt;planted&lt;/b&gt;" in body


@pytest.mark.parametrize("who", ["support_client", "scrutineer_client"])
def test_business_support_and_the_scrutineer_download_it(who, request):
    client = request.getfixturevalue(who)
    review = _review()
    response = client.get(reverse("rapid_review_docx", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="rapid-review-HM-2024-07.docx"'
    Document(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("who", ["agency_lead_client", "executive_client"])
def test_agency_leads_and_executives_cannot(who, request):
    client = request.getfixturevalue(who)
    response = client.get(reverse("rapid_review_docx", args=[_review().pk]))
    assert response.status_code == 403


def test_a_reference_that_is_not_a_file_name_is_made_one(support_client):
    review = _review()
    review.reference = 'a/b\\c"d <e>'
    review.save()
    response = support_client.get(reverse("rapid_review_docx", args=[review.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="rapid-review-a-b-c-d-e.docx"'


def test_the_page_and_the_admin_link_to_it_for_those_who_may_download(
    client, support_user, executive_user, scrutineer_user
):
    review = _review()
    url = reverse("rapid_review_docx", args=[review.pk])
    detail = reverse("rapid_review_detail", args=[review.pk])
    change = reverse("admin:reviews_rapidreview_change", args=[review.pk])
    for user in (support_user, scrutineer_user):
        client.force_login(user)
        assert url in client.get(detail).content.decode()
        assert url in client.get(change).content.decode()
    client.force_login(executive_user)
    assert url not in client.get(detail).content.decode()


def test_an_unknown_review_is_a_404(support_client):
    assert support_client.get(reverse("rapid_review_docx", args=[999999])).status_code == 404
