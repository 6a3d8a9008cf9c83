"""Priority groups of the partnership: their aims, workstreams, outcomes (with evidence),
meetings and who attended them, actions, member responses and escalations to the executive."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned
from cscp.models import Agency, ReportingYear, Theme


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BI_MONTHLY = "bi_monthly", "Bi-monthly"
    QUARTERLY = "quarterly", "Quarterly"


class PriorityGroupQuerySet(models.QuerySet):
    def active_in(self, year: ReportingYear):
        """Groups that existed for at least part of the reporting year."""
        return self.filter(start_date__lte=year.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=year.start)
        )


class PriorityGroup(Versioned):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        STOOD_DOWN = "stood_down", "Stood down"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    purpose = models.TextField(blank=True)
    chair_name = models.CharField("chair", max_length=120, blank=True)
    chair_role = models.CharField("chair's role", max_length=200, blank=True)
    chair_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(help_text="When the group first met.")
    end_date = models.DateField(null=True, blank=True, help_text="When it was stood down.")
    cadence = models.CharField(max_length=20, choices=Cadence.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    members = models.ManyToManyField(
        Agency, blank=True, related_name="priority_groups", help_text="Member agencies."
    )
    history = HistoricalRecords()

    objects = PriorityGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date."})
        if self.status == self.Status.STOOD_DOWN and not self.end_date:
            raise ValidationError({"end_date": "Enter when the group was stood down."})
        if self.end_date and self.status != self.Status.STOOD_DOWN:
            raise ValidationError({"status": "A group with an end date has been stood down."})

    def is_active_in(self, year: ReportingYear) -> bool:
        return self.start_date <= year.end and (
            self.end_date is None or self.end_date >= year.start
        )


class Aim(Versioned):
    """One of the aims in a group's terms of reference."""

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="aims")
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="pg_aim_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AimAssessment(Versioned):
    """How far an aim was met in a reporting year."""

    class Result(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT = "not", "Not achieved"

    aim = models.ForeignKey(Aim, on_delete=models.CASCADE, related_name="assessments")
    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=20, choices=Result.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["aim", "-year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["aim", "year"], name="pg_one_assessment_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.aim} ({self.year}): {self.get_result_display()}"


class Workstream(Versioned):
    """An area of a group's work (e.g. "Holding the Risk") and the outcomes it intends."""

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    intended_outcomes = models.TextField(blank=True, help_text="One intended outcome per line.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="pg_workstream_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def intended_outcome_list(self) -> list[str]:
        return [line.strip() for line in self.intended_outcomes.splitlines() if line.strip()]


class Outcome(Versioned):
    class Status(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        EMBEDDED = "embedded", "Embedded"
        IN_PROGRESS = "in_progress", "In progress"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    # Claiming a result needs evidence of it.
    CLAIMED = (Status.ACHIEVED, Status.EMBEDDED)

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="outcomes")
    workstream = models.ForeignKey(
        Workstream, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    label = models.CharField(max_length=10, blank=True, help_text='e.g. "a)"')
    text = models.TextField()
    date = models.DateField(help_text="When it was achieved (or recorded).")
    status = models.CharField(max_length=20, choices=Status.choices)
    evidence = models.TextField(blank=True, help_text="What shows this happened.")
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    evidence_file = models.FileField(upload_to="priority_groups/evidence/", blank=True)
    # What produced it, where that exists (no link to other apps' records: by theme, link, text).
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    produced_by = models.CharField(
        max_length=255, blank=True, help_text="e.g. a training course, a review, a document."
    )
    link_url = models.URLField("link", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "workstream__order", "label", "date", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:80]}".strip()

    @property
    def has_evidence(self) -> bool:
        return has_evidence(self.evidence, self.evidence_url, self.evidence_file)

    def clean(self):
        errors = {}
        if self.workstream_id and self.group_id and self.workstream.group_id != self.group_id:
            errors["workstream"] = "Choose a workstream of this outcome's group."
        if self.status in self.CLAIMED and not self.has_evidence:
            errors["evidence"] = (
                "An outcome marked achieved or embedded needs evidence: "
                "describe it, link to it or attach a file."
            )
        if self.group_id and self.date and self.date < self.group.start_date:
            errors["date"] = "The date must not be before the group started."
        if errors:
            raise ValidationError(errors)


def has_evidence(text: str, url: str, file) -> bool:
    return bool((text or "").strip() or (url or "").strip() or file)


class Meeting(Versioned):
    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    decisions = models.TextField(blank=True)
    minutes_url = models.URLField("minutes link", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="pg_one_meeting_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d %B %Y}"


class Attendance(Versioned):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agency__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="pg_one_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_status_display()}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Action.Status.OPEN)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Action(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    update = models.TextField("latest update", blank=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self):
        if self.meeting_id and self.group_id and self.meeting.group_id != self.group_id:
            raise ValidationError({"meeting": "Choose a meeting of this action's group."})
        if self.status == self.Status.DONE and not self.completed_on:
            raise ValidationError({"completed_on": "Enter when the action was done."})
        if self.status != self.Status.DONE and self.completed_on:
            raise ValidationError({"completed_on": "Only a done action has a completion date."})

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.status, self.due_date, today or timezone.localdate())


def is_overdue(status: str, due_date: dt.date, today: dt.date) -> bool:
    return status == Action.Status.OPEN and due_date < today


class MemberResponse(Versioned):
    """A member agency's answer to a question put to the group's members."""

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="responses")
    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(max_length=300)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "year", "question", "order", "id"]

    def __str__(self) -> str:
        return self.answer[:80]


class Escalation(Versioned):
    """An issue a group raised to the partnership's executive."""

    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="escalations")
    outcome_of = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name="outcome it arose from",
    )
    date = models.DateField("date raised")
    issue = models.TextField()
    raised_to = models.CharField(max_length=120, default="CSCP Executive")
    outcome = models.TextField("what the executive did", blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "date", "id"]

    def __str__(self) -> str:
        return self.issue[:80]

    def clean(self):
        if self.outcome_of_id and self.group_id and self.outcome_of.group_id != self.group_id:
            raise ValidationError({"outcome_of": "Choose an outcome of this group."})
        if self.resolved_on and self.date and self.resolved_on < self.date:
            raise ValidationError({"resolved_on": "It cannot be resolved before it was raised."})
