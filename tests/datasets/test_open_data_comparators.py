"""Comparators from DfE explore-education-statistics open data (the shipped sample file)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from cscp.models import ReportingYear
from datasets import open_data, services
from datasets.models import Comparator
from tests.datasets.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "fixtures" / "open_data_sample.csv"
NEIGHBOURS = ["E09000002", "E09000003", "E09000004"]


@pytest.fixture
def configured(settings, lead_agency):
    settings.PARTNERSHIP_LA_CODES = ["E09000008"]
    settings.STATISTICAL_NEIGHBOURS = NEIGHBOURS
    for start in (2022, 2023):
        ReportingYear.objects.get_or_create(start_year=start)
    return {
        "cpp": IndicatorFactory(code="CPP_RATE", open_data_column="cpp_rate_per_10000",
                                owner=lead_agency, order=1),
        "cin": IndicatorFactory(code="CIN_RATE", open_data_column="cin_rate_per_10000",
                                owner=lead_agency, order=2),
    }  # fmt: skip


def test_preview_computes_england_region_london_and_the_neighbours_mean(configured):
    result = open_data.preview(SAMPLE.read_text())
    assert result.errors == []
    rows = {(r["code"], r["start_year"]): r for r in result.rows}
    cpp = rows[("CPP_RATE", 2022)]
    assert (cpp["england"], cpp["region"], cpp["london"]) == (
        Decimal("43.2"),
        Decimal("36.8"),
        Decimal("36.8"),
    )
    # Neighbour C is "c" (suppressed) that year: the mean of the two known, 37.75 -> 37.8.
    assert (cpp["statistical_neighbours"], cpp["neighbours_found"]) == (Decimal("37.8"), 2)
    assert rows[("CIN_RATE", 2022)]["statistical_neighbours"] == Decimal("330.2")  # 330.1666
    assert rows[("CIN_RATE", 2023)]["neighbours_found"] == 2  # "x" withheld
    assert Comparator.objects.count() == 0  # a preview saves nothing


def test_saving_is_all_or_nothing(configured):
    text = SAMPLE.read_text().replace("46.1,362.4", "lots,362.4")
    with pytest.raises(ValidationError) as exc:
        services.comparators_import_open_data(text=text)
    assert exc.value.messages == [
        "Row 5: cpp_rate_per_10000 (Testborough) must be a number, not “lots”"
    ]
    assert Comparator.objects.count() == 0
    assert services.comparators_import_open_data(text=SAMPLE.read_text()) == 4
    assert Comparator.objects.get(indicator=configured["cpp"], year__start_year=2023).england == (
        Decimal("41.6")
    )


def test_a_year_that_does_not_exist_is_a_row_error(configured):
    ReportingYear.objects.filter(start_year=2023).delete()
    with pytest.raises(ValidationError) as exc:
        services.comparators_import_open_data(text=SAMPLE.read_text())
    assert "CPP_RATE: there is no reporting year 2023-24" in exc.value.messages


def test_the_existing_command_reads_the_open_data_shape(configured, capsys):
    call_command("import_comparators", str(SAMPLE))
    assert Comparator.objects.count() == 4


def test_admin_upload_preview_then_save(configured, support_client):
    url = reverse("admin:datasets_comparator_open_data")
    with SAMPLE.open("rb") as handle:
        html = support_client.post(url, {"file": handle, "action": "preview"}).content.decode()
    assert "Preview" in html and "37.8" in html
    assert Comparator.objects.count() == 0
    response = support_client.post(url, {"action": "save"})
    assert response.status_code == 302
    assert Comparator.objects.count() == 4


def test_the_partnerships_own_local_authorities_choose_its_rows(settings):
    """The codes come from the partnership's record (two boroughs here), not from settings."""
    from cscp.partnership.models import LocalAuthority, Partnership

    settings.PARTNERSHIP_LA_CODES = ["E09000099"]
    partnership = Partnership.objects.create(name="Wessex Vale Partnership", short_name="WVSCP")
    LocalAuthority.objects.create(partnership=partnership, name="Wessex", new_la_code="E06000901")
    LocalAuthority.objects.create(partnership=partnership, name="Vale", new_la_code="E06000902")
    assert open_data.partnership_codes() == {"E06000901", "E06000902"}
    LocalAuthority.objects.all().delete()
    assert open_data.partnership_codes() == {"E09000099"}
