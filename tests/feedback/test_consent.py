"""Consent and anonymisation: nothing unconsented can reach the report, whatever the status."""

import pytest
from django.core.exceptions import ValidationError

from feedback import services
from feedback.models import CaseStudy, Consent, FeedbackItem, Status, can_move
from feedback.report import contribution
from tests.feedback.factories import (
    ApprovedFeedbackFactory,
    CaseStudyFactory,
    FeedbackItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("consent", [Consent.NOT_RECORDED, Consent.NO])
def test_cannot_be_approved_without_recorded_consent(support_user, consent):
    item = FeedbackItemFactory(consent=consent)
    with pytest.raises(ValidationError, match="without recorded consent"):
        services.feedback_approve_for_publication(item=item, by=support_user)
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


def test_model_clean_refuses_an_approved_item_without_consent():
    item = FeedbackItemFactory.build(consent=Consent.NO, status=Status.APPROVED)
    with pytest.raises(ValidationError, match="without recorded consent"):
        item.full_clean()


def test_if_anonymised_needs_an_anonymised_text(support_user):
    item = FeedbackItemFactory(consent=Consent.YES_ANONYMISED, anonymised_text="  ")
    with pytest.raises(ValidationError, match="fill in the anonymised text"):
        services.feedback_approve_for_publication(item=item, by=support_user)


def test_if_anonymised_needs_a_text_that_differs_from_the_original(support_user):
    item = FeedbackItemFactory(
        consent=Consent.YES_ANONYMISED,
        text="Vivian helped us.",
        anonymised_text="Vivian helped us.",
    )
    with pytest.raises(ValidationError, match="must differ"):
        services.feedback_approve_for_publication(item=item, by=support_user)


def test_if_anonymised_is_approved_and_published_only_in_anonymised_form(support_user, year):
    item = FeedbackItemFactory(
        consent=Consent.YES_ANONYMISED,
        text="Vivian from Thornton Heath helped us.",
        anonymised_text="Our social worker helped us.",
    )
    approved = services.feedback_approve_for_publication(item=item, by=support_user)
    assert approved.status == Status.APPROVED
    assert approved.decided_by == support_user
    assert approved.publishable_texts() == {"text": "Our social worker helped us."}
    quotes = contribution(year)["quotes"]
    assert [q["text"] for q in quotes] == ["Our social worker helped us."]
    assert "Vivian" not in str(contribution(year))


def test_consented_item_is_published_as_given(support_user, year):
    item = FeedbackItemFactory(consent=Consent.YES, text="She gave my daughter a voice.")
    services.feedback_approve_for_publication(item=item, by=support_user)
    assert [q["text"] for q in contribution(year)["quotes"]] == ["She gave my daughter a voice."]


@pytest.mark.parametrize(
    "consent, anonymised",
    [
        (Consent.NO, ""),
        (Consent.NOT_RECORDED, ""),
        (Consent.YES_ANONYMISED, ""),
        (Consent.YES_ANONYMISED, "SECRET words as given"),
    ],
)
def test_forced_approval_without_consent_never_reaches_the_report(year, consent, anonymised):
    item = FeedbackItemFactory(consent=Consent.YES, text="SECRET words as given")
    # Bypass every rule: the status is forced straight in the database.
    FeedbackItem.objects.filter(pk=item.pk).update(
        status=Status.APPROVED, consent=consent, anonymised_text=anonymised
    )
    assert not FeedbackItem.objects.publishable().exists()
    item.refresh_from_db()
    assert item.publishable_texts() is None
    data = contribution(year)
    assert data["quotes"] == []
    assert "SECRET" not in str(data)
    assert data["checks"][0]["ok"] is False


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.REVIEWED, Status.WITHHELD])
def test_consented_but_not_approved_never_reaches_the_report(year, status):
    FeedbackItemFactory(consent=Consent.YES, status=status, text="NOT YET")
    assert "NOT YET" not in str(contribution(year))


def test_case_studies_follow_the_same_rules(support_user, year):
    study = CaseStudyFactory(consent=Consent.YES_ANONYMISED)
    with pytest.raises(ValidationError, match="fill in the anonymised text"):
        services.feedback_approve_for_publication(item=study, by=support_user)
    services.feedback_record_consent(
        item=study,
        consent=Consent.YES_ANONYMISED,
        anonymised={
            "anonymised_what_happened": "A family was supported.",
            "anonymised_outcome": "A good outcome.",
        },
    )
    services.feedback_approve_for_publication(item=study, by=support_user)
    [published] = contribution(year)["case_studies"]
    assert published["what_happened"] == "A family was supported."
    assert published["outcome"] == "A good outcome."
    CaseStudy.objects.filter(pk=study.pk).update(consent=Consent.NO)
    assert contribution(year)["case_studies"] == []


def test_withdrawn_consent_withholds_an_approved_item(support_user, year):
    item = ApprovedFeedbackFactory()
    updated = services.feedback_record_consent(item=item, consent=Consent.NO)
    assert updated.status == Status.WITHHELD
    assert contribution(year)["quotes"] == []


def test_transitions():
    assert can_move(Status.RECEIVED, Status.REVIEWED)
    assert can_move(Status.REVIEWED, Status.APPROVED)
    assert can_move(Status.APPROVED, Status.WITHHELD)
    assert not can_move(Status.APPROVED, Status.RECEIVED)
    assert not can_move(Status.WITHHELD, Status.APPROVED)


def test_review_then_withhold_records_who(support_user):
    item = FeedbackItemFactory()
    item = services.feedback_mark_reviewed(item=item, by=support_user)
    assert (item.status, item.reviewed_by) == (Status.REVIEWED, support_user)
    item = services.feedback_withhold(item=item, by=support_user, reason="Identifies a child")
    assert (item.status, item.withheld_reason) == (Status.WITHHELD, "Identifies a child")
    with pytest.raises(ValidationError):
        services.feedback_approve_for_publication(item=item, by=support_user)


def test_attribution_in_the_seed_form():
    item = FeedbackItemFactory.build(source=FeedbackItem.Source.PARENT_CARER, service="keyworker")
    assert item.attribution() == "Parent feedback re. keyworker, September 2021"
    item.attribution_role = "Foster carer"
    item.service = ""
    assert item.attribution() == "Foster carer feedback, September 2021"
