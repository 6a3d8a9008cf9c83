"""The children and young people's version: made from the same content as the report, short
and plain; readers see the draft, everyone sees it once the report is published (counts of 1 to
5 shown as "c" there), each with its own PDF."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cscp.models import User
from cscp.reporting import children, services
from cscp.reporting.models import AnnualReport

# The shared demo (tests/conftest.py demo_for_module): the module on one worker, in file order.
pytestmark = pytest.mark.xdist_group(f"demo:{__name__}")


def content(**apps):
    base = {
        "report": {"title": "Annual Report 2021-22", "year_label": "2021-22",
                   "start": "2021-04-01", "end": "2022-03-31"},
        "apps": {
            "reviews": {
                "rapid_reviews": {"count": 7},
                "practice_reviews": {"completed": 3},
                "key_themes": ["Professional curiosity", "Information sharing"],
                "learning": {"briefings": 3, "events": 1},
                "actions": {"total": 12, "completed": 9},
            },
            "priority_groups": {"groups": [{"name": "Mental Health Priority Group", "aims": [
                {"result": "achieved"}, {"result": "partly"}, {"result": "achieved"}]}]},
            "training": {"completions": 9130, "mean_confidence_before": 2.6,
                         "mean_confidence_after": 3.8,
                         "new_courses": [{"title": "Trauma Informed Approach"}]},
            "feedback": {
                "feedback_counts": {"received": 40},
                "you_said_we_did": [{"by": "YOS", "you_said": "Too many forms.",
                                     "we_did": "We made one form."}],
            },
            **apps,
        },
        "priorities": [{"title": "Domestic abuse"}],
    }  # fmt: skip
    return base


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_summary_says_what_we_learned_changed_and_did():
    text = text_of(children.render_summary(content(), public=False))
    for heading in ("What we learned", "What we changed", "What you told us, and what we did",
                    "What we will do next", "If you are worried"):  # fmt: skip
        assert heading in text
    assert "we did 7 of these quick reviews" in text
    assert "We finished 3 longer reviews" in text
    assert "Professional curiosity" in text and "Information sharing" in text
    assert "3 short guides and 1 learning event" in text
    assert "Our Mental Health Priority Group did 2 of the 3 things it set out to do" in text
    assert "finished our safeguarding training 9,130 times" in text
    assert "2.6 out of 5 before a course and 3.8 out of 5 after it" in text
    assert "Trauma Informed Approach" in text
    assert "we agreed 12 things to change; 9 of them are done" in text
    assert "40 children, young people and families told us" in text
    assert "You said Too many forms. We did We made one form. (YOS)" in text
    assert "Domestic abuse" in text
    assert "0800 1111" in text


def test_public_summary_hides_small_counts():
    public = text_of(children.render_summary(content(), public=True))
    # Reviews, guides and events are not counts of children: printed, as the full report does.
    assert "We finished 3 longer reviews" in public
    assert "3 short guides and 1 learning event" in public
    feedback = content(feedback={"feedback_counts": {"received": 4}})
    assert "c children, young people and families" in text_of(
        children.render_summary(feedback, public=True)
    )
    assert "we did 7 of these quick reviews" in public  # 6 and more are shown


def test_a_part_with_nothing_to_say_is_left_out():
    bare = content(reviews={}, training={}, priority_groups={})
    text = text_of(children.render_summary(bare, public=False))
    assert "What we learned" not in text
    assert "What we changed" not in text
    assert "What you told us" in text


@pytest.fixture
def demo(demo):
    return AnnualReport.objects.get(year__start_year=2021)


def _publish(report):
    support = User.objects.get(username="support")
    services.report_freeze(report=report, by=support)
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.PUBLISHED)


def test_readers_see_the_draft_from_the_demo_records_and_its_pdf(demo, client):
    # The demo's 2021-22 report is published; reopened, its next version is a draft again.
    services.report_reopen(report=demo, by=User.objects.get(username="support"))
    client.force_login(User.objects.get(username="scrutineer"))
    page = client.get(reverse("report_children", kwargs={"label": demo.label}))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Our year 2021-22: a summary for children and young people" in text
    assert "DRAFT" in text
    assert "we did 7 of these quick reviews" in text  # the reviews app's rapid reviews
    assert "You said" in text and "We did" in text  # the feedback app's "you said, we did"
    response = client.get(reverse("report_children_pdf", kwargs={"label": demo.label}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert len(reader.pages) <= 6  # short: a cover and a few pages
    assert "DRAFT" in reader.pages[0].extract_text()
    # The public see the published version only, never the draft.
    client.logout()
    public = text_of(client.get(reverse("report_children_public")).content.decode())
    assert "Our year 2021-22: a summary for children and young people" in public
    assert "DRAFT" not in public


def test_everyone_sees_the_published_summary_and_its_pdf(demo, client):
    _publish(demo)
    page = client.get(reverse("report_children_public"))
    text = text_of(page.content.decode())
    assert "Our year 2021-22: a summary for children and young people" in text
    assert "DRAFT" not in text
    response = client.get(reverse("report_children_public_pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Our year 2021-22: a summary for children and young people"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "DRAFT" not in " ".join(p.extract_text() for p in reader.pages)
    # The public report page links to it.
    assert (
        reverse("report_children_public") in client.get(reverse("report_public")).content.decode()
    )
