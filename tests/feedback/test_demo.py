import pytest
from django.core.management import call_command

from feedback import demo
from feedback.models import (
    CaseStudy,
    FeedbackItem,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db

MODELS = [
    FeedbackItem,
    CaseStudy,
    YouSaidWeDid,
    Survey,
    SurveyQuestion,
    SurveyAnswer,
    SurveyComment,
]


def test_demo_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {m.__name__: m.objects.count() for m in MODELS}
    assert counts == {
        "FeedbackItem": 4,
        "CaseStudy": 1,
        "YouSaidWeDid": 2,
        "Survey": 2,
        "SurveyQuestion": 3,
        "SurveyAnswer": 5,
        "SurveyComment": 2,
    }
    demo.load()
    demo.load()
    assert {m.__name__: m.objects.count() for m in MODELS} == counts
    assert FeedbackItem.objects.get(service="EH Social Worker").themes.count() == 1
