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

    def test_a_change_without_explanation_is_an_error_naming_the_figure(self):
        ind = self._ind(basis=Indicator.Basis.PERIOD_END)
        values = {"X": {"value": Decimal(200), "commentary": "Commentary is not enough."}}
        history = {"X": {(2021, 1): Decimal(100)}}
        errors, warnings = rules.submission_problems([ind], values, history, 2021, 2)
        assert warnings == {}
        assert errors == {
            ("X", "explanation"): "Things is 100% higher than last quarter (Q1 2021-22): "
            "100 to 200. Explain the change before submitting"
        }

    def test_a_change_with_an_explanation_is_fine(self):
        ind = self._ind(basis=Indicator.Basis.PERIOD_END)
        values = {"X": {"value": Decimal(200), "explanation": "New duty team."}}
        history = {"X": {(2021, 1): Decimal(100)}}
        assert rules.submission_problems([ind], values, history, 2021, 2) == ({}, {})


def test_ethnicity_breakdown_must_add_up_to_the_figure():
    ind = Indicator(code="CP", name="CP plans", unit="count", ethnicity_breakdown=True)
    entry = {"value": Decimal(10), "ethnicity": {"white": 6, "not_recorded": 3}}
    errors, _ = rules.submission_problems([ind], {"CP": entry}, {})
    assert errors == {("CP", "ethnicity"): "The ethnicity of CP plans adds up to 9, not 10"}
    entry["ethnicity"]["asian"] = 1
    assert rules.submission_problems([ind], {"CP": entry}, {}) == ({}, {})


class TestLikeForLike:
    """Change checks compare like with like, by the indicator's basis."""

    def _ind(self, basis, **kw):
        return Indicator(code="X", name="Things", unit="count", basis=basis, **kw)

    def _changes(self, basis, quarter, history, start_year=2021, **kw):
        found = rules.changes(self._ind(basis, **kw), start_year, quarter, history)
        return [c["kind"] for c in found]

    def test_year_to_date_q1_is_not_compared_with_last_years_total(self):
        # The demo's own case: Q1 2,310 against last year's Q4 9,455 is not a change.
        history = {(2020, 4): Decimal(9455), (2021, 1): Decimal(2310)}
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 1, history) == []

    def test_year_to_date_q2_is_not_compared_with_q1(self):
        history = {(2021, 1): Decimal(2310), (2021, 2): Decimal(4700)}
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 2, history) == []

    def test_year_to_date_is_compared_with_the_same_quarter_last_year(self):
        history = {(2020, 2): Decimal(3000), (2021, 2): Decimal(4700)}
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 2, history) == ["same_quarter"]
        history[(2020, 2)] = Decimal(4000)  # 17.5 % up: within range
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 2, history) == []

    def test_year_end_against_last_year_end(self):
        # The seed's children on a plan: 280 at 31 March 2021, 440 at 31 March 2022.
        history = {(2020, 4): Decimal(280), (2021, 4): Decimal(440)}
        assert self._changes(Indicator.Basis.PERIOD_END, 4, history) == ["year_end"]
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 4, history) == ["year_end"]

    def test_as_at_figures_are_compared_with_last_quarter_and_last_year(self):
        history = {(2021, 2): Decimal(100), (2020, 3): Decimal(100), (2021, 3): Decimal(130)}
        kinds = self._changes(Indicator.Basis.PERIOD_END, 3, history)
        assert kinds == ["previous_quarter", "same_quarter"]

    def test_in_quarter_counts_at_year_end_compare_the_years_totals(self):
        history = {(2020, q): Decimal(10) for q in range(1, 5)}
        history.update({(2021, 1): Decimal(20), (2021, 2): Decimal(20), (2021, 3): Decimal(20)})
        history[(2021, 4)] = Decimal(12)
        kinds = self._changes(Indicator.Basis.IN_QUARTER, 4, history)
        assert kinds == ["previous_quarter", "year_total"]  # Q4 12 vs Q4 10 is within 25 %

    def test_the_expected_range_is_the_indicators_own(self):
        history = {(2020, 2): Decimal(100), (2021, 2): Decimal(115)}
        assert self._changes(Indicator.Basis.YEAR_TO_DATE, 2, history) == []
        kinds = self._changes(Indicator.Basis.YEAR_TO_DATE, 2, history, change_threshold=10)
        assert kinds == ["same_quarter"]

    def test_nothing_to_compare_is_no_change(self):
        assert self._changes(Indicator.Basis.PERIOD_END, 1, {(2021, 1): Decimal(5)}) == []


def test_submission_asks_for_the_breakdown_whichever_route_the_figures_came_by():
    ind = Indicator(code="CP", name="CP plans", unit="count", ethnicity_breakdown=True)
    errors, _ = rules.submission_problems([ind], {"CP": {"value": Decimal(10)}}, {})
    assert errors == {("CP", "ethnicity"): "Enter the ethnicity of the 10 counted in CP plans"}
    zero, _ = rules.submission_problems([ind], {"CP": {"value": Decimal(0)}}, {})
    assert zero == {}
