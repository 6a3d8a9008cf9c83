"""Disclosure control of public figures, following the DfE's conventions for children's
social care statistics (explore-education-statistics):

- primary suppression applies to counts of children and of people (an attribute of the
  figure, decided where the figure is made), never to counts of reviews, meetings or actions;
  counts of 1 to 5 (settings.DISCLOSURE_SMALL_MAX) are shown as "c";
- secondary suppression: where a suppressed count could be worked out from a total, a
  difference, a percentage or a rate beside it, a second figure is suppressed too;
- the symbols below, with a legend on every public rendering (web page, PDF, Word)."""

from __future__ import annotations

from django.conf import settings

SUPPRESSED = "c"
SYMBOLS = [
    ("c", "suppressed to protect confidentiality: a count of 1 to 5 children or people, or a "
     "figure from which one could be worked out"),
    ("z", "not applicable"),
    (":", "not available"),
    ("x", "withheld or unavailable for other reasons"),
    ("k", "rounds to zero, but is not zero"),
    ("u", "low reliability"),
]  # fmt: skip


def small_max() -> int:
    return int(getattr(settings, "DISCLOSURE_SMALL_MAX", 5))


def is_small(value) -> bool:
    """A count of 1 to 5 (0 is shown: it discloses nothing about a person)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= small_max()


def is_suppressed(value) -> bool:
    return value == SUPPRESSED


def count(value):
    """Primary suppression of one count of children or people."""
    return SUPPRESSED if is_small(value) else value


def group(values: list, *, total_shown: bool = True) -> list:
    """Counts that add up to a total shown beside them (the rows of a table, the answers of a
    question): primary suppression, then secondary suppression so that no suppressed count
    can be worked out as the total minus the others — while exactly one is suppressed, the
    smallest count still shown (0 excepted) is suppressed as well."""
    out = [count(v) for v in values]
    if not total_shown:
        return out
    while sum(1 for v in out if is_suppressed(v)) == 1:
        shown = [
            (v, i)
            for i, v in enumerate(out)
            if isinstance(v, int) and not isinstance(v, bool) and v > 0
        ]
        if not shown:
            break  # the others are all 0: the total itself must go (see total())
        out[min(shown)[1]] = SUPPRESSED
    return out


def total(value, parts: list):
    """A total beside its parts: suppressed when it is small, or when one part alone is
    suppressed and cannot be hidden by a second (every other part 0)."""
    if is_small(value):
        return SUPPRESSED
    if sum(1 for p in parts if is_suppressed(p)) == 1:
        return SUPPRESSED
    return value


def beside(derived, *counts):
    """A percentage, rate or difference computed from counts: suppressed with any of them."""
    return SUPPRESSED if any(is_suppressed(c) or is_small(c) for c in counts) else derived
