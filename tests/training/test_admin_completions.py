import datetime as dt

import pytest

from tests.training.factories import CompletionFactory

pytestmark = pytest.mark.django_db


def test_completions_filter_by_reporting_year(support_client, year):
    CompletionFactory(learner_name="In the year", completed_on=dt.date(2022, 3, 31))
    CompletionFactory(learner_name="Next year", completed_on=dt.date(2022, 4, 1))
    page = support_client.get("/admin/training/completion/?year=2021").content.decode()
    assert "In the year" in page
    assert "Next year" not in page
