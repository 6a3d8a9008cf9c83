from tests.access_rules import READERS, only


def _own_action():
    """An action owned by the demo agency lead's agency (Children's Social Care)."""
    from priority_groups.models import Action

    action = Action.objects.filter(owner_agency__short_name="Children's Social Care").first()
    return {"pk": action.pk}


def _group_year():
    return {"slug": "mental-health-priority-group", "year": "2021-22"}


RULES = {
    "priority_groups": only(*READERS),
    "priority_group_detail": only(*READERS, kwargs=_group_year),
    # Everyone signed in with a role; agency leads see only their agencies' actions.
    "priority_group_actions": only("support", "agency_lead", "executive", "scrutineer"),
    "priority_group_action": only(
        "support", "agency_lead", "executive", "scrutineer", kwargs=_own_action
    ),
}
