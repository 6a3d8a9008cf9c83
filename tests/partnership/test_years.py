"""One year rule (decision 0010) and one year selector for every page."""

import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory

from cscp.models import ReportingYear
from cscp.reporting.models import AnnualReport
from cscp.years import (
    parse_year,
    report_year,
    start_year_from_label_or_404,
    year_from_label_or_404,
    year_from_request,
)

pytestmark = pytest.mark.django_db

# Every page that looks back over a year, and a piece of text saying which year it shows.
LOOK_BACK_PAGES = [
    "/reviews/",
    "/reviews/themes/",
    "/reviews/learning/",
    "/priority-groups/",
    "/training/dashboard/",
    "/datasets/pack/",
    "/feedback/",
]


def get(query=""):
    return RequestFactory().get("/x/" + query)


@pytest.fixture
def years(db):
    return {y: ReportingYear.objects.create(start_year=y) for y in (2020, 2021, 2022, 2025)}


def test_parse_accepts_the_url_form_and_the_older_start_year():
    assert parse_year("2021-22") == 2021
    assert parse_year("2021") == 2021
    for bad in ("2021-23", "21-22", "twenty", ""):
        with pytest.raises(ValueError):
            parse_year(bad)


def test_a_url_label_is_a_start_year_or_404_and_its_year_must_exist(years):
    assert start_year_from_label_or_404("1990-91") == 1990  # parsed, not read
    assert year_from_label_or_404("2020-21") == years[2020]
    for bad in ("2021-23", "nonsense"):
        with pytest.raises(Http404):
            start_year_from_label_or_404(bad)
        with pytest.raises(Http404):
            year_from_label_or_404(bad)
    with pytest.raises(Http404):
        year_from_label_or_404("1990-91")


def test_year_from_request(years):
    assert year_from_request(get("?year=2020-21")) == years[2020]
    assert year_from_request(get("?year=2020")) == years[2020]
    with pytest.raises(Http404):
        year_from_request(get("?year=1990-91"))
    with pytest.raises(Http404):
        year_from_request(get("?year=nonsense"))


def test_report_year_is_the_latest_year_with_a_report(years):
    AnnualReport.objects.create(year=years[2021])
    assert report_year() == years[2021]
    assert year_from_request(get()) == years[2021]


def test_without_a_report_the_last_complete_year(years, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 1, 10))
    assert report_year() == years[2022]  # 2024-25 not recorded: the latest year that ended
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2020, 6, 1))
    assert report_year() == years[2020]  # nothing has ended: the year in progress
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2023, 5, 1))
    assert report_year() == years[2022]


def test_every_look_back_page_opens_on_the_report_year_and_offers_every_year(
    years, support_user, executive_user, client
):
    AnnualReport.objects.create(year=years[2021])
    support_user.groups.add(*executive_user.groups.all())
    client.force_login(support_user)
    for url in LOOK_BACK_PAGES:
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "2021-22" in html, url
        for y in years.values():
            assert f'value="{y.label}"' in html, (url, y.label)
        assert 'value="2021-22" selected' in html, url
        other = client.get(f"{url}?year=2020-21").content.decode()
        assert 'value="2020-21" selected' in other, url
        assert client.get(f"{url}?year=1990-91").status_code == 404, url
