"""Training: the partnership's multi-agency course catalogue, sessions and their bookings,
attendance, e-learning completions imported from the learning platform, and evaluations."""

from __future__ import annotations

import datetime as dt
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned
from cscp.models import Agency, Theme
from cscp.working_days import subtract_working_days

FOLLOW_UP_AFTER = relativedelta(months=3)


def new_token() -> str:
    """An unguessable token for the links e-mailed to a professional (no login needed)."""
    return secrets.token_urlsafe(32)


def cancellation_cutoff_working_days() -> int:
    return int(getattr(settings, "TRAINING_CANCELLATION_CUTOFF_WORKING_DAYS", 2))


class Delivery(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    VIRTUAL = "virtual", "Virtual classroom"
    FACE_TO_FACE = "face_to_face", "Face to face"
    BLENDED = "blended", "E-learning and face to face / virtual"


class Course(Versioned):
    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="courses")
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTRODUCTORY)
    audience = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    provider = models.CharField(max_length=150, blank=True, help_text="Who delivers it.")
    funder = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_courses",
        help_text="A partner or sponsor who funds the course (free to attendees).",
    )
    introduced_on = models.DateField(
        null=True, blank=True, help_text="When the course was first offered (new courses)."
    )
    active = models.BooleanField(default=True)
    # Theme changes are not tracked as m2m history: restoring a backup would replay them as
    # new changes (loaddata fires m2m_changed), so a restore would not match its backup.
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.funder_id is not None


class Session(Versioned):
    class Mode(models.TextChoices):
        VIRTUAL = "virtual", "Virtual classroom"
        FACE_TO_FACE = "face_to_face", "Face to face"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.VIRTUAL)
    venue = models.CharField(max_length=200, blank=True)
    joining_link = models.URLField(blank=True)
    trainer = models.CharField(max_length=150, blank=True)
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    register_token = models.CharField(
        max_length=64,
        default=new_token,
        editable=False,
        db_index=True,
        help_text="The trainer's link to the register (no login needed).",
    )
    history = HistoricalRecords(excluded_fields=["register_token"])

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title} – {local:%d %b %Y %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})
        if self.mode == self.Mode.FACE_TO_FACE and not self.venue:
            raise ValidationError({"venue": "Enter the venue of a face-to-face session."})

    @property
    def start_date(self) -> dt.date:
        return timezone.localdate(self.starts_at)

    def is_open_for_booking(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at > (now or timezone.now()) and self.course.active

    def cancellation_cutoff(self) -> dt.date:
        """The last day a booking may be cancelled: N working days before the session."""
        return cancellation_cutoff(self.start_date)

    def can_mark_attendance(self, today: dt.date | None = None) -> bool:
        """A register is taken on the day of the session or after it."""
        return self.start_date <= (today or timezone.localdate())


def cancellation_cutoff(session_date: dt.date, working_days: int | None = None) -> dt.date:
    days = cancellation_cutoff_working_days() if working_days is None else working_days
    return subtract_working_days(session_date, days)


class BookingQuerySet(models.QuerySet):
    def holding_a_place(self):
        return self.filter(status__in=Booking.HOLDS_PLACE)

    def waiting(self):
        return self.filter(status=Booking.Status.WAITING).order_by("created_at", "pk")


class Booking(Versioned):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "Waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    HOLDS_PLACE = (Status.BOOKED, Status.ATTENDED, Status.DID_NOT_ATTEND)

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(max_length=150)
    email = models.EmailField("Work e-mail")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="training_bookings"
    )
    agency_other = models.CharField("Other organisation", max_length=150, blank=True)
    job_role = models.CharField("Role", max_length=150, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    evaluation_requested_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at", "pk"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def clean(self):
        if self.agency_id is None and not self.agency_other.strip():
            raise ValidationError(
                {"agency": "Choose your organisation, or enter its name under Other."}
            )

    @property
    def organisation(self) -> str:
        return self.agency.name if self.agency_id else self.agency_other

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDS_PLACE

    def may_cancel(self, today: dt.date | None = None) -> bool:
        if self.status not in (self.Status.BOOKED, self.Status.WAITING):
            return False
        return (today or timezone.localdate()) <= self.session.cancellation_cutoff()

    def may_evaluate(self) -> bool:
        return self.status == self.Status.ATTENDED

    def certificate_available(self) -> bool:
        """Only for those who attended and evaluated the session."""
        evaluation = getattr(self, "evaluation", None)
        return self.status == self.Status.ATTENDED and bool(evaluation and evaluation.submitted_at)


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(Versioned):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    confidence_before = models.PositiveSmallIntegerField(validators=SCALE)
    confidence_after = models.PositiveSmallIntegerField(validators=SCALE)
    usefulness = models.PositiveSmallIntegerField(validators=SCALE)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    follow_up_requested_at = models.DateTimeField(null=True, blank=True)
    doing_differently = models.TextField(blank=True)
    follow_up_submitted_at = models.DateTimeField(null=True, blank=True)
    quote_in_report = models.BooleanField(
        default=False, help_text="Use the comments (anonymously) as an impact quote in the report."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Evaluation of {self.booking}"

    @property
    def confidence_change(self) -> int:
        return self.confidence_after - self.confidence_before

    def follow_up_due_on(self) -> dt.date:
        return follow_up_due_on(self.booking.session.start_date)


def follow_up_due_on(session_date: dt.date) -> dt.date:
    """The follow-up ("what are you doing differently?") goes out three months after."""
    return session_date + FOLLOW_UP_AFTER


class ImportBatch(models.Model):
    """An upload of the learning platform's export, parsed and held between preview and
    confirm. The parsed rows are kept out of the history table (they can be 100,000 rows)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Awaiting confirmation"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    row_count = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    unknown_courses = models.JSONField(default=list, blank=True)
    unknown_agencies = models.JSONField(default=list, blank=True)
    course_mapping = models.JSONField(default=dict, blank=True)
    agency_mapping = models.JSONField(default=dict, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rows"])

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def unmapped_courses(self) -> list[str]:
        return [name for name in self.unknown_courses if not self.course_mapping.get(name)]

    def unmapped_agencies(self) -> list[str]:
        return [name for name in self.unknown_agencies if name not in self.agency_mapping]

    def ready_to_confirm(self) -> bool:
        return (
            self.status == self.Status.PREVIEW
            and not self.error_count
            and not self.unmapped_courses()
            and not self.unmapped_agencies()
            and self.row_count > 0
        )


class Completion(models.Model):
    """An e-learning course completed by a professional (from the learning platform).
    Written in bulk by imports (which are themselves audited as ImportBatch records)."""

    learner_name = models.CharField(max_length=150)
    email = models.EmailField()
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "course", "completed_on"], name="training_completion_unique"
            )
        ]
        indexes = [models.Index(fields=["completed_on"])]

    def __str__(self) -> str:
        return f"{self.learner_name} – {self.course} ({self.completed_on})"
