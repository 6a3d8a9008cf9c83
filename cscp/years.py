"""One year rule and one year selector for every page (decision 0010).

Two defaults, and only two:
- `in_progress_year()`: the reporting year containing today. Pages about work in flight (the
  home page, dataset returns, the set-up page) open on it.
- `report_year()`: the year the partnership is reporting on — the latest year that has an
  annual report (draft or published); with none yet, the latest recorded year that has ended
  (the last complete year); else the year in progress. Every page that looks back over a
  year (reviews, theme tracker, learning, priority groups, training dashboard, dataset pack,
  feedback) opens on it.

`year_from_request` reads `?year=` in the URL form `2021-22` everywhere (the start year alone,
`2021`, is still accepted so older links keep working); a year that is not recorded is a 404.
`templates/includes/year_picker.html` shows which year the page is on and offers every year.
A year in a URL path is the `<year:...>` converter (cscp/converters.py), in the same form; the
admin filters by year with `year_list_filter(date_field)`. No other module reads a year from a
request (decision 0014; tests/partnership/test_year_pages.py greps for it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from .models import ReportingYear, start_year_from_label

PARAM = "year"


def parse_year(raw: str) -> int:
    """'2021-22' (or the older '2021') -> 2021. ValueError for anything else."""
    raw = (raw or "").strip()
    if raw.isdigit() and len(raw) == 4:
        return int(raw)
    return start_year_from_label(raw)


def in_progress_year() -> ReportingYear:
    return ReportingYear.current()


def report_year() -> ReportingYear:
    from .reporting.models import AnnualReport

    # One query: years with a report first, then years already ended, latest first.
    today = timezone.localdate()
    has_report = Exists(AnnualReport.objects.filter(year=OuterRef("pk")))
    ended = ReportingYear.start_year_for(today) - 1
    year = (
        ReportingYear.objects.annotate(has_report=has_report)
        .filter(Q(has_report=True) | Q(start_year__lte=ended))
        .order_by("-has_report", "-start_year")
        .first()
    )
    return year or in_progress_year()


def year_from_request(
    request, *, default: Callable[[], ReportingYear] = report_year, param: str = PARAM
) -> ReportingYear:
    """The year the URL asks for, else `default()`. Unknown or malformed years are a 404."""
    raw = request.GET.get(param)
    return year_from_label_or_404(raw) if raw else default()


def start_year_from_label_or_404(label: str) -> int:
    """The start year of a year named in a URL path (`2021-22`), without reading it: a
    caller that filters by `year__start_year` saves the query."""
    try:
        return parse_year(label)
    except ValueError as exc:
        raise Http404("Not a reporting year") from exc


def year_from_label_or_404(label: str) -> ReportingYear:
    """A year named in a URL path (`/priority-groups/<slug>/2021-22/`)."""
    start_year = start_year_from_label_or_404(label)
    year = ReportingYear.objects.filter(start_year=start_year).first()
    if year is None:
        raise Http404("No such reporting year")
    return year


def all_years() -> list[ReportingYear]:
    return list(ReportingYear.objects.order_by("-start_year"))


def year_picker(year: ReportingYear, *, years=None, keep: dict | None = None) -> dict:
    """Context for templates/includes/year_picker.html: `keep` are other query values the
    picker's form carries along (e.g. a theme filter)."""
    return {
        "year": year,
        "years": list(years) if years is not None else all_years(),
        "keep": {k: v for k, v in (keep or {}).items() if v},
    }


class ReportingYearListFilter(admin.SimpleListFilter):
    """The admin's "By reporting year" (April to March) over `date_field`, in the same URL form
    (`?year=2021-22`; the start year alone still works). A year that is not a reporting year is
    the admin's own "invalid lookup" answer, never a 500. Cheaper than a date hierarchy, whose
    links scan every row's date (bench/scale.py, issue 17)."""

    title = "reporting year"
    parameter_name = PARAM
    date_field = ""  # set by each subclass: the date the year is read from

    def lookups(self, request, model_admin):
        return [(y.label, y.label) for y in all_years()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            year = ReportingYear(start_year=parse_year(value))
            bounds = (year.start, year.end)  # ValueError beyond year 9998
        except ValueError as exc:
            raise IncorrectLookupParameters(str(exc)) from exc
        return queryset.filter(**{f"{self.date_field}__range": bounds})


def year_list_filter(date_field: str) -> type[ReportingYearListFilter]:
    """A ReportingYearListFilter over `date_field` (e.g. `received_on`)."""
    return type(
        f"ReportingYearListFilter_{date_field}",
        (ReportingYearListFilter,),
        {"date_field": date_field},
    )
