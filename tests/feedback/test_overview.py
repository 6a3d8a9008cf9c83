"""The executive page: approved feedback by theme and service, counts by sentiment and year."""

import datetime as dt

import pytest

from cscp.models import Theme
from feedback.models import Consent, FeedbackItem, Status
from tests.factories import AgencyFactory
from tests.feedback.factories import ApprovedFeedbackFactory, FeedbackItemFactory

pytestmark = pytest.mark.django_db

URL = "/feedback/"


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(name="Voice of the child", slug="voice-of-the-child"),
        Theme.objects.create(name="Mental health", slug="mental-health"),
    ]


def test_counts_by_year_sentiment_service_and_theme(executive_client, themes, year):
    agency = AgencyFactory(name="Early Help", short_name="Early Help")
    ApprovedFeedbackFactory(agency=agency, themes=[themes[0]], received_on=dt.date(2021, 9, 1))
    ApprovedFeedbackFactory(
        agency=agency,
        themes=[themes[0], themes[1]],
        sentiment=FeedbackItem.Sentiment.NEGATIVE,
        received_on=dt.date(2022, 2, 1),
    )
    ApprovedFeedbackFactory(received_on=dt.date(2020, 5, 1), sentiment="", service="")
    FeedbackItemFactory(text="Still in the queue")  # received: never counted or shown

    response = executive_client.get(URL, {"year": ""})  # all years (blank), not the report year
    assert response.status_code == 200
    ctx = response.context
    by_year = {row["label"]: row for row in ctx["by_year"]}
    # Columns: positive, mixed, negative, not assessed.
    assert by_year["2021-22"]["counts"] == [1, 0, 1, 0]
    assert by_year["2020-21"]["counts"] == [0, 0, 0, 1]
    by_service = {row["label"]: row["total"] for row in ctx["by_service"]}
    assert by_service == {"Early Help – keyworker": 2, "Not stated": 1}
    by_theme = {row["label"]: row["counts"] for row in ctx["by_theme"]}
    assert by_theme["Voice of the child"] == [1, 0, 1, 0]
    assert by_theme["Mental health"] == [0, 0, 1, 0]
    assert "Still in the queue" not in response.content.decode()


def test_filters_by_year_and_theme(executive_client, themes, year):
    ApprovedFeedbackFactory(text="About mental health", themes=[themes[1]])
    ApprovedFeedbackFactory(text="Another year", received_on=dt.date(2020, 5, 1))
    page = executive_client.get(URL, {"year": "2021-22", "theme": "mental-health"})
    content = page.content.decode()
    assert "About mental health" in content
    assert "Another year" not in content
    # The shared year parser (cscp.years): a year that is not recorded is a 404, as on every
    # page; a theme that does not exist is the form's error.
    assert executive_client.get(URL, {"year": "1999-00"}).status_code == 404
    assert executive_client.get(URL, {"year": "nonsense"}).status_code == 404
    bad = executive_client.get(URL, {"year": "2021-22", "theme": "no-such-theme"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()


def test_anonymised_text_is_what_is_shown(executive_client, year):
    ApprovedFeedbackFactory(
        consent=Consent.YES_ANONYMISED,
        text="Vivian at 12 High Street",
        anonymised_text="Our social worker",
    )
    content = executive_client.get(URL).content.decode()
    assert "Our social worker" in content
    assert "Vivian" not in content


def test_forced_approval_without_consent_is_not_shown(executive_client, year):
    item = FeedbackItemFactory(text="Never consented")
    FeedbackItem.objects.filter(pk=item.pk).update(status=Status.APPROVED, consent=Consent.NO)
    response = executive_client.get(URL)
    assert "Never consented" not in response.content.decode()
    assert response.context["by_year"] == []


def test_query_count_stays_constant(executive_client, themes, django_assert_max_num_queries):
    agencies = [AgencyFactory() for _ in range(3)]

    def grow(n):
        from tests.feedback.factories import SurveyAnswerFactory

        for i in range(n):
            ApprovedFeedbackFactory(agency=agencies[i % 3], themes=themes)
            SurveyAnswerFactory(count=i)

    grow(2)
    with django_assert_max_num_queries(20) as small:
        executive_client.get(URL, {"year": ""})
    grow(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = executive_client.get(URL, {"year": ""})
    assert response.context["page"].paginator.count == 22


@pytest.mark.parametrize(
    "fixture, status",
    [
        ("support_client", 200),
        ("executive_client", 200),
        ("scrutineer_client", 200),
        ("agency_lead_client", 403),
    ],
)
def test_who_may_see_it(request, fixture, status):
    client = request.getfixturevalue(fixture)
    assert client.get(URL).status_code == status


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_survey_results_with_percentages_are_shown(executive_client, year, previous_year):
    from tests.feedback.factories import SurveyAnswerFactory, SurveyQuestionFactory

    question = SurveyQuestionFactory(text="Is your ethnicity data accurate?")
    SurveyAnswerFactory(question=question, label="Confident", count=10)
    SurveyAnswerFactory(question=question, label="Mostly", count=8)
    content = executive_client.get(URL, {"year": "2021-22"}).content.decode()
    assert "Is your ethnicity data accurate?" in content
    assert "56%" in content and "44%" in content
    assert (
        "No records for this year."
        in executive_client.get(URL, {"year": "2020-21"}).content.decode()
    )
