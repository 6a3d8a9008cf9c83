from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned

from .roles import Role


class Agency(Versioned):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Statutory partner: local authority"
        POLICE = "police", "Statutory partner: police"
        HEALTH = "health", "Statutory partner: health"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary & community"
        OTHER = "other", "Other"

    STATUTORY_KINDS = (Kind.LOCAL_AUTHORITY, Kind.POLICE, Kind.HEALTH)

    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True)
    # Working Together 2023: the agencies the partners name in their arrangements; the Children's
    # Wellbeing and Schools Act 2026 s.2 makes designated education and childcare agencies ones
    # the arrangements must include.
    relevant_agency = models.BooleanField(
        default=False, help_text="Named as a relevant agency in the published arrangements."
    )
    designated_education_childcare = models.BooleanField(
        "designated education or childcare agency",
        default=False,
        help_text="Designated by regulations (Children's Wellbeing and Schools Act 2026, s.2).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.designated_education_childcare and not self.relevant_agency:
            raise ValidationError(
                {"relevant_agency": "A designated education or childcare agency must be included."}
            )

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in self.STATUTORY_KINDS


class User(Versioned, AbstractUser):
    """A member of the partnership. Roles are Django groups (see cscp.roles)."""

    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="leads",
        help_text="For agency leads: the agencies whose data this person may see and submit.",
    )
    history = HistoricalRecords(m2m_fields=[agencies])

    def roles(self) -> frozenset[Role]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        cached = getattr(self, "_cscp_roles", None)
        if cached is None:
            names = {g.name for g in self.groups.all()}
            cached = frozenset(role for role in Role if role.label in names)
            self._cscp_roles = cached
        return cached

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles() & set(roles))

    def agency_ids(self) -> frozenset[int]:
        cached = getattr(self, "_cscp_agency_ids", None)
        if cached is None:
            cached = frozenset(self.agencies.values_list("id", flat=True))
            self._cscp_agency_ids = cached
        return cached


@dataclass(frozen=True)
class Quarter:
    number: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"Q{self.number}"


class ReportingYearQuerySet(models.QuerySet):
    def containing(self, day: dt.date):
        start_year = day.year if day.month >= 4 else day.year - 1
        return self.filter(start_year=start_year)


class ReportingYear(Versioned):
    """A partnership's reporting year runs April to March; its label is e.g. "2021-22"."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    history = HistoricalRecords()

    objects = ReportingYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if not 2000 <= (self.start_year or 0) <= 2100:
            raise ValidationError({"start_year": "Enter a year between 2000 and 2100."})

    @property
    def label(self) -> str:
        return label_for_start_year(self.start_year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def quarters(self) -> list[Quarter]:
        return quarters_of(self.start_year)

    def quarter(self, number: int) -> Quarter:
        return self.quarters[number - 1]

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def previous_label(self) -> str:
        return label_for_start_year(self.start_year - 1)

    @classmethod
    def start_year_for(cls, day: dt.date) -> int:
        return day.year if day.month >= 4 else day.year - 1

    @classmethod
    def current(cls) -> ReportingYear:
        year, _ = cls.objects.get_or_create(start_year=cls.start_year_for(timezone.localdate()))
        return year

    @classmethod
    def from_label(cls, label: str) -> ReportingYear:
        return cls.objects.get(start_year=start_year_from_label(label))


def label_for_start_year(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def start_year_from_label(label: str) -> int:
    """'2021-22' -> 2021. Raises ValueError for anything else."""
    first, sep, second = label.partition("-")
    if not (sep and first.isdigit() and second.isdigit() and len(first) == 4 and len(second) == 2):
        raise ValueError(f"Not a reporting year label: {label!r}")
    start = int(first)
    if (start + 1) % 100 != int(second):
        raise ValueError(f"Not a reporting year label: {label!r}")
    return start


def quarters_of(start_year: int) -> list[Quarter]:
    bounds = [
        (dt.date(start_year, 4, 1), dt.date(start_year, 6, 30)),
        (dt.date(start_year, 7, 1), dt.date(start_year, 9, 30)),
        (dt.date(start_year, 10, 1), dt.date(start_year, 12, 31)),
        (dt.date(start_year + 1, 1, 1), dt.date(start_year + 1, 3, 31)),
    ]
    return [Quarter(number=i + 1, start=s, end=e) for i, (s, e) in enumerate(bounds)]


class Theme(Versioned):
    """The partnership's shared vocabulary of safeguarding themes: tagged on reviews, training
    courses, feedback and impact evidence, so learning can be traced across them."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleChange(models.Model):
    """A change of someone's roles, staff or superuser status or direct permissions: the audit
    record of who granted what (written by cscp.services.role_change_record; never edited)."""

    user = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="role_changes"
    )
    username = models.CharField(max_length=150)
    changed_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="role_changes_made"
    )
    changed_by_username = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username}: roles changed by {self.changed_by_username}"


from .outbox import OutboxMessage  # noqa: E402,F401
from .partnership.models import *  # noqa: E402,F401,F403
