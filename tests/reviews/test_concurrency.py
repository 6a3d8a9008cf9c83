"""Two people saving the same action at once: one save wins, the other is refused."""

import threading

import pytest
from django.db import connection, connections

from cscp.concurrency import StaleEdit
from reviews import services
from reviews.models import Action

from .factories import ActionFactory

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_updates_of_one_action_do_not_overwrite_each_other(support_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")
    action = ActionFactory()
    opened = action.version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(status):
        try:
            barrier.wait()
            services.action_update(
                action=Action.objects.get(pk=action.pk),
                status=status,
                evidence="",
                by=support_user,
                expected_version=opened,
            )
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("in_progress", "paused")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    action.refresh_from_db()
    assert action.version == opened + 1
