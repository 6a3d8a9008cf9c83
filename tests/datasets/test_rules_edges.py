"""The edges of the returns' rules (exact thresholds, the wording people read), found by
mutation testing (make mutation): each test here failed against a mutant the others let live."""

from decimal import Decimal

import pytest

from datasets import rules
from datasets.models import Indicator

P = Indicator.Polarity
U = Indicator.Unit


def test_exactly_five_percent_is_still_similar():
    assert rules.direction(105, 100, P.HIGHER_BETTER) == "similar"
    assert rules.direction(95, 100, P.HIGHER_BETTER) == "similar"
    assert rules.direction(106, 100, P.HIGHER_BETTER) == "better"


def test_no_polarity_says_higher():
    assert rules.direction(120, 100, P.NEITHER) == "higher"
    assert rules.direction(80, 100, P.NEITHER) == "lower"


def test_exactly_25_percent_is_not_a_jump():
    assert rules.is_jump(Decimal(125), Decimal(100)) is False
    assert rules.is_jump(Decimal(75), Decimal(100)) is False


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, U.COUNT, "–"),
        (Decimal(3451), U.COUNT, "3,451"),
        (Decimal("12.5"), U.COUNT, "12.5"),
        (Decimal("12.25"), U.COUNT, "12.3"),  # half up, not to even
        (Decimal(10), U.RATE, "10.0"),
        (Decimal("1234.56"), U.RATE, "1,234.6"),
        (Decimal("12.5"), U.PERCENTAGE, "12.5%"),
        (Decimal(40), U.PERCENTAGE, "40.0%"),
    ],
)
def test_format_value(value, unit, shown):
    assert rules.format_value(value, unit) == shown


def test_format_value_is_a_count_unless_told():
    assert rules.format_value(Decimal(1200)) == "1,200"


def test_comparison_sentences_people_read():
    same = rules.comparison_sentence(Decimal(5), Decimal(5), "2020-21")
    assert same == "5.0 — the same as 2020-21"
    drop = rules.comparison_sentence(Decimal(50), Decimal(100), "2020-21")
    assert drop == "50.0 — significantly lower than 2020-21 (100.0)"
    rise = rules.comparison_sentence(Decimal(110), Decimal(100), "2020-21")
    assert rise == "110.0 — higher than 2020-21 (100.0)"
    quarter_up = rules.comparison_sentence(Decimal(125), Decimal(100), "2020-21")
    assert quarter_up == "125.0 — higher than 2020-21 (100.0)"  # 25 % is not significant
    assert rules.comparison_sentence(Decimal(7), None, "2020-21", london=Decimal(8)) == (
        "7.0; London 8.0"
    )
    assert rules.comparison_sentence(
        Decimal(7), None, "2020-21", statistical_neighbours=Decimal(9)
    ) == ("7.0; statistical neighbours 9.0")
    counts = rules.comparison_sentence(Decimal(1200), Decimal(1000), "2020-21", unit=U.COUNT)
    assert counts == "1,200 — higher than 2020-21 (1,000)"


def test_a_rate_exactly_one_percent_away_is_accepted():
    # derived: 3,451 / 95,309 x 10,000 = 362.1; 1 % of it is 3.621
    assert rules.rate_disagrees(Decimal("365.721"), 3451, 95309) is False
    assert rules.rate_disagrees(Decimal("358.479"), 3451, 95309) is False
    assert rules.rate_disagrees(Decimal("365.722"), 3451, 95309) is True


def test_a_rate_against_a_derived_zero_and_missing_figures():
    assert rules.rate_disagrees(0, 0, 95309) is False
    assert rules.rate_disagrees(Decimal("0.1"), 0, 95309) is True
    assert rules.rate_disagrees(None, 3451, 95309) is False
    assert rules.rate_disagrees(Decimal(362), None, 95309) is False


def test_not_recorded_share_rounds_half_up_and_counts_blanks_as_none():
    assert rules.not_recorded_share({"white": 7, "not_recorded": 1}) == 13  # 12.5 %
    assert rules.not_recorded_share({"white": None, "not_recorded": 2}) == 100
    assert rules.not_recorded_share({"white": 5}) == 0
    assert rules.not_recorded_share({"white": 0, "not_recorded": None}) is None
    assert rules.not_recorded_share(None) is None


def test_year_value_takes_the_latest_quarter_present():
    quarters = {1: Decimal(9), 2: Decimal(5), 3: None}
    assert rules.year_value(Indicator.Basis.PERIOD_END, quarters) == 5
    assert rules.year_value(Indicator.Basis.IN_QUARTER, {1: None, 2: None}) is None
    assert rules.year_value(Indicator.Basis.IN_QUARTER, {2: Decimal("1.5")}) == Decimal("1.5")


def _ind(**kw):
    return Indicator(**{"code": "X", "name": "Things", "unit": "count", **kw})


def test_the_limits_themselves_are_allowed():
    ind = _ind(min_value=Decimal(10), max_value=Decimal(20))
    for value in (Decimal(10), Decimal(20)):
        assert rules.submission_problems([ind], {"X": {"value": value}}, {}) == ({}, {})
    assert rules.submission_problems([_ind()], {"X": {"value": Decimal(0)}}, {}) == ({}, {})


def test_a_missing_entry_needs_a_figure():
    errors, warnings = rules.submission_problems([_ind()], {}, {"X": Decimal(100)})
    assert errors == {("X", "value"): "Enter a figure for Things"}
    assert warnings == {}


def test_a_refused_figure_gets_no_jump_warning_on_top():
    errors, warnings = rules.submission_problems(
        [_ind()], {"X": {"value": Decimal(-1)}}, {"X": Decimal(100)}
    )
    assert errors == {("X", "value"): "Things must be 0 or more"}
    assert warnings == {}


def _as_at(**kw):
    return _ind(basis=Indicator.Basis.PERIOD_END, **kw)


def test_the_jump_needs_an_explanation_naming_last_quarters_figure():
    # Issue 14: a change beyond the expected range is an error until the figure is explained
    # (no box to tick), and the message says which figure it was compared with.
    errors, warnings = rules.submission_problems(
        [_as_at()],
        {"X": {"value": Decimal(2000)}},
        {"X": {(2022, 1): Decimal(1000)}},
        start_year=2022,
        quarter=2,
    )
    assert errors == {
        ("X", "explanation"): "Things is 100% higher than last quarter (Q1 2022-23): "
        "1,000 to 2,000. Explain the change before submitting"
    }
    assert warnings == {}


def test_explanation_of_spaces_is_no_explanation_for_a_jump():
    history = {"X": {(2022, 1): Decimal(1000)}}
    for blank in ("  ", "\n\t"):
        errors, _ = rules.submission_problems(
            [_as_at()],
            {"X": {"value": Decimal(2000), "explanation": blank}},
            history,
            start_year=2022,
            quarter=2,
        )
        assert ("X", "explanation") in errors
    # A commentary is not an explanation of the change either.
    errors, _ = rules.submission_problems(
        [_as_at()],
        {"X": {"value": Decimal(2000), "commentary": "New team"}},
        history,
        start_year=2022,
        quarter=2,
    )
    assert ("X", "explanation") in errors
    errors, _ = rules.submission_problems(
        [_as_at()],
        {"X": {"value": Decimal(2000), "explanation": " New team "}},
        history,
        start_year=2022,
        quarter=2,
    )
    assert errors == {}


def test_ethnicity_of_a_zero_figure_must_add_up_to_zero():
    ind = _ind(ethnicity_breakdown=True)
    entry = {"value": Decimal(0), "ethnicity": {"white": 2, "asian": None}}
    errors, _ = rules.submission_problems([ind], {"X": entry}, {})
    assert errors == {("X", "ethnicity"): "The ethnicity of Things adds up to 2, not 0"}


def test_ethnicity_is_checked_only_where_the_indicator_has_a_breakdown():
    entry = {"value": Decimal(10), "ethnicity": {"white": 2}}
    assert rules.submission_problems([_ind()], {"X": entry}, {}) == ({}, {})
    # Issue 14: where the indicator has a breakdown, submitting asks for it (the workbook
    # route once let it go missing) rather than reporting an empty one as adding up to 0.
    ind = _ind(ethnicity_breakdown=True)
    empty = {"value": Decimal(10), "ethnicity": {}}
    assert rules.submission_problems([ind], {"X": empty}, {}) == (
        {("X", "ethnicity"): "Enter the ethnicity of the 10 counted in Things"},
        {},
    )
    whole = {"value": Decimal(10), "ethnicity": {"white": 8, "not_recorded": 2}}
    assert rules.submission_problems([ind], {"X": whole}, {}) == ({}, {})


def test_thousands_in_the_ethnicity_message():
    ind = _ind(ethnicity_breakdown=True)
    entry = {"value": Decimal(1000), "ethnicity": {"white": 1200}}
    errors, _ = rules.submission_problems([ind], {"X": entry}, {})
    assert errors == {("X", "ethnicity"): "The ethnicity of Things adds up to 1,200, not 1,000"}


def test_the_largest_figure_the_database_can_store_is_the_largest_accepted():
    # ReturnValue.value is DECIMAL(12, 2): 9,999,999,999.99 fits, 10,000,000,000 does not.
    rate = _ind(unit=U.PERCENTAGE)
    assert rules.figure_problem(_ind(), Decimal(9_999_999_999)) is None
    assert rules.figure_problem(_ind(max_value=None), Decimal(10) ** 10) == (
        "Things is too large: 10,000,000,000 has more than 10 digits"
    )
    assert rules.figure_problem(rate, Decimal("9999999999.99")) == (
        "Things is a percentage and cannot be more than 100"
    )
    assert rules.figure_problem(rate, Decimal("10000000000.5")) == (
        "Things is too large: 10,000,000,000.5 has more than 10 digits"
    )
    assert rules.figure_problem(_ind(), Decimal("1E+14")) == (
        "Things is too large: 100,000,000,000,000 has more than 10 digits"
    )
    assert rules.figure_problem(_ind(), Decimal("1E+15")) == (
        "Things is too large: it has 16 digits before the decimal point, more than the 10 "
        "that can be stored"
    )
