from tests.access_rules import READERS, only


def _rapid_review():
    from reviews.models import RapidReview

    return {"pk": RapidReview.objects.get(reference="RR-2021-01").pk}


def _practice_review():
    from reviews.models import PracticeReview

    return {"pk": PracticeReview.objects.get(title="Ben").pk}


def _own_agency_action():
    """An action of the demo agency lead's agency (Children's Social Care)."""
    from reviews.models import Action

    return {"pk": Action.objects.filter(owner_agency__short_name="Children's Social Care")[0].pk}


RULES = {
    "review_list": only(*READERS),
    "rapid_review_detail": only(*READERS, kwargs=_rapid_review),
    # The Word document: business support and the scrutineer, never an agency lead.
    "rapid_review_docx": only("support", "scrutineer", kwargs=_rapid_review),
    "practice_review_detail": only(*READERS, kwargs=_practice_review),
    "theme_tracker": only(*READERS),
    "review_learning": only(*READERS),
    "review_action_list": only(*READERS, "agency_lead"),
    "review_action_update": only("support", "agency_lead", kwargs=_own_agency_action),
}
