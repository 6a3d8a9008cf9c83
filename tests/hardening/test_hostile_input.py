"""Hostile and malformed input to the public forms: never a 500, never a partial write, and
anything that is not accepted gets a clear message."""

import re

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.models import FeedbackItem
from tests.training.factories import SessionFactory
from training.models import Booking

pytestmark = pytest.mark.django_db

NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "=cmd|' /C calc'!A0",
            "+SUM(A1)",
            "@HYPERLINK(x)",
            "NaN",
            "inf",
            "-1e309",
            "9" * 400,
            "\x00",
            "' OR 1=1 --",
            "𝕏" * 50,
            "Robert'); DROP",
            "\u202e\u202d",
            "../../etc/passwd",
        ]
    ),
)
FIELD_NAME = re.compile(r'name="([a-z_]+)"')
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def field_names(client, url) -> list[str]:
    names = set(FIELD_NAME.findall(client.get(url).content.decode()))
    return sorted(names - {"csrfmiddlewaretoken"})


def post_and_check(client, url, names, values, model, accepted_statuses=(200, 302, 400)):
    """200: shown again with its errors; 302: accepted; 400: refused as spam (honeypot)."""
    cache.clear()  # the rate limit is not what these examples test
    before = model.objects.count()
    response = client.post(url, dict(zip(names, values, strict=False)))
    assert response.status_code in accepted_statuses, response.status_code
    after = model.objects.count()
    if response.status_code == 400:
        assert after == before
    elif response.status_code == 200:
        assert after == before, "a refused form wrote something"
        body = response.content.decode()
        assert "govuk-error-summary" in body or "Thank you" in body or "thank" in body.lower()
        assert "<script>alert(1)</script>" not in body
    else:
        assert after in (before, before + 1)


class TestPublicFeedbackForm:
    @HYPOTHESIS
    @given(values=st.lists(NASTY_TEXT, min_size=8, max_size=8))
    def test_random_input(self, client, values):
        url = "/feedback/tell-us/"
        post_and_check(client, url, field_names(client, url), values, FeedbackItem)


class TestPublicBooking:
    @HYPOTHESIS
    @given(values=st.lists(NASTY_TEXT, min_size=8, max_size=8))
    def test_random_input(self, client, values):
        session = SessionFactory()
        url = f"/training/sessions/{session.pk}/book/"
        post_and_check(client, url, field_names(client, url), values, Booking)


NUMBERISH = st.one_of(
    NASTY_TEXT,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e400", "-0", "0x10", "1,000", "١٢٣", " 12 ", "12.345678901234"]),
)


class TestAgencyLeadReturnForm:
    @HYPOTHESIS
    @given(
        values=st.lists(NUMBERISH, min_size=2, max_size=2),
        commentary=NASTY_TEXT,
        action=st.sampled_from(["draft", "submit"]),
    )
    def test_random_figures(
        self, agency_lead_client, lead_agency, year, values, commentary, action
    ):
        from datasets.models import Return, ReturnValue
        from tests.datasets.factories import IndicatorFactory

        IndicatorFactory(code="HX_A", name="Hostile A", owner=lead_agency, order=1)
        IndicatorFactory(code="HX_B", name="Hostile B", owner=lead_agency, order=2, max_value=5000)
        url = f"/returns/{lead_agency.pk}/{year.label}/q1/"
        before = list(ReturnValue.objects.values_list("indicator__code", "value", "commentary"))
        response = agency_lead_client.post(
            url,
            {
                "value_HX_A": values[0],
                "value_HX_B": values[1],
                "commentary_HX_A": commentary,
                "commentary_HX_B": commentary,
                "action": action,
                "confirm_changes": "on",
            },
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert "govuk-error-summary" in response.content.decode()
            after = list(ReturnValue.objects.values_list("indicator__code", "value", "commentary"))
            assert after == before, "a refused return wrote figures"
        Return.objects.all().delete()


class TestUploadsOfRandomBytes:
    @HYPOTHESIS
    @given(content=st.binary(max_size=4096), name=st.sampled_from(["r.xlsx", "r.csv", "r.xlsm"]))
    def test_return_upload(self, agency_lead_client, lead_agency, year, content, name):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from datasets.models import ReturnValue
        from tests.datasets.factories import IndicatorFactory

        IndicatorFactory(code="HX_U", name="Hostile upload", owner=lead_agency)
        url = f"/returns/{lead_agency.pk}/{year.label}/q1/upload/"
        response = agency_lead_client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
        assert not ReturnValue.objects.exists()

    @HYPOTHESIS
    @given(content=st.binary(max_size=4096), name=st.sampled_from(["e.xlsx", "e.csv", "e.pdf"]))
    def test_completions_import(self, support_client, content, name):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from training.models import Completion

        response = support_client.post(
            "/training/imports/", {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code in (200, 302)
        assert not Completion.objects.exists()
