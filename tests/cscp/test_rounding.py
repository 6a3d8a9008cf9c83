"""One rounding rule (Decimal, half up) in every place that shows a figure: each place is run
over the same table of .x5 cases, where half-up and half-even (or float) rounding differ."""

import ast
import datetime as dt
import io
import pathlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from cscp.charts import format_number
from cscp.formatting import half_up, half_up_float, half_up_int, percentage

# (value, places, half up). Half-even would give 0, 2, 0.2, 3.2, 2.67, 1.0 …
CASES = [
    ("0.5", 0, "1"),
    ("2.5", 0, "3"),
    ("0.25", 1, "0.3"),
    ("3.25", 1, "3.3"),
    ("2.675", 2, "2.68"),
    ("1.05", 1, "1.1"),
    ("362.15", 1, "362.2"),
    ("0.45", 1, "0.5"),
    ("12.35", 1, "12.4"),
    ("-2.5", 0, "-3"),
]


@pytest.mark.parametrize("value,places,expected", CASES)
def test_half_up_of_decimals_and_floats(value, places, expected):
    assert half_up(Decimal(value), places) == Decimal(expected)
    assert half_up(value, places) == Decimal(expected)
    # Floats such as 2.675 (binary 2.67499…) round as they read.
    assert half_up(float(value), places) == Decimal(expected)
    assert half_up_float(float(value), places) == float(expected)


def test_half_up_of_nothing_is_nothing():
    assert half_up(None) is None
    assert half_up_int(None) is None
    assert half_up_float(None) is None


# (part, whole, percentage): 1/8 = 12.5 %, 5/8 = 62.5 %, 1/40 = 2.5 %, 7/8 = 87.5 %
PERCENT_CASES = [(1, 8, 13), (5, 8, 63), (1, 40, 3), (7, 8, 88), (14, 25, 56), (3, 200, 2)]


@pytest.mark.parametrize("part,whole,expected", PERCENT_CASES)
def test_percentage_used_by_feedback_training_and_funding(part, whole, expected):
    assert percentage(part, whole) == expected


@pytest.mark.parametrize("part,whole,expected", PERCENT_CASES)
def test_priority_group_attendance_rates(part, whole, expected):
    from priority_groups.selectors import attendance_rate, mean_rate

    assert attendance_rate(part, whole) == expected
    # The mean of agencies' rates: 62 and 63 -> 62.5 -> 63; 2 and 3 -> 2.5 -> 3.
    assert mean_rate([expected - 1, expected]) == expected
    assert mean_rate([62, 63]) == 63


@pytest.mark.parametrize("value,places,expected", [c for c in CASES if c[1] == 1])
def test_chart_labels(value, places, expected):
    assert format_number(float(value)) == expected


@pytest.mark.parametrize(
    "count,population,expected",
    [
        # 10,000 × count ÷ population lands on .x5 exactly.
        (1, 16000, "0.6"),  # 0.625
        (3, 8000, "3.8"),  # 3.75
        (65, 200000, "3.3"),  # 3.25
        (23191, 640000, "362.4"),  # 362.359375
        (9, 40000, "2.3"),  # 2.25
    ],
)
def test_datasets_derived_rates_pack_and_pages(count, population, expected):
    from datasets import rules
    from datasets.models import Indicator, derived_rate
    from datasets.selectors import plain

    rate = derived_rate(count, population)
    assert rate == Decimal(expected)
    assert rules.format_value(Decimal(count) * 10000 / population, Indicator.Unit.RATE) == expected
    assert plain(Decimal(count) * 10000 / population) == float(expected)


@pytest.mark.parametrize(
    "not_recorded,total,expected", [(1, 8, 13), (5, 8, 63), (1, 40, 3), (7, 8, 88)]
)
def test_datasets_ethnicity_not_recorded_share(not_recorded, total, expected):
    from datasets import rules

    ethnicity = {"white": total - not_recorded, "not_recorded": not_recorded}
    assert rules.not_recorded_share(ethnicity) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "befores,afters,before,after,change",
    [
        ([3, 3, 3, 4], [4, 4, 4, 5], 3.3, 4.3, 1.0),  # 3.25 -> 3.3, 4.25 -> 4.3
        ([1, 1, 1, 2], [2, 2, 2, 2], 1.3, 2.0, 0.7),  # 1.25 -> 1.3
        ([2, 2, 2, 3, 3, 3, 3, 3], [5] * 8, 2.6, 5.0, 2.4),  # 2.625 -> 2.6
    ],
)
def test_training_evaluation_means(befores, afters, before, after, change):
    from tests.training.factories import EvaluationFactory, SessionFactory
    from training.selectors import evaluation_summary

    session = SessionFactory(
        starts_at=timezone.make_aware(dt.datetime(2021, 6, 1, 10)),
    )
    for b, a in zip(befores, afters, strict=True):
        EvaluationFactory(booking__session=session, confidence_before=b, confidence_after=a)
    summary = evaluation_summary(2021)
    assert summary["mean_confidence_before"] == before
    assert summary["mean_confidence_after"] == after
    assert summary["mean_confidence_change"] == change


def _upload(value):
    from datasets.spreadsheets import HEADERS, VALUE_COLUMN

    wb = Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(HEADERS)  # the workbook's headings come from the return's one contract
    row = ["X1", "A rate", "per 10,000"] + [None] * (len(HEADERS) - 3)
    row[VALUE_COLUMN] = value
    ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("r.xlsx", out.getvalue())


def test_upload_does_not_round_what_the_form_refuses():
    from datasets.models import Indicator
    from datasets.spreadsheets import UploadErrors, parse_return_upload

    rate = Indicator(code="X1", name="A rate", unit=Indicator.Unit.RATE)
    with pytest.raises(UploadErrors) as exc:
        parse_return_upload(_upload("2.675"), [rate])
    assert exc.value.errors == ["Row 2 (X1): A rate can have at most 2 decimal places"]


APPS = ["cscp", "datasets", "training", "priority_groups", "reviews", "feedback"]


def test_no_other_rounding_rule_in_the_code():
    """round() and "+ 0.5" are banned outside cscp/formatting.py (the one rule)."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "formatting.py":
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "round":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} round()")
                if (
                    isinstance(node, ast.BinOp)
                    and isinstance(node.op, ast.Add)
                    and isinstance(node.right, ast.Constant)
                    and node.right.value == 0.5
                ):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} + 0.5")
                if isinstance(node, ast.Attribute) and node.attr in (
                    "ROUND_HALF_EVEN",
                    "ROUND_HALF_UP",
                ):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} {node.attr}")
    assert offenders == []
