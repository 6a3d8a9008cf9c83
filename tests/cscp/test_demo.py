import pytest
from django.apps import apps
from django.core.management import call_command

from cscp.models import Agency, ReportingYear, User
from cscp.roles import PROJECT_APPS, Role

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for name in PROJECT_APPS
        for model in apps.get_app_config(name).get_models()
        if not model.__name__.startswith("Historical")
    }


def test_demo_creates_the_partnership_and_the_four_demo_accounts(settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Agency.objects.filter(short_name="Police", kind=Agency.Kind.POLICE).exists()
    assert {y.label for y in ReportingYear.objects.all()} >= {"2020-21", "2021-22"}
    expected = {
        "support": Role.BUSINESS_SUPPORT,
        "agencylead": Role.AGENCY_LEAD,
        "executive": Role.EXECUTIVE,
        "scrutineer": Role.SCRUTINEER,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.roles() == frozenset({role})
        assert user.check_password(settings.DEMO_PASSWORD)
    lead = User.objects.get(username="agencylead")
    assert [a.name for a in lead.agencies.all()] == ["Children's Social Care"]


def test_loading_the_demo_twice_duplicates_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == first


def test_demo_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in ("support", "agencylead", "executive", "scrutineer"):
        assert username in out
