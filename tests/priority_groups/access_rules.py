from tests.access_rules import READERS, only


def _own_action():
    """An action owned by the demo agency lead's agency (Children's Social Care)."""
    from priority_groups.models import Action

    action = Action.objects.filter(owner_agency__short_name="Children's Social Care").first()
    return {"pk": action.pk}


def _group_year():
    return {"slug": "mental-health-priority-group", "year": "2021-22"}


def _outcome_with_file():
    from django.core.files.base import ContentFile

    from priority_groups.models import Outcome

    outcome = Outcome.objects.order_by("pk").first()
    if not outcome.evidence_file:
        outcome.evidence_file.save("minutes.txt", ContentFile(b"Evidence of the outcome"))
    return {"pk": outcome.pk}


RULES = {
    "priority_group_outcome_evidence": only(*READERS, kwargs=_outcome_with_file),
    "priority_groups": only(*READERS),
    "priority_group_detail": only(*READERS, kwargs=_group_year),
    # Everyone signed in with a role; agency leads see only their agencies' actions.
    "priority_group_actions": only("support", "agency_lead", "executive", "scrutineer"),
    "priority_group_action": only(
        "support", "agency_lead", "executive", "scrutineer", kwargs=_own_action
    ),
}
