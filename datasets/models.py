"""Quarterly multi-agency returns: the indicator catalogue, population denominators,
comparators, and each agency's return per quarter with its values and transitions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned
from cscp.formatting import half_up
from cscp.models import Agency, ReportingYear
from cscp.working_days import add_working_days

# Working days after a quarter ends by which its return is due (settings may override).
DEFAULT_DUE_WORKING_DAYS = 20

# ONS 2021 census high-level ethnic groups, plus "not recorded".
ETHNICITY_CATEGORIES = [
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    ("not_recorded", "Not recorded"),
]
NOT_RECORDED = "not_recorded"


def due_working_days() -> int:
    return int(getattr(settings, "DATASETS_RETURN_DUE_WORKING_DAYS", DEFAULT_DUE_WORKING_DAYS))


def round_half_up(value, places: int = 1) -> Decimal:
    """One decimal place by default, by the one rule in cscp.formatting."""
    return half_up(value, places)


def derived_rate(numerator, population) -> Decimal | None:
    """numerator ÷ population × 10,000, rounded half up to one decimal place (as the DfE)."""
    if numerator is None or not population:
        return None
    return round_half_up(Decimal(numerator) * Decimal(10000) / Decimal(population))


class Indicator(Versioned):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        RATE = "rate_per_10k", "Rate per 10,000 under-18s"
        PERCENTAGE = "percentage", "Percentage"

    class Basis(models.TextChoices):
        IN_QUARTER = "in_quarter", "In quarter"
        YEAR_TO_DATE = "year_to_date", "Year to date"
        PERIOD_END = "period_end", "As at period end"

    class Polarity(models.TextChoices):
        HIGHER_BETTER = "higher", "Higher is better"
        LOWER_BETTER = "lower", "Lower is better"
        NEITHER = "neither", "Neither"

    class Counts(models.TextChoices):
        CHILDREN = "children", "Children"
        PEOPLE = "people", "People other than children (parents, families, professionals)"
        EVENTS = "events", "Events, contacts or records (not people)"

    class RateSource(models.TextChoices):
        NONE = "", "Not a rate"
        REPORTED = "reported", "Reported"
        DERIVED = "derived", "Derived from a count and the population"

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    basis = models.CharField(max_length=20, choices=Basis.choices, default=Basis.YEAR_TO_DATE)
    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="indicators")
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default="neither")
    commentary_required = models.BooleanField(default=False)
    min_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    rate_source = models.CharField(
        max_length=10, choices=RateSource.choices, blank=True, default=RateSource.NONE
    )
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rates",
        help_text="For rates: the count divided by the under-18 population.",
    )
    collect_reported_rate = models.BooleanField(
        default=False,
        help_text="For derived rates: the agency also enters its own reported rate, which is "
        "compared with the derived one (the report shows the derived rate and notes a "
        "difference).",
    )
    headline = models.BooleanField(
        default=False, help_text="Shown with comparators in the report's statistics section."
    )
    ethnicity_breakdown = models.BooleanField(default=False)
    counts = models.CharField(
        max_length=10,
        choices=Counts.choices,
        default=Counts.CHILDREN,
        help_text="What a count counts. Counts of children are no larger than the under-18 "
        "population; counts of children and of people are suppressed (1 to 5) in public.",
    )
    open_data_column = models.CharField(
        max_length=100,
        blank=True,
        help_text="The indicator's column in DfE explore-education-statistics open data "
        "(e.g. rate_per_10000), for importing comparators.",
    )
    change_threshold = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Expected range against the comparable figure (last quarter, the same quarter "
        "last year, last year-end), in per cent either way. Empty: 25.",
    )
    note = models.CharField(max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self):
        errors = {}
        if self.unit == self.Unit.RATE and not self.rate_source:
            errors["rate_source"] = "Say whether this rate is reported or derived."
        if self.unit != self.Unit.RATE and self.rate_source:
            errors["rate_source"] = "Only rates are reported or derived."
        if self.rate_source == self.RateSource.DERIVED and not self.numerator_id:
            errors["numerator"] = "A derived rate needs the count it is derived from."
        if self.collect_reported_rate and self.rate_source != self.RateSource.DERIVED:
            errors["collect_reported_rate"] = "Only a derived rate has a reported rate beside it."
        if self.numerator_id and self.numerator_id == self.pk:
            errors["numerator"] = "A rate cannot be derived from itself."
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = "The highest valid value is below the lowest."
        if errors:
            raise ValidationError(errors)

    @property
    def is_derived(self) -> bool:
        return self.rate_source == self.RateSource.DERIVED

    @property
    def threshold(self) -> Decimal:
        """The relative change beyond which a figure needs an explanation (0.25 by default)."""
        percent = self.change_threshold or int(
            getattr(settings, "DATASETS_CHANGE_THRESHOLD_PERCENT", 25)
        )
        return Decimal(percent) / 100

    @property
    def is_count(self) -> bool:
        return self.unit == self.Unit.COUNT

    @property
    def unit_label(self) -> str:
        return {"count": "count", "rate_per_10k": "per 10,000 under-18s", "percentage": "%"}[
            self.unit
        ]


class Population(Versioned):
    """ONS mid-year estimate of 0–17 year olds: the denominator of rates for a year."""

    year = models.OneToOneField(ReportingYear, on_delete=models.PROTECT, related_name="population")
    under_18 = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # The whole population (all ages): the report says what share of it the children are.
    all_ages = models.PositiveIntegerField(
        "total population (all ages)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Optional: the report then says what share of the population children are.",
    )
    source = models.CharField(max_length=200, blank=True, default="ONS mid-year estimate")
    note = models.CharField(max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year__start_year"]

    def __str__(self) -> str:
        return f"{self.year.label}: {self.under_18:,}"

    def clean(self):
        if self.all_ages is not None and self.under_18 and self.all_ages < self.under_18:
            raise ValidationError(
                {"all_ages": "The total population cannot be smaller than the under-18s."}
            )


class Comparator(Versioned):
    """Published benchmarks for an indicator in a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparators")
    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="+")
    london = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    region = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    statistical_neighbours = models.DecimalField(
        max_digits=12, decimal_places=1, null=True, blank=True
    )
    england = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order", "-year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_comparator_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class Return(Versioned):
    """One agency's figures for one quarter of a reporting year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        QUERIED = "queried", "Queried"
        ACCEPTED = "accepted", "Accepted"

    EDITABLE = (Status.NOT_STARTED, Status.DRAFT, Status.QUERIED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="returns")
    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="returns")
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    query_comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year__start_year", "quarter", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="one_return_per_agency_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year.label} Q{self.quarter}"

    @property
    def period_end(self) -> dt.date:
        return self.year.quarter(self.quarter).end

    @property
    def due_date(self) -> dt.date:
        return due_date_for(self.year, self.quarter)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def label(self) -> str:
        return f"{self.year.label} Q{self.quarter}"

    def url_kwargs(self) -> dict:
        return {
            "agency_id": self.agency_id,
            "start_year": self.year.start_year,
            "quarter": self.quarter,
        }

    def previous_quarter_key(self) -> tuple[int, int] | None:
        """(start_year, quarter) of the quarter before this one."""
        if self.quarter > 1:
            return self.year.start_year, self.quarter - 1
        return self.year.start_year - 1, 4


def due_date_for(year: ReportingYear, quarter: int) -> dt.date:
    return add_working_days(year.quarter(quarter).end, due_working_days())


class ReturnValue(Versioned):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    commentary = models.TextField(blank=True)
    # {"asian": 3, ..., "not_recorded": 7} for indicators with an ethnicity breakdown.
    ethnicity = models.JSONField(default=dict, blank=True)
    # Why the figure moved outside its expected range against a like-for-like figure.
    explanation = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "indicator"], name="one_value_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"

    def clean(self):
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "Enter a number that is 0 or more."})
        ethnicity = self.ethnicity or {}
        if not isinstance(ethnicity, dict):  # the admin's JSON box takes any JSON: 0.5, [1]
            raise ValidationError(
                {"ethnicity": 'Enter the breakdown as {"category": number}, e.g. {"white": 3}.'}
            )
        unknown = set(ethnicity) - {c for c, _ in ETHNICITY_CATEGORIES}
        if unknown:
            raise ValidationError({"ethnicity": f"Unknown categories: {sorted(unknown)}"})
        not_counts = sorted(
            category
            for category, count in ethnicity.items()
            if isinstance(count, bool) or not isinstance(count, int) or count < 0
        )
        if not_counts:
            raise ValidationError(
                {"ethnicity": f"Enter a whole number, 0 or more, for: {', '.join(not_counts)}."}
            )


class ReturnTransition(models.Model):
    """Who moved a return from one state to another, when, and why."""

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Return.Status.choices)
    to_status = models.CharField(max_length=20, choices=Return.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ret}: {self.from_status} → {self.to_status}"


class ReminderSent(models.Model):
    """A reminder e-mailed about a return: at most one per return per day."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "sent_on"], name="one_reminder_per_return_day")
        ]

    def __str__(self) -> str:
        return f"{self.ret} {self.kind} {self.sent_on}"


class YearIndicator(Versioned):
    """An indicator in a reporting year's set: which indicators each agency (the indicator's
    owner) returns that year. A new year starts from last year's set; editing a year's set
    never changes another year. A year with no set at all uses every active indicator."""

    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="year_sets")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year__start_year", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "indicator"], name="indicator_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year.label}: {self.indicator.code}"
