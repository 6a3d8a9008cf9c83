"""Primary and secondary suppression: no suppressed count can be recovered from the figures
shown beside it."""

import itertools

import pytest

from cscp import disclosure
from cscp.disclosure import SUPPRESSED as C


@pytest.mark.parametrize(
    "values,expected",
    [
        ([0, 6, 440], [0, 6, 440]),
        ([2, 16], [C, C]),  # 18 respondents: 16 shown would give away the 2
        ([2, 16, 40], [C, C, 40]),
        ([2, 3, 40], [C, C, 40]),  # two suppressed already hide each other
        ([2, 0, 40], [C, 0, C]),  # 0 is shown, so 40 goes
        ([1, 0, 0], [C, 0, 0]),  # nothing left to hide it: the total must go (below)
        ([6, 7, 8], [6, 7, 8]),
    ],
)
def test_group(values, expected):
    assert disclosure.group(values) == expected


def _recoverable(shown, total_shown):
    """Can any suppressed cell be worked out exactly from the total and the cells shown?"""
    if not isinstance(total_shown, int):
        return False
    hidden = [i for i, v in enumerate(shown) if v == C]
    return len(hidden) == 1


@pytest.mark.parametrize("values", list(itertools.product([0, 1, 2, 5, 6, 11], repeat=3)))
def test_no_suppressed_count_can_be_recovered_from_the_total(values):
    shown = disclosure.group(list(values))
    total = disclosure.total(sum(values), shown)
    assert not _recoverable(shown, total)
    assert all(v == C for v, raw in zip(shown, values, strict=True) if 1 <= raw <= 5)


def test_figures_beside_a_suppressed_count_are_suppressed():
    assert disclosure.beside(11, 2) == C  # "c | 11 %"
    assert disclosure.beside(11, C) == C
    assert disclosure.beside(11, 18) == 11
    assert disclosure.beside(46.2, 440) == 46.2


def test_the_threshold_is_a_setting(settings):
    settings.DISCLOSURE_SMALL_MAX = 9
    assert disclosure.count(7) == C
    assert disclosure.count(10) == 10
