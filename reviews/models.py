"""Rapid reviews, safeguarding practice reviews, their themes, recommendations and actions, the
learning shared from them, multi-agency audits and inspections.

Children are never named: a rapid review carries a case reference (a pseudonym) and, for each
child, only the characteristics the National Panel asks for.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned
from cscp.models import Agency, ReportingYear, Theme
from cscp.working_days import add_working_days, subtract_working_days, working_days_between

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
DUE_SOON_WORKING_DAYS = 3
SPR_EXPECTED_MONTHS = 6
# A 6-month clock is "due soon" in its last 4 weeks, not its last 3 days.
PUBLICATION_DUE_SOON_WORKING_DAYS = 20
MAX_CHILDREN_PER_INCIDENT = 4
DEFAULT_AUDIT_TARGET = 3


class ClockState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    MET_LATE = "met_late", "Met late"


CLOCK_TAG_COLOURS = {
    ClockState.NOT_STARTED: "grey",
    ClockState.ON_TRACK: "blue",
    ClockState.DUE_SOON: "yellow",
    ClockState.OVERDUE: "red",
    ClockState.MET: "green",
    ClockState.MET_LATE: "orange",
}


def clock_state(
    due: dt.date | None,
    done: dt.date | None,
    today: dt.date,
    soon: int = DUE_SOON_WORKING_DAYS,
) -> ClockState:
    """The state of a statutory clock due on `due`, met on `done` (if it was), seen on `today`.

    Due soon: `soon` working days or fewer left (3 by default; the due day itself included)."""
    if due is None:
        return ClockState.NOT_STARTED
    if done is not None:
        return ClockState.MET if done <= due else ClockState.MET_LATE
    if today > due:
        return ClockState.OVERDUE
    if working_days_between(today, due) <= soon:
        return ClockState.DUE_SOON
    return ClockState.ON_TRACK


def clock_label(state: ClockState, due: dt.date | None, today: dt.date) -> str:
    """What a person reads on a clock: "Due today" and "Overdue by N working days" say how urgent
    it is, where "Due soon" or "Overdue" alone would make a clock due today look like any other."""
    if due is not None and state == ClockState.DUE_SOON and due == today:
        return "Due today"
    if due is not None and state == ClockState.OVERDUE:
        late = max(working_days_between(due, today), 1)
        return f"Overdue by {late} working day{'s' if late != 1 else ''}"
    return state.label


def notification_due(la_aware_on: dt.date) -> dt.date:
    """The National Panel must be notified within 5 working days of the LA becoming aware."""
    return add_working_days(la_aware_on, NOTIFICATION_WORKING_DAYS)


def rapid_review_due(notification_sent_on: dt.date | None) -> dt.date | None:
    """The rapid review goes to the Panel within 15 working days of the notification."""
    if notification_sent_on is None:
        return None
    return add_working_days(notification_sent_on, RAPID_REVIEW_WORKING_DAYS)


def panel_response_expected(submitted_on: dt.date | None) -> dt.date | None:
    """The Panel aims to answer a rapid review in about 10 working days (an expectation of the
    Panel's, not a statutory limit: `REVIEW_PANEL_RESPONSE_WORKING_DAYS`)."""
    if submitted_on is None:
        return None
    return add_working_days(submitted_on, settings.REVIEW_PANEL_RESPONSE_WORKING_DAYS)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


class Regulation11(models.TextChoices):
    """The criteria the safeguarding partners must take into account in deciding on a local
    child safeguarding practice review (regulation 11 of SI 2018/789, as Working Together
    sets them out)."""

    IMPROVEMENTS = (
        "improvements",
        "(a) highlights or may highlight improvements needed to safeguard and promote the "
        "welfare of children, including where those improvements have been previously identified",
    )
    RECURRENT_THEMES = (
        "recurrent_themes",
        "(b) highlights or may highlight recurrent themes in the safeguarding and promotion of "
        "the welfare of children",
    )
    JOINT_WORKING = (
        "joint_working",
        "(c) highlights or may highlight concerns regarding two or more organisations or "
        "agencies working together effectively to safeguard and promote the welfare of children",
    )
    PANEL_VIEW = (
        "panel_view",
        "(d) is one which the Child Safeguarding Practice Review Panel have considered and "
        "concluded a local review may be more appropriate",
    )


class Cohort(models.TextChoices):
    BABIES = "babies_toddlers", "Babies & toddlers"
    CHILDREN = "children", "Children"
    ADOLESCENTS = "adolescents", "Adolescents"


class HarmCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Criminal exploitation"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"
    SERIOUS_YOUTH_VIOLENCE = "serious_youth_violence", "Serious youth violence"
    SUICIDE_SELF_HARM = "suicide_self_harm", "Suicide or self-harm"
    OTHER = "other", "Other"


def _date_order(errors: dict, later_field: str, later, earlier, message: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        errors.setdefault(later_field, []).append(message)


class RapidReviewQuerySet(models.QuerySet):
    def for_year(self, year: ReportingYear):
        return self.filter(year=year)

    def open_clocks(self):
        """Reviews whose notification or rapid review clock is still running."""
        return self.filter(
            models.Q(notification_sent_on__isnull=True)
            | models.Q(submitted_to_panel_on__isnull=True)
        )


class RapidReview(Versioned):
    """A serious incident notification and the rapid review that follows it."""

    class IncidentType(models.TextChoices):
        DEATH = "death", "Death"
        SERIOUS_HARM = "serious_harm", "Serious harm"

    class Decision(models.TextChoices):
        LOCAL = "local", "Local child safeguarding practice review"
        THEMATIC = "thematic", "Thematic review"
        NO_FURTHER = "none", "No further review"
        NATIONAL = "national", "Panel to consider a national review"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "Agrees with the decision"
        DISAGREES = "disagrees", "Does not agree with the decision"
        MORE_INFORMATION = "more_information", "Asks for more information"
        NATIONAL = "national", "Will consider a national review"

    FORWARD_DECISIONS = (Decision.LOCAL, Decision.THEMATIC)

    reference = models.CharField(
        max_length=60,
        unique=True,
        help_text="A pseudonym or case reference. Never a child's real name.",
    )
    year = models.ForeignKey(
        ReportingYear,
        on_delete=models.PROTECT,
        related_name="rapid_reviews",
        blank=True,
        help_text="Left blank: the reporting year in which the local authority became aware.",
    )
    incident_on = models.DateField("date of the incident", null=True, blank=True)
    la_aware_on = models.DateField("date the local authority became aware")
    notification_sent_on = models.DateField(
        "date of the serious incident notification (SIN) to the National Panel",
        null=True,
        blank=True,
    )
    incident_type = models.CharField(max_length=20, choices=IncidentType.choices)
    harm_categories = models.JSONField(default=list, blank=True)
    meeting_on = models.DateField("rapid review meeting date", null=True, blank=True)
    submitted_to_panel_on = models.DateField(
        "date rapid review submitted to the Panel", null=True, blank=True
    )
    panel_response = models.CharField(
        "the Panel's response", max_length=20, choices=PanelResponse.choices, blank=True
    )
    panel_response_on = models.DateField("date of the Panel's response", null=True, blank=True)
    panel_response_detail = models.TextField("what the Panel said", blank=True)
    criteria = models.JSONField(
        "regulation 11 criteria met",
        default=list,
        blank=True,
        help_text="Regulation 11 of SI 2018/789: a decision to hold a review names at least one.",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    # The rapid review report, under the headings partnerships send to the Panel.
    facts = models.TextField("facts of the case", blank=True)
    agency_involvement = models.TextField(
        blank=True, help_text="An overview; each agency's own summary is recorded below."
    )
    key_practice_episodes = models.TextField(blank=True)
    immediate_actions = models.TextField(
        "immediate actions", blank=True, help_text="Immediate safety actions already taken."
    )
    learning = models.TextField("learning identified", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RapidReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-la_aware_on", "reference"]

    def __str__(self) -> str:
        return self.reference

    # Clocks: computed, never typed.
    @property
    def notification_due_on(self) -> dt.date | None:
        return notification_due(self.la_aware_on) if self.la_aware_on else None

    @property
    def rapid_review_due_on(self) -> dt.date | None:
        return rapid_review_due(self.notification_sent_on)

    def notification_clock(self, today: dt.date | None = None) -> ClockState:
        return clock_state(
            self.notification_due_on, self.notification_sent_on, today or timezone.localdate()
        )

    def rapid_review_clock(self, today: dt.date | None = None) -> ClockState:
        return clock_state(
            self.rapid_review_due_on, self.submitted_to_panel_on, today or timezone.localdate()
        )

    @property
    def panel_response_expected_on(self) -> dt.date | None:
        return panel_response_expected(self.submitted_to_panel_on)

    def panel_response_clock(self, today: dt.date | None = None) -> ClockState:
        return clock_state(
            self.panel_response_expected_on,
            self.panel_response_on,
            today or timezone.localdate(),
        )

    def criteria_labels(self) -> list[str]:
        labels = dict(Regulation11.choices)
        return [labels.get(code, code) for code in self.criteria or []]

    def needs_attention(self, today: dt.date | None = None) -> bool:
        attention = (ClockState.DUE_SOON, ClockState.OVERDUE)
        return (
            self.notification_clock(today) in attention
            or self.rapid_review_clock(today) in attention
        )

    @property
    def taken_forward(self) -> bool:
        return self.decision in self.FORWARD_DECISIONS

    def harm_category_labels(self) -> list[str]:
        labels = dict(HarmCategory.choices)
        return [labels.get(code, code) for code in self.harm_categories or []]

    def clean(self):
        errors: dict[str, list[str]] = {}
        today = timezone.localdate()
        if self.la_aware_on and self.la_aware_on > today:
            errors.setdefault("la_aware_on", []).append(
                "The date the local authority became aware cannot be in the future."
            )
        if self.incident_on and self.la_aware_on and self.incident_on > self.la_aware_on:
            errors.setdefault("incident_on", []).append(
                "The incident cannot be after the date the local authority became aware."
            )
        _date_order(
            errors,
            "notification_sent_on",
            self.notification_sent_on,
            self.la_aware_on,
            "The notification cannot be sent before the local authority became aware.",
        )
        _date_order(
            errors,
            "meeting_on",
            self.meeting_on,
            self.la_aware_on,
            "The meeting cannot be before the local authority became aware.",
        )
        if self.submitted_to_panel_on is not None:
            if self.notification_sent_on is None:
                errors.setdefault("submitted_to_panel_on", []).append(
                    "Record the date the notification was sent before the rapid review's "
                    "submission to the Panel."
                )
            _date_order(
                errors,
                "submitted_to_panel_on",
                self.submitted_to_panel_on,
                self.notification_sent_on,
                "The rapid review cannot be submitted before the notification was sent.",
            )
            _date_order(
                errors,
                "submitted_to_panel_on",
                self.submitted_to_panel_on,
                self.meeting_on,
                "The rapid review cannot be submitted before its meeting.",
            )
        if self.decision and not self.meeting_on:
            errors.setdefault("decision", []).append(
                "Record the rapid review meeting date before its decision."
            )
        if self.decision and not self.decision_rationale.strip():
            errors.setdefault("decision_rationale", []).append("Give the reason for the decision.")
        criteria = self.criteria if isinstance(self.criteria, list) else None
        if criteria is None or any(c not in Regulation11.values for c in criteria):
            errors.setdefault("criteria", []).append("Choose the criteria from regulation 11.")
        elif self.decision in self.FORWARD_DECISIONS and not criteria:
            errors.setdefault("criteria", []).append(
                "A decision to hold a review names the regulation 11 criteria the case meets "
                "(at least one)."
            )
        self._panel_response_rules(errors)
        codes = set(HarmCategory.values)
        unknown = [c for c in self.harm_categories or [] if c not in codes]
        if unknown or not isinstance(self.harm_categories, list):
            errors.setdefault("harm_categories", []).append("Choose harm categories from the list.")
        if errors:
            raise ValidationError(errors)
        # A blank year is filled in by services.rapid_review_save: validation writes nothing.

    def _panel_response_rules(self, errors: dict) -> None:
        if self.panel_response_on is not None:
            if self.submitted_to_panel_on is None:
                errors.setdefault("panel_response_on", []).append(
                    "Record the rapid review's submission to the Panel before its response."
                )
            _date_order(
                errors,
                "panel_response_on",
                self.panel_response_on,
                self.submitted_to_panel_on,
                "The Panel cannot respond before the rapid review was submitted.",
            )
            if self.panel_response_on > timezone.localdate():
                errors.setdefault("panel_response_on", []).append(
                    "The date of the Panel's response is in the future."
                )
            if not self.panel_response:
                errors.setdefault("panel_response", []).append("Choose what the Panel said.")
        elif self.panel_response:
            errors.setdefault("panel_response_on", []).append(
                "Enter the date of the Panel's response."
            )


class ChildAgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    ONE_TO_FOUR = "1_4", "1–4"
    FIVE_TO_NINE = "5_9", "5–9"
    TEN_TO_FIFTEEN = "10_15", "10–15"
    SIXTEEN_PLUS = "16_17", "16–17"


class RapidReviewChild(Versioned):
    """A child involved in the incident (up to 4), described without identifying them."""

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NOT_KNOWN = "not_known", "Not known"

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="children")
    age_band = models.CharField(max_length=10, choices=ChildAgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(max_length=80, blank=True)
    disability = models.BooleanField(default=False)
    known_to_csc = models.BooleanField("known to children's social care", default=False)
    on_cp_plan = models.BooleanField("on a child protection plan", default=False)
    looked_after = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rapid_review", "pk"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.get_age_band_display()} ({self.get_sex_display()})"

    def clean(self):
        if self.rapid_review_id is None:
            return
        others = RapidReviewChild.objects.filter(rapid_review_id=self.rapid_review_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.count() >= MAX_CHILDREN_PER_INCIDENT:
            raise ValidationError(
                f"An incident records at most {MAX_CHILDREN_PER_INCIDENT} children."
            )


class RapidReviewAgency(Versioned):
    """An agency asked for information for the rapid review, and what it sent."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="agency_summaries"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rapid_review", "agency__name"]
        verbose_name = "agency summary"
        verbose_name_plural = "agency summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["rapid_review", "agency"], name="reviews_one_summary_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.rapid_review}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        _date_order(
            errors,
            "received_on",
            self.received_on,
            self.requested_on,
            "The summary cannot be received before it was requested.",
        )
        if errors:
            raise ValidationError(errors)


class PracticeReview(Versioned):
    """A child safeguarding practice review (local or thematic) and its publication."""

    class Kind(models.TextChoices):
        LOCAL = "local", "Local CSPR"
        THEMATIC = "thematic", "Thematic review"

    class Publication(models.TextChoices):
        UNDECIDED = "undecided", "Not yet decided"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Not to be published"
        PENDING = "pending", "Publication pending"

    class PendingReason(models.TextChoices):
        CRIMINAL = "criminal", "Criminal proceedings"
        CORONER = "coroner", "Coroner's inquest"
        OTHER = "other", "Other"

    title = models.CharField(
        max_length=120, unique=True, help_text="A pseudonym, e.g. “Ben”, “Carl & Max”."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    rapid_reviews = models.ManyToManyField(RapidReview, blank=True, related_name="practice_reviews")
    independent_reviewer = models.CharField(max_length=120, blank=True)
    decision_on = models.DateField("date of the decision to review")
    revised_completion_on = models.DateField(
        "revised expected completion",
        null=True,
        blank=True,
        help_text="Only when the review will take longer than 6 months from the decision.",
    )
    completed_on = models.DateField(null=True, blank=True)
    publication = models.CharField(
        max_length=20, choices=Publication.choices, default=Publication.UNDECIDED
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)
    not_published_reason = models.TextField(blank=True)
    pending_reason = models.CharField(max_length=20, choices=PendingReason.choices, blank=True)
    pending_detail = models.TextField(blank=True)
    sent_to_panel_on = models.DateField("copy sent to the National Panel", null=True, blank=True)
    sent_to_secretary_of_state_on = models.DateField(
        "copy sent to the Secretary of State", null=True, blank=True
    )
    planned_publication_on = models.DateField(
        "planned publication",
        null=True,
        blank=True,
        help_text="Sets the date by which the copy to the Panel and the Secretary of State is due.",
    )
    removed_from_website_on = models.DateField(
        "taken off the website",
        null=True,
        blank=True,
        help_text="A published review stays online for at least a year (then the NSPCC's "
        "national case review repository keeps it).",
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_on", "title"]

    def __str__(self) -> str:
        return self.title

    # The lifecycle's dates: computed, never typed.
    @property
    def publication_due_on(self) -> dt.date | None:
        """Published within 6 months of the decision to initiate the review."""
        return add_months(self.decision_on, SPR_EXPECTED_MONTHS) if self.decision_on else None

    def publication_clock(self, today: dt.date | None = None) -> ClockState:
        if self.publication == self.Publication.NOT_PUBLISHED:
            return ClockState.NOT_STARTED
        return clock_state(
            self.publication_due_on,
            self.published_on,
            today or timezone.localdate(),
            soon=PUBLICATION_DUE_SOON_WORKING_DAYS,
        )

    @staticmethod
    def copy_working_days() -> int:
        return settings.REVIEW_COPY_WORKING_DAYS_BEFORE_PUBLICATION

    @property
    def copy_due_on(self) -> dt.date | None:
        """The latest date for the copy to the Panel and the Secretary of State: a set number
        of working days before publication (or, until then, the planned publication)."""
        publication = self.published_on or self.planned_publication_on
        if publication is None:
            return None
        return subtract_working_days(publication, self.copy_working_days())

    @property
    def copies_sent_on(self) -> dt.date | None:
        """When both copies had gone (the later of the two), or None while one is missing."""
        if self.sent_to_panel_on and self.sent_to_secretary_of_state_on:
            return max(self.sent_to_panel_on, self.sent_to_secretary_of_state_on)
        return None

    def copy_clock(self, today: dt.date | None = None) -> ClockState:
        return clock_state(self.copy_due_on, self.copies_sent_on, today or timezone.localdate())

    @property
    def removal_allowed_on(self) -> dt.date | None:
        """The first day a published review may come off the website."""
        if self.publication != self.Publication.PUBLISHED or not self.published_on:
            return None
        return add_months(self.published_on, settings.REVIEW_MIN_MONTHS_ONLINE)

    def is_newly_published(self) -> bool:
        """Whether this edit publishes the review (or moves its publication date): the rules of
        publication are checked then, and a review published before them stays editable."""
        if self.publication != self.Publication.PUBLISHED:
            return False
        stored = (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values_list("publication", "published_on")
            .first()
            if self.pk
            else None
        )
        return stored != (self.Publication.PUBLISHED, self.published_on)

    def copy_refusals(self, published_on: dt.date) -> dict[str, list[str]]:
        """What stops publication on `published_on` for want of the copies sent in time."""
        days = self.copy_working_days()
        latest = subtract_working_days(published_on, days)
        errors: dict[str, list[str]] = {}
        for field, whom in (
            ("sent_to_panel_on", "the Child Safeguarding Practice Review Panel"),
            ("sent_to_secretary_of_state_on", "the Secretary of State"),
        ):
            sent = getattr(self, field)
            if sent is None or sent > latest:
                errors.setdefault(field, []).append(
                    f"Send the final report to {whom} at least {days} working days before "
                    f"publication: for publication on {long_date(published_on)}, by "
                    f"{long_date(latest)}"
                    + (f" (sent {long_date(sent)})." if sent else " (not recorded).")
                )
        return errors

    @staticmethod
    def proceeding_refusals(published_on: dt.date, proceedings) -> list[str]:
        """What stops publication on `published_on`: each parallel proceeding still open then."""
        return [
            f"Publication is held back by a parallel proceeding: {p.describe()}, still open on "
            f"{long_date(published_on)}. Record the date it closed before publishing."
            for p in proceedings
            if p.blocks_publication_on(published_on)
        ]

    @property
    def expected_completion_on(self) -> dt.date | None:
        if self.revised_completion_on:
            return self.revised_completion_on
        return add_months(self.decision_on, SPR_EXPECTED_MONTHS) if self.decision_on else None

    @property
    def is_overdue(self) -> bool:
        due = self.expected_completion_on
        return self.completed_on is None and due is not None and due < timezone.localdate()

    def publication_reason(self) -> str:
        if self.publication == self.Publication.NOT_PUBLISHED:
            return self.not_published_reason
        if self.publication == self.Publication.PENDING:
            reason = self.get_pending_reason_display()
            return f"{reason}: {self.pending_detail}" if self.pending_detail else reason
        return ""

    def clean(self):
        errors: dict[str, list[str]] = {}
        P = self.Publication
        _date_order(
            errors,
            "completed_on",
            self.completed_on,
            self.decision_on,
            "The review cannot be completed before the decision to hold it.",
        )
        _date_order(
            errors,
            "revised_completion_on",
            self.revised_completion_on,
            self.decision_on,
            "The revised completion date cannot be before the decision.",
        )
        if self.completed_on and self.completed_on > timezone.localdate():
            errors.setdefault("completed_on", []).append("The completion date is in the future.")
        if self.publication != P.UNDECIDED and not self.completed_on:
            errors.setdefault("publication", []).append(
                "Record the completion date before deciding on publication."
            )
        if self.publication == P.PUBLISHED:
            if not self.published_on:
                errors.setdefault("published_on", []).append(
                    "Enter the date the review was published."
                )
            _date_order(
                errors,
                "published_on",
                self.published_on,
                self.completed_on,
                "The review cannot be published before it was completed.",
            )
        elif self.published_on:
            errors.setdefault("published_on", []).append(
                "Only a published review has a publication date."
            )
        if self.publication == P.NOT_PUBLISHED and not self.not_published_reason.strip():
            errors.setdefault("not_published_reason", []).append(
                "Give the reason the review will not be published."
            )
        if self.publication == P.PENDING and not self.pending_reason:
            errors.setdefault("pending_reason", []).append(
                "Choose what publication is waiting for."
            )
        self._publication_rules(errors)
        for field in ("sent_to_panel_on", "sent_to_secretary_of_state_on"):
            value = getattr(self, field)
            if value and not self.completed_on:
                errors.setdefault(field, []).append(
                    "Record the completion date before the date copies were sent."
                )
            _date_order(
                errors,
                field,
                value,
                self.completed_on,
                "Copies cannot be sent before the review was completed.",
            )
        if errors:
            raise ValidationError(errors)

    def _publication_rules(self, errors: dict) -> None:
        _date_order(
            errors,
            "planned_publication_on",
            self.planned_publication_on,
            self.decision_on,
            "The planned publication cannot be before the decision to review.",
        )
        if self.published_on and self.is_newly_published():
            for field, messages in self.copy_refusals(self.published_on).items():
                errors.setdefault(field, []).extend(messages)
        removed = self.removed_from_website_on
        if removed is None:
            return
        allowed = self.removal_allowed_on
        if allowed is None:
            errors.setdefault("removed_from_website_on", []).append(
                "Only a published review comes off the website."
            )
        elif removed < allowed:
            months = settings.REVIEW_MIN_MONTHS_ONLINE
            errors.setdefault("removed_from_website_on", []).append(
                f"A published review stays on the website for at least {months} months: this "
                f"one may come off from {long_date(allowed)}."
            )
        if removed > timezone.localdate():
            errors.setdefault("removed_from_website_on", []).append(
                "The date it came off the website is in the future."
            )


class ParallelProceeding(Versioned):
    """A proceeding that runs beside a practice review and holds its publication back while it
    is open (Working Together: publication waits for criminal proceedings, the inquest, ...)."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal proceedings"
        CORONER = "coroner", "Coroner's inquest"
        DHR = "dhr", "Domestic homicide review"
        SAR = "sar", "Safeguarding adults review"
        FAMILY_COURT = "family_court", "Family court proceedings"

    practice_review = models.ForeignKey(
        PracticeReview, on_delete=models.CASCADE, related_name="parallel_proceedings"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(
        max_length=200, blank=True, help_text="E.g. “Trial listed for March”. Never a name."
    )
    opened_on = models.DateField("opened")
    closed_on = models.DateField("closed", null=True, blank=True, help_text="Blank while open.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["practice_review", "opened_on", "pk"]
        verbose_name = "parallel proceeding"

    def __str__(self) -> str:
        return self.describe()

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def describe(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        opened = f", opened {long_date(self.opened_on)}" if self.opened_on else ""
        return f"{self.get_kind_display()}{opened}{detail}"

    def blocks_publication_on(self, day: dt.date) -> bool:
        return self.closed_on is None or self.closed_on > day

    def clean(self):
        errors: dict[str, list[str]] = {}
        today = timezone.localdate()
        _date_order(
            errors,
            "closed_on",
            self.closed_on,
            self.opened_on,
            "A proceeding cannot close before it opened.",
        )
        for field in ("opened_on", "closed_on"):
            value = getattr(self, field)
            if value and value > today:
                errors.setdefault(field, []).append("The date is in the future.")
        if errors:
            raise ValidationError(errors)


class ReviewTheme(Versioned):
    """A theme tagged on a rapid review or a practice review, for one age cohort."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="review_tags")
    cohort = models.CharField(max_length=20, choices=Cohort.choices)
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    practice_review = models.ForeignKey(
        PracticeReview, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__name", "cohort"]
        verbose_name = "review theme"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(rapid_review__isnull=False, practice_review__isnull=True)
                    | models.Q(rapid_review__isnull=True, practice_review__isnull=False)
                ),
                name="reviews_theme_tags_one_review",
            ),
            models.UniqueConstraint(
                fields=["rapid_review", "theme", "cohort"],
                condition=models.Q(rapid_review__isnull=False),
                name="reviews_theme_once_per_rapid_review",
            ),
            models.UniqueConstraint(
                fields=["practice_review", "theme", "cohort"],
                condition=models.Q(practice_review__isnull=False),
                name="reviews_theme_once_per_practice_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.get_cohort_display()})"

    def clean(self):
        if bool(self.rapid_review_id) == bool(self.practice_review_id):
            raise ValidationError("Tag a theme on either a rapid review or a practice review.")

    def year_start(self) -> int | None:
        """The reporting year the tag counts in: its rapid review's year, or the year its
        practice review was completed (or decided, while it is still running)."""
        if self.rapid_review_id:
            return self.rapid_review.year.start_year
        review = self.practice_review
        day = review.completed_on or review.decision_on
        return ReportingYear.start_year_for(day) if day else None


class KeyTheme(Versioned):
    """The partnership's key themes of a year, as the annual report names them."""

    year = models.ForeignKey(ReportingYear, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "position", "theme__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "theme"], name="reviews_key_theme_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.theme}"


class Recommendation(Versioned):
    practice_review = models.ForeignKey(
        PracticeReview, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["practice_review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice_review", "number"], name="reviews_recommendation_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_review} – recommendation {self.number}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Action.Status.COMPLETE)

    def overdue(self, on: dt.date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Action(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        PAUSED = "paused", "Paused"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField("owner (name or post)", max_length=120, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField("evidence of completion", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status != self.Status.COMPLETE and self.due_on < (today or timezone.localdate())

    def rag(self, today: dt.date | None = None) -> str:
        """Red: overdue. Amber: paused, or due within 4 weeks. Green: complete or on track."""
        today = today or timezone.localdate()
        if self.status == self.Status.COMPLETE:
            return self.Rag.GREEN
        if self.due_on < today:
            return self.Rag.RED
        if self.status == self.Status.PAUSED or (self.due_on - today).days <= 28:
            return self.Rag.AMBER
        return self.Rag.GREEN

    def clean(self):
        errors: dict[str, list[str]] = {}
        if self.status == self.Status.COMPLETE:
            if not self.evidence.strip():
                errors.setdefault("evidence", []).append(
                    "Describe the evidence that the action is complete."
                )
            if self.completed_on is None:
                self.completed_on = timezone.localdate()
            if self.completed_on > timezone.localdate():
                errors.setdefault("completed_on", []).append(
                    "The completion date cannot be in the future."
                )
        elif self.completed_on is not None:
            errors.setdefault("completed_on", []).append(
                "Only a complete action has a completion date."
            )
        if errors:
            raise ValidationError(errors)


class LearningActivity(Versioned):
    """A one-page briefing or a learning event that shares the learning of reviews."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "One-page briefing"
        EVENT = "event", "Learning event"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    practice_reviews = models.ManyToManyField(
        PracticeReview, blank=True, related_name="learning_activities"
    )
    rapid_reviews = models.ManyToManyField(
        RapidReview, blank=True, related_name="learning_activities"
    )
    feedback = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = "learning briefing or event"
        verbose_name_plural = "learning briefings and events"
        constraints = [
            models.UniqueConstraint(fields=["title", "held_on"], name="reviews_learning_once")
        ]

    def __str__(self) -> str:
        return self.title


class LearningAttendance(Versioned):
    activity = models.ForeignKey(
        LearningActivity, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attendees = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "agency"], name="reviews_attendance_once_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.attendees}"


class AuditTarget(Versioned):
    year = models.OneToOneField(ReportingYear, on_delete=models.CASCADE, related_name="+")
    target = models.PositiveSmallIntegerField(default=DEFAULT_AUDIT_TARGET)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.year}: {self.target} audits"


class Audit(Versioned):
    """A multi-agency audit."""

    year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=150)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year__start_year", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["year", "topic"], name="reviews_audit_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.year})"

    def clean(self):
        errors: dict[str, list[str]] = {}
        _date_order(
            errors,
            "completed_on",
            self.completed_on,
            self.started_on,
            "The audit cannot finish before it started.",
        )
        if errors:
            raise ValidationError(errors)


class Inspection(Versioned):
    """An inspection of the area's services (Ofsted focused visit, SEND inspection, ...)."""

    title = models.CharField(max_length=200)
    inspectorate = models.CharField(max_length=120)
    inspected_on = models.DateField("date")
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "inspected_on"], name="reviews_inspection_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class InspectionFinding(Versioned):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField(default=1)
    quote = models.TextField(help_text="The inspectors' words, quoted exactly.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position"]

    def __str__(self) -> str:
        return self.quote[:60]
