import datetime as dt

import pytest

from priority_groups.home import panels
from priority_groups.models import Action
from tests.priority_groups.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_executive_panel_lists_overdue_actions(executive_user, lead_agency, other_agency):
    ActionFactory(owner_agency=lead_agency, description="Late one", due_date=dt.date(2000, 1, 1))
    ActionFactory(owner_agency=other_agency, description="Future", due_date=dt.date(2999, 1, 1))
    ActionFactory(
        owner_agency=other_agency,
        description="Done late",
        due_date=dt.date(2000, 1, 1),
        status=Action.Status.DONE,
        completed_on=dt.date(2000, 2, 1),
    )
    (panel,) = panels(executive_user)
    assert [i["text"].split(" (")[0] for i in panel.items] == ["Late one"]
    assert panel.items[0]["tag"] == "Overdue"
    assert "1 overdue action)" in panel.link_text


def test_agency_lead_panel_shows_only_their_agencys_open_actions(
    agency_lead_user, lead_agency, other_agency
):
    ActionFactory(owner_agency=lead_agency, description="Ours", due_date=dt.date(2999, 1, 1))
    ActionFactory(owner_agency=other_agency, description="Police's")
    (panel,) = panels(agency_lead_user)
    assert [i["text"].split(" (")[0] for i in panel.items] == ["Ours"]
    assert panel.items[0]["tag"] == ""


def test_no_panel_without_a_role(no_role_user):
    assert panels(no_role_user) == []


def test_home_page_shows_the_panel(agency_lead_client, lead_agency):
    ActionFactory(owner_agency=lead_agency, description="Circulate the protocol")
    html = agency_lead_client.get("/").content.decode()
    assert "Circulate the protocol" in html
