"""Readers' pages: reviews list and detail, theme tracker; constant queries as data grows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cscp.models import ReportingYear
from reviews.models import PracticeReview, RapidReview

from .factories import (
    ActionFactory,
    PracticeReviewFactory,
    RapidReviewFactory,
    RecommendationFactory,
    ReviewThemeFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


def test_review_list_shows_the_years_rapid_reviews_with_clocks(demo, executive_client):
    response = executive_client.get(reverse("review_list"), {"year": "2021-22"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('href="/reviews/rapid/') == 7
    assert content.count(">Met</strong>") == 14  # both clocks of every review met in time
    assert "Serious youth violence thematic review" in content
    assert "Carl &amp; Max" in content


def test_review_list_opens_on_the_report_year(demo, scrutineer_client):
    # The shared year rule (cscp.years, decision 0010): the latest year with an annual report.
    from cscp.models import ReportingYear
    from cscp.reporting.models import AnnualReport

    AnnualReport.objects.create(year=ReportingYear.objects.get(start_year=2021))
    content = scrutineer_client.get(reverse("review_list")).content.decode()
    assert "Reviews 2021-22" in content


def test_rapid_review_detail_shows_clocks_children_and_themes(demo, scrutineer_client):
    review = RapidReview.objects.get(reference="RR-2021-02")
    content = scrutineer_client.get(reverse("rapid_review_detail", args=[review.pk])).content
    content = content.decode()
    assert "RR-2021-02" in content
    assert "16–17" in content
    assert "Extra-familial harm · Adolescents" in content
    assert "Serious youth violence thematic review" in content


def test_practice_review_detail_shows_recommendations_and_actions(demo, support_client):
    review = PracticeReview.objects.get(title="Ben")
    content = support_client.get(reverse("practice_review_detail", args=[review.pk])).content
    content = content.decode()
    assert "Recommendation 1" in content and "was not brought" in content
    assert "Published" in content and "14 March 2022" in content


def test_theme_tracker_shows_cohorts_and_flags_recurring_themes(demo, executive_client):
    content = executive_client.get(reverse("theme_tracker"), {"year": "2021-22"}).content
    content = content.decode()
    assert "Babies &amp; toddlers" in content and "Adolescents" in content
    assert "Importance of fathers/male carers" in content
    assert content.count("govuk-tag--orange") == 6  # six recurring themes


def test_theme_tracker_for_a_year_without_reviews(demo, executive_client):
    content = executive_client.get(reverse("theme_tracker"), {"year": "2022-23"}).content
    assert "No themes tagged on reviews of 2022-23." in content.decode()


def _grow(n, offset):
    for i in range(offset, offset + n):
        rapid = RapidReviewFactory(la_aware_on=D(2021, 6, 1) + dt.timedelta(days=i))
        ReviewThemeFactory(rapid_review=rapid)
        spr = PracticeReviewFactory(decision_on=D(2021, 5, 1))
        spr.rapid_reviews.add(rapid)
        ReviewThemeFactory(practice_review=spr)
        rec = RecommendationFactory(practice_review=spr)
        ActionFactory(recommendation=rec)


@pytest.mark.parametrize("name", ["review_list", "theme_tracker", "review_action_list"])
def test_reader_pages_take_a_constant_number_of_queries(
    name, year, executive_client, django_assert_max_num_queries
):
    url = reverse(name)
    _grow(2, 0)
    with CaptureQueriesContext(connection) as small:
        assert executive_client.get(url, {"year": "2021-22"}).status_code == 200
    _grow(8, 2)
    with django_assert_max_num_queries(len(small)):
        assert executive_client.get(url, {"year": "2021-22"}).status_code == 200


def test_detail_pages_take_a_constant_number_of_queries(
    year, support_client, django_assert_max_num_queries
):
    spr = PracticeReviewFactory()
    rapid = RapidReviewFactory()
    spr.rapid_reviews.add(rapid)
    rec = RecommendationFactory(practice_review=spr)
    ActionFactory(recommendation=rec)
    ReviewThemeFactory(rapid_review=rapid)
    ReviewThemeFactory(practice_review=spr)
    urls = [
        reverse("practice_review_detail", args=[spr.pk]),
        reverse("rapid_review_detail", args=[rapid.pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            support_client.get(url)
        counts.append(len(ctx))
    for _i in range(5):
        rec = RecommendationFactory(practice_review=spr)
        ActionFactory(recommendation=rec)
        ActionFactory(recommendation=rec)
        ReviewThemeFactory(rapid_review=rapid)
        ReviewThemeFactory(practice_review=spr)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert support_client.get(url).status_code == 200


def test_year_with_no_records_gives_an_empty_page(executive_client, db):
    ReportingYear.objects.create(start_year=2030)
    content = executive_client.get(reverse("review_list"), {"year": "2030-31"}).content.decode()
    assert "No rapid reviews recorded for 2030-31." in content


def test_learning_audits_and_inspections_page(
    demo, scrutineer_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = scrutineer_client.get(reverse("review_learning"), {"year": "2021-22"})
    content = response.content.decode()
    assert "One-page briefing: Ben" in content
    assert "Target 3, carried out 2" in content
    assert "Interventions tend to focus too much on the adult" in content
    assert "Local Area SEND inspection" in content
