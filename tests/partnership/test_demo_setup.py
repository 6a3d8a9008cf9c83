"""The demo is a complete partnership: its set-up page has nothing left to do."""

import pytest
from django.core.management import call_command

from cscp.partnership.setup import setup_steps

pytestmark = pytest.mark.django_db


def test_after_load_demo_no_set_up_step_is_left_to_do(support_client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    missing = {step.key: step.missing for step in setup_steps() if not step.done}
    print(missing)
    assert missing == {}
    html = support_client.get("/").content.decode()
    assert "Set up the partnership" not in html
