"""The demo is a complete partnership: its set-up page has nothing left to do (issue 16)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from cscp.partnership.setup import setup_steps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 12, 1))


# The lead partners, this reporting year and its population come from the live demo year
# (cscp/demo_live.py); the agency leads and the seed's indicators from the demo itself.
def test_after_load_demo_the_set_up_page_has_no_step_to_do(support_client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    missing = {step.key: step.missing for step in setup_steps() if not step.done}
    assert missing == {}
    response = support_client.get(reverse("partnership_setup"))
    steps = response.context["steps"]
    assert response.context["done_count"] == len(steps) and response.context["all_done"]
    assert "To do" not in response.content.decode()
    assert "Set up the partnership" not in support_client.get("/").content.decode()


def test_every_agency_that_returns_figures_has_a_demo_agency_lead():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    steps = {step.key: step for step in setup_steps()}
    assert steps["leads"].missing == []
    assert steps["indicators"].missing == []
    assert steps["agencies"].done and steps["identity"].done


def test_a_partner_returning_no_figures_is_a_note_not_a_step_to_do():
    from cscp.models import Agency
    from datasets.models import Indicator

    council = Agency.objects.create(name="Council", kind=Agency.Kind.LOCAL_AUTHORITY)
    Agency.objects.create(name="Health board", kind=Agency.Kind.HEALTH)
    Indicator.objects.create(code="CP", name="Child protection plans", owner=council)
    step = next(step for step in setup_steps() if step.key == "indicators")
    assert step.done
    assert any("health" in note for note in step.notes)
