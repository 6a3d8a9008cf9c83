"""Reads that the pages, the home panels and the report share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from cscp.models import ReportingYear, Theme, label_for_start_year

from .models import (
    CLOCK_TAG_COLOURS,
    Action,
    ClockState,
    Cohort,
    PracticeReview,
    RapidReview,
    ReviewTheme,
    clock_label,
)

TRACKER_YEARS = 3  # the selected year and the two before it
RECURRING_MIN_YEARS = 2


def is_recurring(year_starts: set[int], selected_start: int) -> bool:
    """A theme recurs when reviews raised it in the selected year and in an earlier year
    (or in at least RECURRING_MIN_YEARS years up to the selected one)."""
    seen = {y for y in year_starts if y <= selected_start}
    return selected_start in seen and len(seen) >= RECURRING_MIN_YEARS


def tracker_querysets(year: ReportingYear):
    """(tags, earlier_themes): the theme tags counting in the tracker's window (the selected
    year and the TRACKER_YEARS - 1 before it), each annotated with `day` (its practice
    review's completion or decision date; its rapid review has its year), and the themes
    tagged in some year before the window (which is all `is_recurring` needs of them). The
    tracker reads neither more when years of history pile up."""
    first = year.start_year - TRACKER_YEARS + 1
    window_start = ReportingYear(start_year=first).start
    tags = ReviewTheme.objects.annotate(
        day=Coalesce("practice_review__completed_on", "practice_review__decision_on")
    )
    in_window = tags.filter(
        Q(rapid_review__year__start_year__range=(first, year.start_year))
        | Q(rapid_review__isnull=True, day__range=(window_start, year.end))
    )
    before = tags.filter(
        Q(rapid_review__year__start_year__lt=first)
        | Q(rapid_review__isnull=True, day__lt=window_start)
    )
    return in_window, Theme.objects.filter(pk__in=before.values("theme_id"))


TAG_FIELDS = {
    "theme_name": "theme__name",
    "cohort": "cohort",
    "rapid_review_start": "rapid_review__year__start_year",
    "day": "day",
}


def theme_tracker(year: ReportingYear, tags=None, earlier=None) -> dict:
    """Theme × cohort counts of the year's reviews, and each theme's counts across years.

    Counted once per review and cohort tag. `tags` (dicts of TAG_FIELDS) and `earlier` (names
    of the themes tagged before the window) are read here in two queries unless given (the
    report reads them within its one query)."""
    if tags is None:
        in_window, before = tracker_querysets(year)
        tags = list(
            in_window.values(
                "cohort",
                "day",
                theme_name=F("theme__name"),
                rapid_review_start=F("rapid_review__year__start_year"),
            )
        )
        earlier = list(before.values_list("name", flat=True))
    earlier = set(earlier or ())
    cohorts = list(Cohort)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Cohort.values, 0))
    by_year: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    seen_years: dict[str, set[int]] = defaultdict(set)
    for tag in tags:
        start = _tag_start(tag)
        if start is None or start > year.start_year:
            continue
        name = tag["theme_name"]
        by_year[name][start] += 1
        seen_years[name].add(start)
        if start == year.start_year:
            counts[name][tag["cohort"]] += 1
    years = list(range(year.start_year - TRACKER_YEARS + 1, year.start_year + 1))
    rows: list[dict] = []
    for name, cohort_counts in counts.items():
        seen = seen_years[name] | ({years[0] - 1} if name in earlier else set())
        rows.append(
            {
                "theme": name,
                "counts": [cohort_counts[c.value] for c in cohorts],
                "total": sum(cohort_counts.values()),
                "by_year": [by_year[name].get(y, 0) for y in years],
                "recurring": is_recurring(seen, year.start_year),
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["theme"]))
    return {
        "year": year.label,
        "cohorts": [c.label for c in cohorts],
        "years": [label_for_start_year(y) for y in years],
        "rows": rows,
    }


def _tag_start(tag: dict) -> int | None:
    """The reporting year a tag counts in: its rapid review's year, or the year its practice
    review was completed (or decided, while it is still running)."""
    if tag["rapid_review_start"] is not None:
        return tag["rapid_review_start"]
    day = tag["day"]
    if isinstance(day, str):  # read as JSON
        day = dt.date.fromisoformat(day)
    return ReportingYear.start_year_for(day) if day else None


def clock_row(review: RapidReview, today: dt.date) -> dict:
    notification = review.notification_clock(today)
    rapid = review.rapid_review_clock(today)
    return {
        "review": review,
        "notification_due_on": review.notification_due_on,
        "notification_state": notification,
        "notification_colour": CLOCK_TAG_COLOURS[notification],
        "notification_label": clock_label(notification, review.notification_due_on, today),
        "rapid_review_due_on": review.rapid_review_due_on,
        "rapid_review_state": rapid,
        "rapid_review_colour": CLOCK_TAG_COLOURS[rapid],
        "rapid_review_label": clock_label(rapid, review.rapid_review_due_on, today),
    }


def lifecycle_row(review: PracticeReview, today: dt.date) -> dict:
    """A practice review's lifecycle as a page shows it: the 6 months from the decision to
    publication, the copy to the Panel and the Secretary of State, the parallel proceedings
    (prefetch `parallel_proceedings`), and when it may come off the website."""
    publication = review.publication_clock(today)
    copy = review.copy_clock(today)
    proceedings = list(review.parallel_proceedings.all())
    if review.publication == PracticeReview.Publication.NOT_PUBLISHED:
        publication_label = "Not to be published"
    else:
        publication_label = clock_label(publication, review.publication_due_on, today)
    if copy == ClockState.NOT_STARTED:
        copy_label = "Due date set by the planned publication"
    else:
        copy_label = clock_label(copy, review.copy_due_on, today)
    return {
        "review": review,
        "publication_due_on": review.publication_due_on,
        "publication_state": publication,
        "publication_label": publication_label,
        "publication_colour": CLOCK_TAG_COLOURS[publication],
        "copy_days": review.copy_working_days(),
        "copy_due_on": review.copy_due_on,
        "copy_state": copy,
        "copy_label": copy_label,
        "copy_colour": CLOCK_TAG_COLOURS[copy],
        "proceedings": proceedings,
        "open_proceedings": [p for p in proceedings if p.is_open],
        "removal_allowed_on": review.removal_allowed_on,
    }


def clocks_needing_attention(today: dt.date | None = None) -> list[dict]:
    """Rapid reviews whose notification or rapid review clock is due soon or overdue."""
    today = today or timezone.localdate()
    attention = (ClockState.DUE_SOON, ClockState.OVERDUE)
    rows = []
    for review in RapidReview.objects.open_clocks().order_by("la_aware_on"):
        row = clock_row(review, today)
        if row["notification_state"] in attention or row["rapid_review_state"] in attention:
            rows.append(row)
    return rows


def actions_for(queryset=None):
    qs = queryset if queryset is not None else Action.objects.all()
    return qs.select_related("owner_agency", "recommendation__practice_review").order_by(
        "due_on", "pk"
    )
