"""Governance as Working Together 2023 sets it: lead and delegated safeguarding partners, the
chair, the independent scrutineer, relevant agencies and the partners' decisions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cscp.models import Agency, GovernanceMember, PartnerDecision
from cscp.partnership.selectors import governance_on, lead_partners_on
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
Post = GovernanceMember.Post


def member(post, name, agency=None, since=dt.date(2024, 4, 1), until=None):
    m = GovernanceMember(
        post=post, name=name, role_title="Title", agency=agency, from_date=since, to_date=until
    )
    m.full_clean()
    m.save()
    return m


@pytest.fixture
def council():
    return AgencyFactory(name="Wessex Vale Council", kind=Agency.Kind.LOCAL_AUTHORITY)


@pytest.fixture
def police():
    return AgencyFactory(name="Wessex Police", kind=Agency.Kind.POLICE)


def test_a_lead_partner_comes_from_the_right_kind_of_agency(council, police):
    with pytest.raises(ValidationError, match="agency"):
        member(Post.LSP_POLICE, "A. Constable", agency=council)
    with pytest.raises(ValidationError, match="agency"):
        member(Post.LSP_POLICE, "A. Constable")
    member(Post.LSP_POLICE, "A. Constable", agency=police)


def test_one_holder_of_a_post_at_a_time(council):
    member(Post.LSP_LOCAL_AUTHORITY, "First", agency=council, until=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="First holds this post"):
        member(Post.LSP_LOCAL_AUTHORITY, "Second", agency=council, since=dt.date(2025, 6, 1))
    member(Post.LSP_LOCAL_AUTHORITY, "Second", agency=council, since=dt.date(2025, 7, 1))
    assert governance_on(dt.date(2025, 6, 30))[Post.LSP_LOCAL_AUTHORITY].name == "First"
    assert governance_on(dt.date(2025, 7, 1))[Post.LSP_LOCAL_AUTHORITY].name == "Second"


def test_lead_partners_pair_each_lead_with_a_delegate(council, police):
    member(Post.LSP_POLICE, "Chief", agency=police)
    member(Post.DSP_POLICE, "Superintendent", agency=police)
    rows = {row["post"]: row for row in lead_partners_on(dt.date(2025, 1, 1))}
    assert rows[Post.LSP_POLICE]["lead"].name == "Chief"
    assert rows[Post.LSP_POLICE]["delegate"].name == "Superintendent"
    assert rows[Post.LSP_LOCAL_AUTHORITY]["lead"] is None
    assert len(rows) == 3


def test_a_designated_education_agency_is_a_relevant_agency():
    school = AgencyFactory(name="Vale Academy Trust", kind=Agency.Kind.EDUCATION)
    school.designated_education_childcare = True
    school.relevant_agency = False
    with pytest.raises(ValidationError):
        school.full_clean()


def test_governance_page_for_executive_and_scrutineer(
    client, executive_user, scrutineer_user, agency_lead_user, police
):
    member(Post.LSP_POLICE, "Chief Constable Vale", agency=police, since=dt.date(2020, 1, 1))
    member(Post.SCRUTINEER, "Pat Scrutton", since=dt.date(2020, 1, 1))
    AgencyFactory(
        name="Vale Academy Trust",
        kind=Agency.Kind.EDUCATION,
        relevant_agency=True,
        designated_education_childcare=True,
    )
    PartnerDecision.objects.create(
        decided_on=dt.date(2025, 9, 1), title="Adopt the new threshold document", decision="Agreed."
    )
    for user in (executive_user, scrutineer_user):
        client.force_login(user)
        page = client.get("/governance/").content.decode()
        assert "Chief Constable Vale" in page
        assert "Pat Scrutton" in page
        assert "Designated education or childcare agency" in page
        assert "Adopt the new threshold document" in page
        assert "1 September 2025" in page
        assert "Not recorded" in page  # no local authority lead yet
    client.force_login(agency_lead_user)
    assert client.get("/governance/").status_code == 403
