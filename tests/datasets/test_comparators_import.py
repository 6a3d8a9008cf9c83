import pytest
from django.core.management import CommandError, call_command

from datasets.models import Comparator

pytestmark = pytest.mark.django_db


def test_import_is_all_or_nothing(tmp_path, indicators, previous_year):
    good = tmp_path / "good.csv"
    good.write_text(
        "code,year,london,statistical_neighbours,england\nOPEN_CASES_RATE,2020-21,338.9,352.8,\n"
    )
    call_command("import_comparators", str(good), stdout=open("/dev/null", "w"))  # noqa: SIM115
    comp = Comparator.objects.get()
    assert (str(comp.london), str(comp.statistical_neighbours), comp.england) == (
        "338.9",
        "352.8",
        None,
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,year,london,statistical_neighbours,england\n"
        "OPEN_CASES_RATE,2020-21,1,2,3\n"
        "NOPE,2020-21,1,2,3\n"
        "CP_PLANS,1999-00,1,2,3\n"
        "CP_PLANS,2020-21,lots,2,3\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_comparators", str(bad))
    assert "Row 3: unknown indicator code 'NOPE'" in str(exc.value)
    assert "Row 4: unknown reporting year" in str(exc.value)
    assert "Row 5: london must be a number" in str(exc.value)
    assert str(Comparator.objects.get().london) == "338.9"
