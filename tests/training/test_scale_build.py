"""bench/scale_data.py writes its completions through the import's own bulk path (no test runs
the bench itself, so this keeps that path of it working)."""

import sys
from pathlib import Path

import pytest

from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory
from tests.training.factories import CourseFactory
from training.models import Completion, Delivery, ImportBatch

pytestmark = pytest.mark.django_db


def test_the_scale_bench_writes_completions_and_their_history_as_an_import_does():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import scale_data

    support = UserFactory(username="bench-support")
    years = [ReportingYearFactory(start_year=2030), ReportingYearFactory(start_year=2031)]
    agencies = [AgencyFactory(), AgencyFactory()]
    CourseFactory(title="Fenmoor e-learning", delivery=Delivery.E_LEARNING)
    scale_data._completions(7, years, agencies, support)
    assert Completion.objects.count() == 7
    assert Completion.history.count() == 7
    assert set(Completion.history.values_list("history_user_id", flat=True)) == {support.pk}
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.IMPORTED, 7)
    assert {c.agency_id for c in Completion.objects.all()} == {a.pk for a in agencies}
