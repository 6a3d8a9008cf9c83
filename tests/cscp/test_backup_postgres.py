"""The YAML backup reads every table in one REPEATABLE READ READ ONLY transaction, so a write
made while it runs is either wholly in it or wholly out (PostgreSQL only)."""

import threading

from django.core.management import call_command
from django.db import connection

from cscp.models import Theme
from tests.concurrency import POSTGRES_ONLY

pytestmark = POSTGRES_ONLY


def test_a_write_during_the_backup_is_not_half_in_it(tmp_path):
    backup = tmp_path / "cscp.yaml"
    written = []

    def write_elsewhere():
        # Another connection commits a theme while the backup is already reading.
        Theme.objects.create(name="Written during the backup")
        written.append(True)
        connection.close()

    statements = []

    def wrapper(execute, sql, params, many, context):
        statements.append(sql)
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT") and not written:
            # After the backup's first read: its snapshot is taken, the theme comes later.
            worker = threading.Thread(target=write_elsewhere)
            worker.start()
            worker.join()
        return result

    with connection.execute_wrapper(wrapper):
        call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert written
    assert "ISOLATION LEVEL REPEATABLE READ READ ONLY" in statements[0].upper()
    assert "Written during the backup" not in backup.read_text()
    assert Theme.objects.filter(name="Written during the backup").exists()
