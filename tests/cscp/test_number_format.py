"""One number format in every table (issue 16): thousands separators, decimals as computed,
"–" for no figure, a suppressed "c" as it is; exports keep plain numbers."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template

from cscp.formatting import thousands

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cscp", "datasets", "training", "feedback", "reviews", "priority_groups", "templates")


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (9455, None, "9,455"),
        (95309, None, "95,309"),
        (0, None, "0"),
        (-1200, None, "-1,200"),
        (Decimal("1234.50"), None, "1,234.50"),
        (Decimal("9455.00"), None, "9,455"),
        (362.1, None, "362.1"),
        (12480.0, None, "12,480"),
        (Decimal("12345.5"), 0, "12,346"),
        (Decimal("2.5"), 0, "3"),
        (None, None, "–"),
        ("", None, "–"),
        ("c", None, "c"),
        ("x", None, "x"),
        (True, None, "True"),
    ],
)
def test_thousands(value, places, shown):
    assert thousands(value, places) == shown


def test_the_filter_is_in_every_template_without_loading_it():
    rendered = Template("{{ a|number }} {{ b|number:0 }} {{ c|number }}").render(
        Context({"a": 9455, "b": Decimal("1000.4"), "c": None})
    )
    assert rendered == "9,455 1,000 –"


NUMERIC_CELL = re.compile(r'<td class="[^"]*govuk-table__cell--numeric[^"]*"[^>]*>(.*?)</td>', re.S)
EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def test_every_numeric_table_cell_uses_the_number_filter():
    """A figure printed in a numeric cell without `|number` would come out as 9455 beside
    95,309 elsewhere: every expression in such a cell goes through the one filter."""
    bare = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.html"):
            for cell in NUMERIC_CELL.findall(path.read_text()):
                for expression in EXPRESSION.findall(cell):
                    if "|number" not in expression:
                        bare.append(f"{path.relative_to(ROOT)}: {{{{ {expression} }}}}")
    assert bare == []


def test_the_scan_sees_a_bare_figure(tmp_path):
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{{ row.total }}</td>'
    assert [e for c in NUMERIC_CELL.findall(cell) for e in EXPRESSION.findall(c)] == ["row.total"]


@pytest.mark.django_db
def test_dataset_pack_table_separates_thousands_and_its_csv_does_not(client, support_user, year):
    from datasets.models import Indicator, Return, ReturnValue
    from tests.factories import AgencyFactory

    owner = AgencyFactory(name="Wessex Vale Police", short_name="Police")
    indicator = Indicator.objects.create(
        code="CONTACTS", name="Contacts received", owner=owner, basis="in_quarter"
    )
    ret = Return.objects.create(agency=owner, year=year, quarter=1, status="accepted")
    ReturnValue.objects.create(ret=ret, indicator=indicator, value=Decimal("9455"))
    client.force_login(support_user)
    page = client.get("/datasets/pack/", {"year": year.label}).content.decode()
    assert "9,455" in page and ">9455<" not in page
    csv = client.get("/datasets/pack/export.csv", {"year": year.label}).content.decode()
    assert "9455" in csv and "9,455" not in csv
