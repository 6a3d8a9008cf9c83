import pytest

from cscp.concurrency import STALE_MESSAGE
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_formula_and_suppression_helpers():
    from cscp.formatting import neutralise_formula, percentage, suppress_small

    assert neutralise_formula("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert neutralise_formula("Plain text") == "Plain text"
    assert [suppress_small(n) for n in (0, 1, 5, 6, 440)] == [0, "c", "c", 6, 440]
    assert percentage(14, 25) == 56
    assert percentage(1, 0) is None


def test_stale_message_tells_the_user_nothing_was_saved():
    assert "have not been saved" in STALE_MESSAGE


def test_agency_model_is_listed_for_support(support_client):
    AgencyFactory(name="Listed Agency")
    assert b"Listed Agency" in support_client.get("/admin/cscp/agency/").content
