"""The report's records moved from app cscp to app reporting keeping their tables (cscp 0012,
reporting 0001): a database migrated before the move keeps its rows, their history, and the
permissions that name them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cscp.reporting.models import AnnualReport

BEFORE_THE_MOVE = [("cscp", "0011_version_new_admin_models")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_report_rows():
    change = Permission.objects.get(
        content_type__app_label="reporting", codename="change_annualreport"
    )
    old = migrate(BEFORE_THE_MOVE)
    # As main made it: the report's content types belong to app cscp, the permission with them.
    change.refresh_from_db()
    assert change.content_type.app_label == "cscp"
    group = Group.objects.create(name="Report editors")
    group.permissions.add(change)
    year = old.get_model("cscp", "ReportingYear").objects.create(start_year=2019)
    kept = old.get_model("cscp", "AnnualReport").objects.create(year_id=year.pk, title="Kept")
    old.get_model("cscp", "HistoricalAnnualReport").objects.create(
        id=kept.pk, year_id=year.pk, title="Kept", status="draft", version=0, history_type="+",
        history_date="2020-01-01T00:00:00Z", created_at="2020-01-01T00:00:00Z",
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    report = AnnualReport.objects.get(title="Kept")
    assert report.year.start_year == 2019
    assert report.history.get().title == "Kept"
    change.refresh_from_db()
    assert change.content_type.app_label == "reporting"
    assert group.permissions.filter(pk=change.pk).exists()
    assert not ContentType.objects.filter(app_label="cscp", model="annualreport").exists()
