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


def test_the_changelist_counts_exactly_up_to_the_cap_and_says_more_than_beyond(
    support_client, year, monkeypatch
):
    """The paginator of a table in the millions stops counting past its cap (cscp.admin_rows):
    below it the count is Django's own; beyond it the page says "more than", and offers no
    "Select all N" for a total it did not read."""
    from cscp.admin_rows import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    monkeypatch.setattr("training.admin.CompletionAdmin.list_per_page", 2)
    for n in range(3):
        CompletionFactory(learner_name=f"Learner {n}", completed_on=dt.date(2021, 5, 1 + n))
    page = support_client.get("/admin/training/completion/").content.decode()
    assert "3 completions" in page and "More than" not in page
    assert "Select all 3 completions" in page

    CompletionFactory(learner_name="Learner Quillon", completed_on=dt.date(2021, 5, 9))
    page = support_client.get("/admin/training/completion/").content.decode()
    assert "More than 3 completions: filter or search to narrow them" in page
    assert "Select all 4" not in page and "4 completions" not in page
    assert "question hidden" not in page  # the "select across every page" link
    assert 'class="action-counter"' in page  # selecting the rows of a page still works
    second = support_client.get("/admin/training/completion/?p=2").content.decode()
    assert "Learner 1" in second or "Learner 0" in second  # later pages stay reachable

    found = support_client.get("/admin/training/completion/?q=Learner").content.decode()
    assert "More than 3 results" in found
    narrowed = support_client.get("/admin/training/completion/?q=Quillon").content.decode()
    assert "1 result" in narrowed and "More than" not in narrowed
