"""Publication freezes the report: later edits never change a published version; publishing
again makes version 2 and keeps version 1 readable."""

import pytest

from cscp.reporting import services
from cscp.reporting.compose import content_hash
from cscp.reporting.models import (
    AnnualReport,
    ImmutableError,
    ImpactEvidence,
    NarrativeBlock,
    ReportSnapshot,
)
from tests.report.factories import (
    AnnualReportFactory,
    ImpactEvidenceFactory,
    PartnerFundingFactory,
    section,
    write_required_narrative,
)

pytestmark = pytest.mark.django_db
S = AnnualReport.Status


@pytest.fixture
def published(year, support_user, executive_user, fake_apps_contributions, no_app_templates, media):
    report = AnnualReportFactory(year=year)
    write_required_narrative(report)
    ImpactEvidenceFactory(year=year, title="Whole-college approach", change="Before edit.")
    PartnerFundingFactory(year=year, amount=100000)
    publish_cycle(report, support_user, executive_user)
    return report


def publish_cycle(report, support_user, executive_user):
    services.report_request_contributions(report=report, by=support_user)
    services.report_send_for_review(report=report, by=support_user)
    services.report_approve(report=report, by=executive_user)
    services.report_publish(report=report, by=support_user)


def test_snapshot_holds_content_html_and_hash(published):
    snapshot = published.snapshots.get()
    assert snapshot.version == 1
    assert snapshot.content_hash == content_hash(snapshot.content)
    assert len(snapshot.content_hash) == 64
    assert "Whole-college approach" in snapshot.html
    assert snapshot.content["apps"]["reviews"]["has_records"] is True
    assert snapshot.content["narrative"]["foreword"][0]["html"]


def test_editing_records_after_publication_changes_nothing_published(
    published, support_client, fake_apps_contributions
):
    snapshot = published.snapshots.get()
    before = (snapshot.html, snapshot.content_hash, snapshot.content)
    block = NarrativeBlock.objects.get(section=section(published, "foreword"))
    block.body = "Rewritten after publication."
    block.save()
    evidence = ImpactEvidence.objects.get(title="Whole-college approach")
    evidence.title = "Renamed later"
    evidence.save()
    fake_apps_contributions["reviews"]["count"] = 999

    snapshot = ReportSnapshot.objects.get(pk=snapshot.pk)
    assert (snapshot.html, snapshot.content_hash, snapshot.content) == before
    page = support_client.get(f"/reports/{published.label}/").content.decode()
    assert "Whole-college approach" in page
    assert "Renamed later" not in page
    assert "Rewritten after publication." not in page


def test_snapshot_cannot_be_changed_or_deleted(published):
    snapshot = published.snapshots.get()
    snapshot.html = "tampered"
    with pytest.raises(ImmutableError):
        snapshot.save()
    with pytest.raises(ImmutableError):
        snapshot.delete()


def test_republishing_makes_version_2_and_keeps_version_1(
    published, support_user, executive_user, support_client
):
    v1 = published.snapshots.get()
    block = NarrativeBlock.objects.get(section=section(published, "foreword"))
    block.body = "The second edition's foreword."
    block.save()
    services.report_reopen(report=published, by=support_user, note="Correction")
    assert AnnualReport.objects.get(pk=published.pk).status == S.DRAFT
    publish_cycle(published, support_user, executive_user)

    versions = list(published.snapshots.order_by("version"))
    assert [s.version for s in versions] == [1, 2]
    assert versions[0].content_hash == v1.content_hash
    assert versions[0].html == v1.html
    assert versions[1].content_hash != v1.content_hash
    assert "second edition" in versions[1].html

    latest = support_client.get(f"/reports/{published.label}/").content.decode()
    assert "second edition" in latest
    old = support_client.get(f"/reports/{published.label}/v/1/").content.decode()
    assert "second edition" not in old
    assert "Narrative of Foreword" in old
    assert v1.content_hash in old


def test_snapshot_cannot_be_changed_or_deleted_through_a_queryset(published):
    snapshot = published.snapshots.get()
    with pytest.raises(ImmutableError):
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(html="tampered")
    with pytest.raises(ImmutableError):
        published.snapshots.update(public_html="tampered")
    with pytest.raises(ImmutableError):
        ReportSnapshot.objects.filter(pk=snapshot.pk).delete()
    with pytest.raises(ImmutableError):
        ReportSnapshot.objects.bulk_update([snapshot], ["html"])
    assert ReportSnapshot.objects.get(pk=snapshot.pk).html == snapshot.html
