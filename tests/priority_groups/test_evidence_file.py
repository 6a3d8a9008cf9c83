import pytest
from django.core.files.base import ContentFile

from tests.priority_groups.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def test_readers_download_an_outcome_evidence_file(executive_client):
    outcome = OutcomeFactory()
    outcome.evidence_file.save("audit-findings.txt", ContentFile(b"Findings"))
    response = executive_client.get(f"/priority-groups/outcomes/{outcome.pk}/evidence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Findings"
    assert "attachment" in response["Content-Disposition"]


def test_no_file_is_404(executive_client):
    outcome = OutcomeFactory(evidence="Described in words", evidence_file="")
    assert (
        executive_client.get(f"/priority-groups/outcomes/{outcome.pk}/evidence/").status_code == 404
    )


def test_agency_leads_cannot_download_evidence(agency_lead_client):
    outcome = OutcomeFactory()
    outcome.evidence_file.save("audit-findings.txt", ContentFile(b"Findings"))
    assert (
        agency_lead_client.get(f"/priority-groups/outcomes/{outcome.pk}/evidence/").status_code
        == 403
    )
