"""Records of the annual report (see docs/decisions/0001-app-conventions.md).

Only foreign keys to cscp models (ReportingYear, Agency, Theme, User): a record of another app
that prompted something is pointed at with a URL and a label.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned

from .statutory import RULE_CHOICES, RULES
from .structure import APP_TEMPLATES, DEFAULT_STRUCTURE, RECORDS, WT2018_NAME

# The report's records were made in app "cscp" and moved to this app keeping their tables
# (migrations reporting 0001 and cscp 0012, SeparateDatabaseAndState): hence db_table and each
# history's table_name. Records added since have this app's own tables.


# --- Report templates (the structure of a report, as data) -------------------------------


class ReportTemplate(Versioned):
    """The structure of a yearly report: ordered parts of ordered sections, and the statutory
    contents checklist the report must meet before sign-off. Business support adapt it in the
    admin (rename, reorder, add a section) without code."""

    name = models.CharField(max_length=150, unique=True)
    guidance = models.CharField(
        max_length=250, blank=True, help_text="The statutory guidance it follows."
    )
    default_from_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        unique=True,
        help_text="The default template for reporting years starting in this year and after "
        "(until a later template's year). Blank: chosen by hand only.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["default_from_year", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default_for(cls, start_year: int):
        """The template a new report of the year starting `start_year` uses."""
        return (
            cls.objects.filter(default_from_year__lte=start_year)
            .order_by("-default_from_year")
            .first()
        )


class TemplatePart(Versioned):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="parts")
    key = models.SlugField(max_length=40, help_text="Anchor in the page, e.g. part1.")
    title = models.CharField(max_length=200)
    subtitle = models.TextField(blank=True, help_text="e.g. the statutory question it answers.")
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_part_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class TemplateSection(Versioned):
    """A section of a part: its title, order, which apps' contributions and which of the
    partnership's own records it shows, and whether it needs a narrative."""

    part = models.ForeignKey(TemplatePart, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        max_length=40, help_text="Names the section's narrative; unique in the template."
    )
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=1)
    shows = models.JSONField(
        "app contributions shown",
        default=list,
        blank=True,
        help_text='A list in quotes and brackets, e.g. ["reviews.practice_reviews"]. '
        "Choices: " + ", ".join(APP_TEMPLATES) + ".",
    )
    records = models.CharField(
        "partnership records shown",
        max_length=30,
        blank=True,
        choices=list(RECORDS.items()),
    )
    narrative_required = models.BooleanField(
        default=False, help_text="The checklist fails while the section has no narrative."
    )
    heading = models.BooleanField(
        "show the section's heading",
        default=True,
        help_text="Off where the app contribution brings its own heading.",
    )
    narrative_after = models.BooleanField(
        default=False, help_text="Narrative after the apps' contributions rather than first."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["part", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        shows = self.shows if isinstance(self.shows, list) else None
        if shows is None or not all(isinstance(name, str) for name in shows):
            errors["shows"] = 'Enter a list of names in quotes, e.g. ["training.training"].'
        else:
            unknown = [name for name in shows if name not in APP_TEMPLATES]
            if unknown:
                errors["shows"] = f"Not an app contribution: {', '.join(unknown)}."
        if self.records and self.records not in RECORDS:
            errors["records"] = "Not a kind of partnership record."
        if self.part_id and self.key:
            clash = TemplateSection.objects.filter(
                part__template_id=self.part.template_id, key=self.key
            ).exclude(pk=self.pk)
            if clash.exists():
                errors["key"] = "Another section of this template has this key."
        if errors:
            raise ValidationError(errors)


class ChecklistRequirement(Versioned):
    """One statutory requirement of a template's contents checklist, checked against live
    records before the lead partners sign the report off (cscp.reporting.statutory)."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField(default=1)
    rule = models.CharField(max_length=40, choices=RULE_CHOICES)
    requirement = models.CharField(
        max_length=300, help_text="The requirement in the guidance's words."
    )
    section = models.ForeignKey(
        TemplateSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The section that reports it: its narrative must be written too.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "rule"], name="checklist_rule_once")
        ]

    def __str__(self) -> str:
        return self.requirement

    def clean(self):
        if self.rule not in RULES:
            raise ValidationError({"rule": "Not a known check."})
        if (
            self.section_id
            and self.template_id
            and self.section.part.template_id != self.template_id
        ):
            raise ValidationError({"section": "Choose a section of this template."})


# --- The report --------------------------------------------------------------------------


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
    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Blank: the default template for the year.",
    )
    # Working Together 2023: a report at least once in every 12-month period, each period
    # following on from the previous report's with no gap. Blank: the reporting year.
    period_start = models.DateField(null=True, blank=True, help_text="Blank: 1 April.")
    period_end = models.DateField(null=True, blank=True, help_text="Blank: 31 March.")
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

    def save(self, *args, **kwargs):
        if self.template_id is None and self.year_id is not None:
            self.template = ReportTemplate.default_for(self.year.start_year)
        return super().save(*args, **kwargs)

    @property
    def starts_on(self):
        return self.period_start or self.year.start

    @property
    def ends_on(self):
        return self.period_end or self.year.end

    def clean(self):
        if self.year_id is None:
            return
        start, end = self.starts_on, self.ends_on
        if end < start:
            raise ValidationError({"period_end": "The period must end after it starts."})
        if end >= add_months(start, 12):
            raise ValidationError(
                {"period_end": "A report covers at most 12 months: end it sooner."}
            )
        # The previous year's report, where it is kept here (reports before a partnership
        # started using the product were published elsewhere).
        previous = (
            AnnualReport.objects.filter(year__start_year=self.year.start_year - 1)
            .exclude(pk=self.pk)
            .select_related("year")
            .first()
        )
        if previous is not None:
            expected = previous.ends_on + dt.timedelta(days=1)
            if start != expected:
                raise ValidationError(
                    {
                        "period_start": f"The {previous.label} report ended on "
                        f"{previous.ends_on:%-d %B %Y}: this one starts on "
                        f"{expected:%-d %B %Y}, with no gap or overlap."
                    }
                )

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
    """A section of a report (one of its template's sections: the narrative hangs off it)."""

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
        return f"{self.report.label}: {self.title}"

    @property
    def title(self) -> str:
        return self.titles_of(self.report).get(self.key, self.key)

    @staticmethod
    def titles_of(report) -> dict[str, str]:
        from .structure import sections_of

        parts, _name = structure_of(report.template_id)
        return {s["key"]: s["title"] for s in sections_of(parts)}

    def clean(self):
        if self.report_id and self.key not in self.titles_of(self.report):
            raise ValidationError({"key": "Not a section of the report's template."})


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

    class Stage(models.TextChoices):
        EARLY_HELP = "early_help", "Early help"
        CHILD_IN_NEED = "child_in_need", "Children in need"
        CHILD_PROTECTION = "child_protection", "Child protection"
        LOOKED_AFTER = "looked_after", "Looked-after children"
        CARE_LEAVER = "care_leaver", "Care leavers"

    # The stages the yearly report must show impact at (at least).
    REQUIRED_STAGES = (Stage.EARLY_HELP, Stage.LOOKED_AFTER, Stage.CARE_LEAVER)

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
    stage = models.CharField(
        "stage of help",
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text="Where in children's journey the outcome was seen (Working Together 2023 asks "
        "for impact from early help to looked-after children and care leavers).",
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


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by whole months (the last day of a shorter month where needed)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


class ReportDispatch(Versioned):
    """Sending the published yearly report to a body Working Together 2023 names: the Child
    Safeguarding Practice Review Panel and Foundations (the What Works centre), each by a
    due date (REPORT_DISPATCH_DAYS after publication). Shown to business support until sent."""

    class Recipient(models.TextChoices):
        PANEL = "panel", "Child Safeguarding Practice Review Panel"
        FOUNDATIONS = "foundations", "Foundations (the What Works centre)"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="dispatches")
    snapshot = models.ForeignKey(
        ReportSnapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    due_on = models.DateField()
    sent_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    how = models.CharField(
        max_length=250, blank=True, help_text="e.g. the e-mail address it was sent to."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "due_on", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "snapshot", "recipient"], name="dispatch_once_per_version"
            )
        ]
        verbose_name_plural = "report dispatches"

    def __str__(self) -> str:
        return f"{self.report.label} to the {self.get_recipient_display()}"

    def clean(self):
        if self.sent_on and self.sent_on > timezone.localdate():
            raise ValidationError({"sent_on": "The date sent cannot be in the future."})


class PriorityProgress(YearRecord):
    """Progress in `year` on one of the partnership's agreed priorities (Working Together
    2023: the report analyses any priority with little or no progress)."""

    class Status(models.TextChoices):
        GREEN = "green", "Green: on track"
        AMBER = "amber", "Amber: some progress"
        RED = "red", "Red: little or no progress"

    NEEDS_ANALYSIS = (Status.AMBER, Status.RED)

    position = models.PositiveSmallIntegerField(default=1)
    priority = models.CharField(max_length=200)
    status = models.CharField(
        "progress status", max_length=5, choices=Status.choices, blank=True,
        help_text="Blank until assessed: the checklist fails while any priority is unassessed.",
    )  # fmt: skip
    analysis = models.TextField(
        blank=True, help_text="Markdown. Why progress was little or none, and what is done."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "priority progress"

    def __str__(self) -> str:
        return f"{self.priority} ({self.year})"

    @property
    def missing(self) -> str:
        """What the record still lacks for the yearly report ("" when complete)."""
        if not self.status:
            return f"“{self.priority}” has no progress status."
        if self.status in self.NEEDS_ANALYSIS and not self.analysis.strip():
            return f"“{self.priority}” is {self.status}: write the analysis of why."
        return ""


class RecommendationResponse(YearRecord):
    """The partners' decision and actions in `year` on a recommendation of a local or
    national child safeguarding practice review, with the improvement it has made."""

    class Source(models.TextChoices):
        LOCAL = "local", "Local child safeguarding practice review"
        NATIONAL = "national", "National review (the Panel)"

    class Improvement(models.TextChoices):
        PLANNED = "planned", "Actions planned"
        UNDERWAY = "underway", "Actions under way"
        IMPROVING = "improving", "Improvement seen"
        EMBEDDED = "embedded", "Improvement embedded"

    source = models.CharField(max_length=10, choices=Source.choices)
    review = models.CharField(max_length=200, help_text="The review's title.")
    recommendation = models.TextField()
    decision = models.TextField("partners' decision", help_text="What the partners decided.")
    actions = models.TextField("actions taken or planned", blank=True)
    improvement_status = models.CharField(max_length=10, choices=Improvement.choices)
    improvement_evidence = models.TextField(
        blank=True, help_text="Required once improvement is seen: how it is known."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "source", "review", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.recommendation[:50]}"

    def clean(self):
        seen = (self.Improvement.IMPROVING, self.Improvement.EMBEDDED)
        if self.improvement_status in seen and not self.improvement_evidence.strip():
            raise ValidationError({"improvement_evidence": "Say how the improvement is known."})


class PartnershipBudget(YearRecord):
    """The shared budget the lead safeguarding partners agreed for `year` (each partner's
    contribution is a PartnerFunding record)."""

    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], help_text="£"
    )
    agreed_on = models.DateField()
    note = models.TextField(blank=True, help_text="What it pays for (Markdown).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["year"], name="one_budget_a_year")]
        verbose_name_plural = "partnership budgets"

    def __str__(self) -> str:
        return f"Shared budget {self.year}: £{self.amount:,.0f}"


# The structure of a stored template as plain content (structure.py holds the defaults and
# imports nothing of the report; the query lives beside the models it reads).
def structure_of(template_id: int | None) -> tuple[list[dict], str]:
    """The structure of a template as content (parts of sections), in 2 queries (parts with
    their template, then their sections); the WT2018 default where there is none."""
    if template_id is None:
        return DEFAULT_STRUCTURE, WT2018_NAME

    parts = list(
        TemplatePart.objects.filter(template_id=template_id)
        .select_related("template")
        .prefetch_related(
            Prefetch("sections", queryset=TemplateSection.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    )
    if not parts:
        return DEFAULT_STRUCTURE, WT2018_NAME
    structure = [
        {
            "key": part.key,
            "title": part.title,
            "subtitle": part.subtitle,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "includes": [
                        {"app": APP_TEMPLATES[name][0], "template": APP_TEMPLATES[name][1]}
                        for name in s.shows
                        if name in APP_TEMPLATES
                    ],
                    "records": s.records,
                    "needs_narrative": s.narrative_required,
                    "heading": s.heading,
                    "narrative_after": s.narrative_after,
                }
                for s in part.sections.all()
            ],
        }
        for part in parts
    ]
    return structure, parts[0].template.name
