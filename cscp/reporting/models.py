"""Records of the annual report (see docs/decisions/0001-app-conventions.md).

Only foreign keys to cscp models (ReportingYear, Agency, Theme, User): a record of another app
that prompted something is pointed at with a URL and a label.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned

from .structure import SECTION_TITLES

# The report's records were made in app "cscp" and moved to this app keeping their tables
# (migrations reporting 0001 and cscp 0012, SeparateDatabaseAndState): hence db_table and each
# history's table_name.


class AnnualReport(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONTRIBUTIONS_REQUESTED = "contributions_requested", "Contributions requested"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    year = models.OneToOneField(
        "cscp.ReportingYear", on_delete=models.PROTECT, related_name="annual_report"
    )
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(table_name="cscp_historicalannualreport")

    class Meta:
        db_table = "cscp_annualreport"
        ordering = ["-year__start_year"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"Annual report {self.year.label}"

    @property
    def label(self) -> str:
        return self.year.label

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportTransition(models.Model):
    """One change of a report's status: who, when, from, to, and why."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=30, choices=AnnualReport.Status.choices)
    to_status = models.CharField(max_length=30, choices=AnnualReport.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_transitions"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    history = HistoricalRecords(table_name="cscp_historicalreporttransition")

    class Meta:
        db_table = "cscp_reporttransition"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ReportSection(Versioned):
    """A section of a report (the structure is fixed in cscp.reporting.structure)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    history = HistoricalRecords(table_name="cscp_historicalreportsection")

    class Meta:
        db_table = "cscp_reportsection"
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_unique_key")
        ]
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"{self.report.label}: {SECTION_TITLES.get(self.key, self.key)}"

    def clean(self):
        if self.key not in SECTION_TITLES:
            raise ValidationError({"key": "Not a section of the annual report."})


class NarrativeBlock(Versioned):
    """Text written for a section (Markdown; sanitised when rendered)."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(default=1)
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="Markdown. Links and emphasis are kept; scripts are not.")
    signature = models.CharField(
        max_length=200, blank=True, help_text="e.g. “Eleanor Brazil – Independent Scrutineer”"
    )
    history = HistoricalRecords(table_name="cscp_historicalnarrativeblock")

    class Meta:
        db_table = "cscp_narrativeblock"
        ordering = ["section", "position", "pk"]

    def __str__(self) -> str:
        return self.heading or f"{self.section} ({self.position})"


class Contribution(Versioned):
    """A reflection requested from a named person (usually an executive member)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        OVERDUE = "overdue", "Overdue"
        RECEIVED = "received", "Received"
        NOT_RECEIVED = "not_received", "Not received: published without it"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="contributions")
    name = models.CharField(max_length=150)
    role_title = models.CharField("role", max_length=250, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_contributions",
    )
    email = models.EmailField(blank=True, help_text="Where the request and reminders go.")
    requested_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The reflection as received (Markdown).")
    # Business support's recorded decision to publish without it (the report prints "(awaits)").
    not_received_on = models.DateField(
        null=True, blank=True, help_text="Decided to publish the report without it, on this date."
    )
    not_received_reason = models.TextField(blank=True)
    not_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=1)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(table_name="cscp_historicalcontribution")

    class Meta:
        db_table = "cscp_contribution"
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.report.label})"

    def clean(self):
        errors = {}
        if self.due_on and self.requested_on and self.due_on < self.requested_on:
            errors["due_on"] = "The due date must be on or after the date requested."
        if self.received_on and not self.text.strip():
            errors["text"] = "Enter the text received."
        if self.not_received_on and self.received_on:
            errors["not_received_on"] = "It has been received: it cannot also be not received."
        if self.not_received_on and not self.not_received_reason.strip():
            errors["not_received_reason"] = "Say why the report is published without it."
        if errors:
            raise ValidationError(errors)

    def status_on(self, day) -> str:
        return contribution_status(
            received=self.received_on is not None,
            due_on=self.due_on,
            today=day,
            not_received=self.not_received_on is not None,
        )

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def recipient(self) -> str:
        return self.email or (self.user.email if self.user else "")


def contribution_status(*, received: bool, due_on, today, not_received: bool = False) -> str:
    """Received once the text is in; not received once business support decided to publish
    without it; overdue after its due date; otherwise requested."""
    if received:
        return Contribution.Status.RECEIVED
    if not_received:
        return Contribution.Status.NOT_RECEIVED
    if due_on and today > due_on:
        return Contribution.Status.OVERDUE
    return Contribution.Status.REQUESTED


class ImmutableError(Exception):
    pass


class SnapshotQuerySet(models.QuerySet):
    """Bulk writes skip save() and delete(): refuse them too, so no code path (a shell, a
    migration, an admin action) can change what was published."""

    def update(self, **kwargs):
        raise ImmutableError("A published snapshot is never changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableError("A published snapshot is never changed.")

    def delete(self):
        raise ImmutableError("A published snapshot is never deleted.")


class ReportSnapshot(models.Model):
    """The frozen report as published: never changed once written."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField()
    content = models.JSONField(help_text="Every contribution's data and narrative, as published.")
    html = models.TextField()
    public_html = models.TextField(help_text="As published for the public: counts 1–5 shown c.")
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(table_name="cscp_historicalreportsnapshot")

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        db_table = "cscp_reportsnapshot"
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="snapshot_unique_version")
        ]
        get_latest_by = "version"

    def __str__(self) -> str:
        return f"{self.report.label} version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("A published snapshot is never changed.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A published snapshot is never deleted.")


class PdfRender(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="pdfs")
    snapshot = models.ForeignKey(
        ReportSnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pdfs",
        help_text="Empty: the draft as it is (watermarked).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/pdf/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(table_name="cscp_historicalpdfrender")

    class Meta:
        db_table = "cscp_pdfrender"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        what = f"version {self.snapshot.version}" if self.snapshot_id else "draft"
        return f"PDF of {self.report.label} {what} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.snapshot_id is None


class YearRecord(Versioned):
    year = models.ForeignKey("cscp.ReportingYear", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class ImpactEvidence(YearRecord):
    """An agency's account of what changed in its practice, and what prompted it."""

    class Prompt(models.TextChoices):
        BRIEFING = "briefing", "A briefing"
        REVIEW_THEME = "review_theme", "A review theme"
        DATA_CHALLENGE = "data_challenge", "A data challenge"
        TRAINING = "training", "A training course"
        PRIORITY_GROUP = "priority_group", "A priority group"
        OTHER = "other", "Other partnership activity"

    agency = models.ForeignKey(
        "cscp.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField()
    title = models.CharField(max_length=200)
    change = models.TextField("what changed in practice", help_text="Markdown.")
    prompted_by = models.CharField(max_length=20, choices=Prompt.choices)
    prompted_by_label = models.CharField(
        max_length=200, blank=True, help_text="e.g. the briefing, review or course by name."
    )
    prompted_by_url = models.URLField(
        blank=True, help_text="Link to the record that prompted it, where one exists."
    )
    theme = models.ForeignKey(
        "cscp.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    people_reached = models.PositiveIntegerField(
        null=True, blank=True, help_text="Children, families or staff reached, if counted."
    )
    people_reached_label = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords(table_name="cscp_historicalimpactevidence")

    class Meta:
        db_table = "cscp_impactevidence"
        ordering = ["year", "date", "pk"]
        verbose_name_plural = "impact evidence"

    def __str__(self) -> str:
        return self.title


class ScrutinyActivity(YearRecord):
    class Kind(models.TextChoices):
        CONVERSATION = "conversation", "Conversation with front-line practitioners"
        CHALLENGE = "challenge", "Challenge session"

    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    with_whom = models.CharField(max_length=250)
    summary = models.TextField(blank=True, help_text="Markdown.")
    key_points = models.TextField(blank=True, help_text="One key point a line.")
    participants = models.PositiveIntegerField(null=True, blank=True)
    # Working Together 2023: the yearly report says what scrutiny found and how the partners
    # responded; a challenge stays open on the scrutineer's page until the response is recorded.
    partners_response = models.TextField(
        "partners' response", blank=True, help_text="What the safeguarding partners did about it."
    )
    responded_on = models.DateField("response recorded on", null=True, blank=True)
    history = HistoricalRecords(table_name="cscp_historicalscrutinyactivity")

    class Meta:
        db_table = "cscp_scrutinyactivity"
        ordering = ["year", "date", "pk"]
        verbose_name_plural = "scrutiny activities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.with_whom} ({self.date:%B %Y})"

    @property
    def key_point_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.key_points.splitlines() if line.strip()]


class AgencyAssurance(YearRecord):
    """A safeguarding-standards self-assessment (section 11-style) by an agency."""

    class Framework(models.TextChoices):
        POLICE = "police", "Police safeguarding standards"
        HEALTH = "health", "Health safeguarding standards"
        EDUCATION = "education", "Education safeguarding standards"
        SECTION_11 = "section_11", "Section 11 audit"

    agency = models.ForeignKey("cscp.Agency", on_delete=models.PROTECT, related_name="+")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    date = models.DateField()
    challenge_notes = models.TextField(blank=True)
    follow_up_actions = models.TextField(blank=True)
    history = HistoricalRecords(table_name="cscp_historicalagencyassurance")

    class Meta:
        db_table = "cscp_agencyassurance"
        ordering = ["year", "date", "pk"]
        verbose_name_plural = "agency assurance"

    def __str__(self) -> str:
        return f"{self.get_framework_display()}: {self.agency} ({self.date:%B %Y})"


class AssuranceStandard(Versioned):
    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    assurance = models.ForeignKey(
        AgencyAssurance, on_delete=models.CASCADE, related_name="standards"
    )
    standard = models.CharField(max_length=250)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords(table_name="cscp_historicalassurancestandard")

    class Meta:
        db_table = "cscp_assurancestandard"
        ordering = ["assurance", "pk"]

    def __str__(self) -> str:
        return f"{self.standard} ({self.get_rag_display()})"


class PartnerFunding(YearRecord):
    """A statutory partner's contribution to the partnership's budget for a year."""

    agency = models.ForeignKey("cscp.Agency", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], help_text="£"
    )
    note = models.CharField(max_length=250, blank=True)
    history = HistoricalRecords(table_name="cscp_historicalpartnerfunding")

    class Meta:
        db_table = "cscp_partnerfunding"
        ordering = ["year", "-amount", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency"], name="funding_unique_agency_year")
        ]
        verbose_name_plural = "partner funding"

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: £{self.amount:,.0f}"


class NextYearPriority(YearRecord):
    """Part 4's planned work: a priority for the year after `year`."""

    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    rationale = models.TextField(help_text="Markdown.")
    lead = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(table_name="cscp_historicalnextyearpriority")

    class Meta:
        db_table = "cscp_nextyearpriority"
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "next-year priorities"

    def __str__(self) -> str:
        return self.title


class GlossaryTerm(Versioned):
    term = models.CharField(max_length=60, unique=True)
    meaning = models.CharField(max_length=300)
    history = HistoricalRecords(table_name="cscp_historicalglossaryterm")

    class Meta:
        db_table = "cscp_glossaryterm"
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
