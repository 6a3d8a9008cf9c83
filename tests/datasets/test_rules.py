from decimal import Decimal

import pytest

from datasets import rules
from datasets.models import Indicator, derived_rate, round_half_up


class TestDerivedRate:
    def test_reproduces_the_seed_report_rates_from_counts(self):
        assert derived_rate(3451, 95309) == Decimal("362.1")
        assert derived_rate(440, 95309) == Decimal("46.2")

    def test_rounds_half_up_not_to_even(self):
        # 1 / 40000 * 10000 = 0.25 -> 0.3 (banker's rounding would give 0.2)
        assert derived_rate(1, 40000) == Decimal("0.3")
        assert round_half_up(Decimal("46.25")) == Decimal("46.3")
        assert round_half_up(Decimal("46.24999")) == Decimal("46.2")

    def test_is_none_without_count_or_population(self):
        assert derived_rate(None, 95309) is None
        assert derived_rate(10, None) is None
        assert derived_rate(10, 0) is None


class TestChange:
    def test_relative_change(self):
        assert rules.relative_change(125, 100) == Decimal("0.25")
        assert rules.relative_change(None, 100) is None
        assert rules.relative_change(0, 0) == 0
        assert rules.relative_change(5, 0) == Decimal("Infinity")

    @pytest.mark.parametrize(
        ("current", "previous", "jump"),
        [
            (125, 100, False),
            (126, 100, True),
            (74, 100, True),
            (75, 100, False),
            (3, 0, True),
            (0, 0, False),
            (10, None, False),
        ],
    )
    def test_jump_is_more_than_25_percent_either_way(self, current, previous, jump):
        assert rules.is_jump(current, previous) is jump


class TestDirection:
    def test_lower_is_better(self):
        assert rules.direction(80, 100, Indicator.Polarity.LOWER_BETTER) == "better"
        assert rules.direction(120, 100, Indicator.Polarity.LOWER_BETTER) == "worse"

    def test_higher_is_better(self):
        assert rules.direction(80, 100, Indicator.Polarity.HIGHER_BETTER) == "worse"
        assert rules.direction(120, 100, Indicator.Polarity.HIGHER_BETTER) == "better"

    def test_similar_within_five_percent(self):
        assert rules.direction(104, 100, Indicator.Polarity.HIGHER_BETTER) == "similar"
        assert rules.direction(95, 100, Indicator.Polarity.LOWER_BETTER) == "similar"

    def test_no_polarity_says_higher_or_lower(self):
        assert rules.direction(362.1, 398.3, Indicator.Polarity.NEITHER) == "lower"
        assert rules.direction(None, 398.3, Indicator.Polarity.NEITHER) is None


class TestComparisonSentence:
    def test_seed_report_sentence(self):
        text = rules.comparison_sentence(
            Decimal("362.1"), Decimal("398.3"), "2020-21", Decimal("338.9"), Decimal("352.8")
        )
        assert text == (
            "362.1 — lower than 2020-21 (398.3); London 338.9, statistical neighbours 352.8"
        )

    def test_big_rise_is_significant(self):
        text = rules.comparison_sentence(46.2, 28.6, "2020-21", 36.3, 38.1)
        assert text.startswith("46.2 — significantly higher than 2020-21 (28.6)")

    def test_without_last_year_or_comparators(self):
        assert rules.comparison_sentence(10, None, "2020-21") == "10.0"
        assert rules.comparison_sentence(None, 5, "2020-21") == "No figure for this year."
        assert "the same as" in rules.comparison_sentence(5, 5, "2020-21")


def test_reported_rate_disagreeing_by_more_than_one_percent():
    assert rules.rate_disagrees(Decimal("362.1"), 3451, 95309) is False
    assert rules.rate_disagrees(Decimal("365.0"), 3451, 95309) is False  # 0.8 %
    assert rules.rate_disagrees(Decimal("366.0"), 3451, 95309) is True  # 1.08 %
    assert rules.rate_disagrees(Decimal("366.0"), 3451, None) is False


def test_not_recorded_share():
    assert rules.not_recorded_share({"white": 90, "not_recorded": 10}) == 10
    assert rules.not_recorded_share({"white": 416, "not_recorded": 24}) == 5
    assert rules.not_recorded_share({}) is None


def test_year_value_by_basis():
    quarters = {1: Decimal(1), 2: Decimal(2), 3: None, 4: Decimal(4)}
    assert rules.year_value(Indicator.Basis.IN_QUARTER, quarters) == 7
    assert rules.year_value(Indicator.Basis.YEAR_TO_DATE, quarters) == 4
    assert rules.year_value(Indicator.Basis.PERIOD_END, {1: Decimal(3), 2: None}) == 3
    assert rules.year_value(Indicator.Basis.PERIOD_END, {1: None}) is None


class TestSubmissionProblems:
    def _ind(self, **kw):
        defaults = {"code": "X", "name": "Things", "unit": "count"}
        return Indicator(**{**defaults, **kw})

    def test_value_required(self):
        errors, _ = rules.submission_problems([self._ind()], {"X": {"value": None}}, {})
        assert errors == {("X", "value"): "Enter a figure for Things"}

    def test_negative_refused(self):
        errors, _ = rules.submission_problems([self._ind()], {"X": {"value": Decimal(-1)}}, {})
        assert errors[("X", "value")] == "Things must be 0 or more"

    def test_range(self):
        ind = self._ind(min_value=Decimal(10), max_value=Decimal(20))
        low, _ = rules.submission_problems([ind], {"X": {"value": Decimal(9)}}, {})
        high, _ = rules.submission_problems([ind], {"X": {"value": Decimal(21)}}, {})
        ok, _ = rules.submission_problems([ind], {"X": {"value": Decimal(20)}}, {})
        assert low[("X", "value")] == "Things must be at least 10"
        assert high[("X", "value")] == "Things must be at most 20"
        assert ok == {}

    def test_mandatory_commentary(self):
        ind = self._ind(commentary_required=True)
        errors, _ = rules.submission_problems([ind], {"X": {"value": 1, "commentary": " "}}, {})
        assert errors == {("X", "commentary"): "Enter a commentary for Things"}

    def test_jump_without_commentary_is_a_warning_not_an_error(self):
        values = {"X": {"value": Decimal(200), "commentary": ""}}
        errors, warnings = rules.submission_problems([self._ind()], values, {"X": Decimal(100)})
        assert errors == {}
        assert "changed by more than 25%" in warnings[("X", "commentary")]

    def test_jump_with_commentary_is_fine(self):
        values = {"X": {"value": Decimal(200), "commentary": "New duty team."}}
        errors, warnings = rules.submission_problems([self._ind()], values, {"X": Decimal(100)})
        assert errors == {} and warnings == {}


def test_ethnicity_breakdown_must_add_up_to_the_figure():
    ind = Indicator(code="CP", name="CP plans", unit="count", ethnicity_breakdown=True)
    entry = {"value": Decimal(10), "ethnicity": {"white": 6, "not_recorded": 3}}
    errors, _ = rules.submission_problems([ind], {"CP": entry}, {})
    assert errors == {("CP", "ethnicity"): "The ethnicity of CP plans adds up to 9, not 10"}
    entry["ethnicity"]["asian"] = 1
    assert rules.submission_problems([ind], {"CP": entry}, {}) == ({}, {})
