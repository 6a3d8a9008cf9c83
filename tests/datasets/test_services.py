from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cscp.concurrency import StaleEdit
from cscp.roles import Role
from datasets import services
from datasets.models import Return, ReturnTransition, ReturnValue
from tests.datasets.factories import ReturnFactory, ReturnValueFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_return(lead_agency, year, indicators):
    return Return(agency=lead_agency, year=year, quarter=2)


def _submitted(ret, lead, values):
    return services.return_submit(ret=ret, by=lead, values=values)


class TestDraftAndSubmit:
    def test_save_draft_starts_the_return_and_records_who(self, new_return, agency_lead_user):
        services.return_save_draft(
            ret=new_return, by=agency_lead_user, values={"OPEN_REFERRALS": {"value": 5}}
        )
        ret = Return.objects.get()
        assert ret.status == Return.Status.DRAFT
        assert ret.values.get().value == 5
        t = ReturnTransition.objects.get()
        assert (t.from_status, t.to_status, t.by) == ("not_started", "draft", agency_lead_user)
        assert t.at is not None

    def test_submit_moves_to_submitted(self, new_return, agency_lead_user, good_values):
        _submitted(new_return, agency_lead_user, good_values)
        ret = Return.objects.get()
        assert ret.status == Return.Status.SUBMITTED
        assert list(ret.transitions.values_list("to_status", flat=True)) == [
            "draft",
            "submitted",
        ]

    def test_invalid_submit_saves_nothing(self, new_return, agency_lead_user):
        with pytest.raises(services.SubmissionInvalid) as exc:
            _submitted(new_return, agency_lead_user, {"OPEN_REFERRALS": {"value": 3}})
        assert ("CP_PLANS", "value") in exc.value.problems
        assert ("CP_PLANS", "commentary") in exc.value.problems
        assert not Return.objects.exists()
        assert not ReturnValue.objects.exists()

    def test_a_change_needs_an_explanation_of_that_figure(
        self, lead_agency, year, indicators, agency_lead_user, good_values
    ):
        q1 = ReturnFactory(agency=lead_agency, year=year, quarter=1, status="accepted")
        ReturnValueFactory(ret=q1, indicator=indicators["OPEN_REFERRALS"], value=1000)
        ret = Return(agency=lead_agency, year=year, quarter=2)
        with pytest.raises(services.SubmissionInvalid) as exc:
            _submitted(ret, agency_lead_user, good_values)
        assert list(exc.value.problems) == [("OPEN_REFERRALS", "explanation")]
        assert exc.value.warnings == {}
        good_values["OPEN_REFERRALS"]["explanation"] = "Backlog closed after the audit."
        ret = Return(agency=lead_agency, year=year, quarter=2)
        services.return_submit(ret=ret, by=agency_lead_user, values=good_values)
        saved = Return.objects.get(quarter=2)
        assert saved.status == Return.Status.SUBMITTED
        assert saved.values.get(indicator__code="OPEN_REFERRALS").explanation == (
            "Backlog closed after the audit."
        )

    def test_another_agencys_lead_may_not_write(self, new_return, other_agency, role_groups):
        stranger = UserFactory(roles=[Role.AGENCY_LEAD], lead_for=[other_agency])
        with pytest.raises(PermissionDenied):
            services.return_save_draft(ret=new_return, by=stranger, values={})
        with pytest.raises(PermissionDenied):
            services.return_submit(ret=new_return, by=stranger, values={})

    @pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.SCRUTINEER])
    def test_readers_may_not_write(self, new_return, role_groups, role):
        with pytest.raises(PermissionDenied):
            services.return_save_draft(ret=new_return, by=UserFactory(roles=[role]), values={})

    def test_support_may_enter_on_behalf(self, new_return, support_user, good_values):
        _submitted(new_return, support_user, good_values)
        assert Return.objects.get().status == Return.Status.SUBMITTED

    def test_submitted_return_is_locked(self, new_return, agency_lead_user, good_values):
        _submitted(new_return, agency_lead_user, good_values)
        with pytest.raises(ValidationError):
            services.return_save_draft(ret=new_return, by=agency_lead_user, values=good_values)
        with pytest.raises(ValidationError):
            services.return_submit(ret=new_return, by=agency_lead_user, values=good_values)


class TestReview:
    @pytest.fixture
    def submitted(self, new_return, agency_lead_user, good_values):
        return _submitted(new_return, agency_lead_user, good_values)

    def test_query_sends_back_with_comment_and_emails_the_lead(
        self,
        submitted,
        support_user,
        agency_lead_user,
        django_capture_on_commit_callbacks,
        mailoutbox,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.return_query(ret=submitted, by=support_user, comment="Check CP figure")
        ret = Return.objects.get()
        assert ret.status == Return.Status.QUERIED
        assert ret.query_comment == "Check CP figure"
        t = ret.transitions.last()
        assert (t.to_status, t.by, t.comment) == ("queried", support_user, "Check CP figure")
        assert [m.to for m in mailoutbox] == [[agency_lead_user.email]]
        assert "Check CP figure" in mailoutbox[0].body

    def test_query_needs_a_comment(self, submitted, support_user):
        with pytest.raises(ValidationError):
            services.return_query(ret=submitted, by=support_user, comment="  ")

    def test_queried_return_can_be_corrected_and_resubmitted(
        self, submitted, support_user, agency_lead_user, good_values
    ):
        services.return_query(ret=submitted, by=support_user, comment="Check")
        ret = Return.objects.get()
        corrected = {"value": 441, "commentary": "Corrected"}
        corrected["ethnicity"] = {"white": 401, "asian": 16, "not_recorded": 24}
        values = {**good_values, "CP_PLANS": corrected}
        services.return_submit(
            ret=ret, by=agency_lead_user, values=values, opened_version=ret.version
        )
        assert Return.objects.get().status == Return.Status.SUBMITTED

    def test_accept_locks_and_reopen_is_recorded(self, submitted, support_user, agency_lead_user):
        services.return_accept(ret=submitted, by=support_user)
        ret = Return.objects.get()
        assert ret.status == Return.Status.ACCEPTED and not ret.is_editable
        with pytest.raises(ValidationError):
            services.return_save_draft(ret=ret, by=agency_lead_user, values={})
        with pytest.raises(ValidationError):
            services.return_reopen(ret=ret, by=support_user, reason="")
        services.return_reopen(ret=ret, by=support_user, reason="Late correction from CSC")
        ret = Return.objects.get()
        assert ret.status == Return.Status.DRAFT
        t = ret.transitions.last()
        assert (t.from_status, t.to_status, t.by) == ("accepted", "draft", support_user)
        assert t.comment == "Late correction from CSC"

    @pytest.mark.parametrize("action", ["query", "accept", "reopen"])
    def test_only_business_support_review(self, submitted, agency_lead_user, action):
        with pytest.raises(PermissionDenied):
            if action == "query":
                services.return_query(ret=submitted, by=agency_lead_user, comment="x")
            elif action == "accept":
                services.return_accept(ret=submitted, by=agency_lead_user)
            else:
                services.return_reopen(ret=submitted, by=agency_lead_user, reason="x")

    def test_wrong_states_refused(self, new_return, support_user, agency_lead_user):
        services.return_save_draft(ret=new_return, by=agency_lead_user, values={})
        ret = Return.objects.get()
        with pytest.raises(ValidationError):
            services.return_accept(ret=ret, by=support_user)
        with pytest.raises(ValidationError):
            services.return_query(ret=ret, by=support_user, comment="x")
        with pytest.raises(ValidationError):
            services.return_reopen(ret=ret, by=support_user, reason="x")


class TestConcurrency:
    def test_second_save_from_a_stale_version_is_refused(
        self, lead_agency, year, indicators, agency_lead_user, support_user
    ):
        ret = ReturnFactory(agency=lead_agency, year=year, quarter=2)
        opened = ret.version
        first = Return.objects.get(pk=ret.pk)
        second = Return.objects.get(pk=ret.pk)
        services.return_save_draft(
            ret=first,
            by=agency_lead_user,
            values={"OPEN_REFERRALS": {"value": 1}},
            opened_version=opened,
        )
        with pytest.raises(StaleEdit):
            services.return_save_draft(
                ret=second,
                by=support_user,
                values={"OPEN_REFERRALS": {"value": 2}},
                opened_version=opened,
            )
        assert ReturnValue.objects.get().value == Decimal(1)

    def test_two_people_starting_the_same_return(
        self, lead_agency, year, indicators, agency_lead_user
    ):
        a = Return(agency=lead_agency, year=year, quarter=3)
        b = Return(agency=lead_agency, year=year, quarter=3)
        services.return_save_draft(ret=a, by=agency_lead_user, values={})
        with pytest.raises(StaleEdit):
            services.return_save_draft(ret=b, by=agency_lead_user, values={})
        assert Return.objects.filter(quarter=3).count() == 1


def test_unknown_indicator_refused(new_return, agency_lead_user):
    with pytest.raises(ValidationError):
        services.return_save_draft(
            ret=new_return, by=agency_lead_user, values={"NOPE": {"value": 1}}
        )
    assert not Return.objects.exists()


def test_derived_rate_is_not_entered(new_return, agency_lead_user):
    with pytest.raises(ValidationError):
        services.return_save_draft(
            ret=new_return, by=agency_lead_user, values={"OPEN_CASES_RATE": {"value": 1}}
        )


def test_saving_unchanged_figures_writes_no_new_version_or_history(new_return, agency_lead_user):
    """A submit re-posts the draft's figures: only a figure that changed gets a new version
    and a history row (the audit history shows changes, and the POST stays cheap)."""
    values = {
        "OPEN_REFERRALS": {"value": 5, "commentary": "Steady"},
        "CP_PLANS": {"value": 7, "commentary": "Up"},
    }
    services.return_save_draft(ret=new_return, by=agency_lead_user, values=values)
    ret = Return.objects.get()
    rows = {v.indicator.code: v for v in ret.values.select_related("indicator")}
    versions = {code: row.version for code, row in rows.items()}
    history = {code: row.history.count() for code, row in rows.items()}

    services.return_save_draft(
        ret=ret,
        by=agency_lead_user,
        values={**values, "CP_PLANS": {"value": 8, "commentary": "Up"}},
        opened_version=ret.version,
    )
    rows = {v.indicator.code: v for v in ret.values.select_related("indicator")}
    assert rows["OPEN_REFERRALS"].version == versions["OPEN_REFERRALS"]
    assert rows["OPEN_REFERRALS"].history.count() == history["OPEN_REFERRALS"]
    assert rows["CP_PLANS"].version == versions["CP_PLANS"] + 1
    assert rows["CP_PLANS"].history.count() == history["CP_PLANS"] + 1
    assert rows["CP_PLANS"].value == 8
