"""Concurrent edits are refused everywhere, not only where someone remembered: every model
edited in the admin is versioned, the version is required on every edit, unchecked saves count
from the database, and an admin inline never re-saves a row someone else changed."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin

from cscp.concurrency import STALE_MESSAGE, Versioned, VersionedAdminMixin, VersionedInlineMixin
from cscp.roles import PROJECT_APPS
from priority_groups import services as pg_services
from priority_groups.models import Action as GroupAction
from tests.factories import AgencyFactory
from tests.priority_groups.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# Records nobody edits after they are written (logs, frozen or machine-made records).
APPEND_ONLY = {
    "cscp.outboxmessage",
    "reporting.reportsnapshot",
    "reporting.pdfrender",
    "datasets.returntransition",
    "datasets.remindersent",
    "training.completion",
    "training.importbatch",
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def test_every_model_edited_in_the_admin_is_versioned(rf, support_user):
    request = rf.get("/")
    request.user = support_user
    unversioned, unchecked_inlines = [], []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS or _label(model) in APPEND_ONLY:
            continue
        if not model_admin.has_change_permission(request):
            continue
        if not (issubclass(model, Versioned) and isinstance(model_admin, VersionedAdminMixin)):
            unversioned.append(_label(model))
        for inline in model_admin.get_inline_instances(request):
            if _label(inline.model) in APPEND_ONLY or not inline.has_change_permission(request):
                continue
            if not (
                issubclass(inline.model, Versioned) and isinstance(inline, VersionedInlineMixin)
            ):
                unchecked_inlines.append(f"{type(model_admin).__name__}: {_label(inline.model)}")
    assert sorted(unversioned) == []
    assert sorted(unchecked_inlines) == []


def test_an_unchecked_save_counts_from_the_database_not_the_copy_in_memory():
    action = ActionFactory()
    first, second = (GroupAction.objects.get(pk=action.pk) for _ in range(2))
    first.save()
    second.save()
    assert GroupAction.objects.get(pk=action.pk).version == action.version + 2
    assert second.version == action.version + 2


class _Form(HTMLParser):
    """The fields of the admin's change form as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def change_form(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Form()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.data.items() if not k.startswith("_")}


def test_an_edit_without_opened_version_is_refused_not_skipped(support_client):
    agency = AgencyFactory(name="Before")
    url = f"/admin/cscp/agency/{agency.pk}/change/"
    data = change_form(support_client, url)
    assert "opened_version" in data
    del data["opened_version"]
    data["name"] = "After"
    response = support_client.post(url, data)
    assert response.status_code == 200
    agency.refresh_from_db()
    assert agency.name == "Before"


@pytest.fixture
def meeting_with_action(agency_lead_user):
    meeting = MeetingFactory()
    action = ActionFactory(group=meeting.group, meeting=meeting, owner_agency=AgencyFactory())
    return meeting, action


def _lead_updates(action, lead):
    pg_services.action_update(
        action=GroupAction.objects.get(pk=action.pk),
        by=lead,
        status=GroupAction.Status.DONE,
        update="Training booked for all staff",
        opened_version=action.version,
    )


def test_saving_a_meeting_keeps_an_agency_leads_concurrent_update_of_its_action(
    support_client, meeting_with_action, agency_lead_user
):
    meeting, action = meeting_with_action
    url = f"/admin/priority_groups/meeting/{meeting.pk}/change/"
    data = change_form(support_client, url)  # business support open the meeting
    _lead_updates(action, agency_lead_user)  # meanwhile the lead reports progress
    data["decisions"] = "Agreed the new referral pathway."
    response = support_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    action.refresh_from_db()
    assert meeting.decisions == "Agreed the new referral pathway."
    assert action.status == GroupAction.Status.DONE
    assert action.update == "Training booked for all staff"


def test_changing_a_stale_inline_row_is_refused(
    support_client, meeting_with_action, agency_lead_user
):
    meeting, action = meeting_with_action
    url = f"/admin/priority_groups/meeting/{meeting.pk}/change/"
    data = change_form(support_client, url)
    _lead_updates(action, agency_lead_user)
    prefix = next(k for k in data if k.endswith("-description") and data[k] == action.description)
    data[prefix.replace("-description", "-status")] = GroupAction.Status.DROPPED
    response = support_client.post(url, data)
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    action.refresh_from_db()
    assert action.status == GroupAction.Status.DONE


def test_changing_a_current_inline_row_saves_it(support_client, meeting_with_action):
    """The other half of the two tests above: a row nobody else changed is saved as edited
    (neither skipped as 'untouched' nor refused as stale)."""
    meeting, action = meeting_with_action
    url = f"/admin/priority_groups/meeting/{meeting.pk}/change/"
    data = change_form(support_client, url)
    prefix = next(k for k in data if k.endswith("-description") and data[k] == action.description)
    data[prefix.replace("-description", "-status")] = GroupAction.Status.DROPPED
    response = support_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    action.refresh_from_db()
    assert action.status == GroupAction.Status.DROPPED
    assert action.version == 2
