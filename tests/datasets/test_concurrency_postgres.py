"""Two saves of the same return at the same moment: the row lock lets one through and tells the
other the return changed; review transitions lock the return too (PostgreSQL only: SQLite has
no row locks)."""

import pytest
from django.core.exceptions import ValidationError

from cscp.concurrency import StaleEdit
from datasets import services
from datasets.models import Return, ReturnTransition, ReturnValue
from tests.concurrency import POSTGRES_ONLY, blocked, run_together
from tests.datasets.factories import ReturnFactory

pytestmark = POSTGRES_ONLY


def test_simultaneous_saves_one_wins_one_is_told(lead_agency, year, indicators, agency_lead_user):
    ret = ReturnFactory(agency=lead_agency, year=year, quarter=1)
    opened = ret.version

    def save(value):
        def call():
            services.return_save_draft(
                ret=Return.objects.get(pk=ret.pk),
                by=agency_lead_user,
                values={"OPEN_REFERRALS": {"value": value}},
                opened_version=opened,
            )
            return "saved"

        return call

    outcomes = run_together(save(1), save(2))
    assert sorted("stale" if isinstance(o, StaleEdit) else o for o in outcomes) == [
        "saved",
        "stale",
    ]
    assert ReturnValue.objects.count() == 1
    assert Return.objects.get().version == opened + 1


def _return(lead_agency, year, status):
    return ReturnFactory(agency=lead_agency, year=year, quarter=2, status=status)


def test_accept_and_query_at_once_only_one_is_recorded(lead_agency, year, support_user):
    ret = _return(lead_agency, year, Return.Status.SUBMITTED)

    def accept():
        return services.return_accept(ret=Return.objects.get(pk=ret.pk), by=support_user).status

    def query():
        return services.return_query(
            ret=Return.objects.get(pk=ret.pk), by=support_user, comment="Check Q2"
        ).status

    outcomes = run_together(accept, query)
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert ReturnTransition.objects.filter(ret=ret, from_status="submitted").count() == 1


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (Return.Status.SUBMITTED, lambda r, by: services.return_accept(ret=r, by=by)),
        (Return.Status.SUBMITTED, lambda r, by: services.return_query(ret=r, by=by, comment="?")),
        (Return.Status.ACCEPTED, lambda r, by: services.return_reopen(ret=r, by=by, reason="!")),
    ],
    ids=["accept", "query", "reopen"],
)
def test_each_review_transition_waits_for_the_row_lock(
    lead_agency, year, support_user, status, move
):
    ret = _return(lead_agency, year, status)
    # Someone else accepts or re-opens it while holding the lock: the transition waits, then
    # sees the new state and refuses, instead of recording a second move from the old one.
    moved = Return.Status.DRAFT if status == Return.Status.ACCEPTED else Return.Status.ACCEPTED

    def other_user(locked):
        Return.objects.filter(pk=locked.pk).update(status=moved)

    with pytest.raises(ValidationError):
        blocked(
            lambda: move(Return.objects.get(pk=ret.pk), support_user),
            model=Return,
            pk=ret.pk,
            then=other_user,
        )
