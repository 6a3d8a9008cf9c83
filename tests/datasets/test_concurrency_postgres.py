"""Two saves of the same return at the same moment: the row lock lets one through and tells the
other the return changed (PostgreSQL only: SQLite has no row locks)."""

import threading

import pytest
from django.db import connection

from cscp.concurrency import StaleEdit
from datasets import services
from datasets.models import Return, ReturnValue
from tests.datasets.factories import ReturnFactory

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locking needs PostgreSQL (DATABASE_URL)"
    ),
]


def test_simultaneous_saves_one_wins_one_is_told(lead_agency, year, indicators, agency_lead_user):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
    opened = ret.version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(value):
        from django.db import connections

        try:
            barrier.wait()
            services.return_save_draft(
                ret=Return.objects.get(pk=ret.pk),
                by=agency_lead_user,
                values={"OPEN_REFERRALS": {"value": value}},
                opened_version=opened,
            )
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(v,)) for v in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert ReturnValue.objects.count() == 1
    assert Return.objects.get().version == opened + 1
