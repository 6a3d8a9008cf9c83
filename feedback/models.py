"""What children and families say: feedback items, case studies, "you said, we did" actions and
the partnership's surveys.

Consent rules (the heart of this app): nothing reaches the report unless it has been approved for
publication by business support AND its consent allows it. Consent "yes if anonymised" needs an
anonymised text that is filled and differs from the words as given; the report then uses only the
anonymised text. `publishable()` (queryset) and `publishable_texts()` (instance) check both, so
an item whose status was forced to "approved" without consent still never reaches the report.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned
from cscp.formatting import percentage
from cscp.models import Agency, ReportingYear, Theme


class Consent(models.TextChoices):
    NOT_RECORDED = "not_recorded", "Not recorded"
    NO = "no", "No"
    YES = "yes", "Yes"
    YES_ANONYMISED = "yes_anonymised", "Yes, if anonymised"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    REVIEWED = "reviewed", "Reviewed"
    APPROVED = "approved", "Approved for publication"
    WITHHELD = "withheld", "Withheld"


# The moderation queue shows what needs doing first.
STATUS_ORDER = [Status.RECEIVED, Status.REVIEWED, Status.APPROVED, Status.WITHHELD]

# Moves business support may make (see services).
TRANSITIONS = {
    Status.RECEIVED: {Status.REVIEWED, Status.APPROVED, Status.WITHHELD},
    Status.REVIEWED: {Status.APPROVED, Status.WITHHELD},
    Status.APPROVED: {Status.WITHHELD},
    Status.WITHHELD: {Status.REVIEWED},
}

CONSENTED = (Consent.YES, Consent.YES_ANONYMISED)


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, set())


def start_year_expression(field: str):
    """The start year of the (April-March) reporting year of a date field, in SQL."""
    return Case(
        When(**{f"{field}__month__gte": 4}, then=ExtractYear(field)),
        default=ExtractYear(field) - Value(1),
        output_field=IntegerField(),
    )


class ModeratedQuerySet(models.QuerySet):
    def publishable(self):
        """Approved for publication AND consented; "if anonymised" only with an anonymised
        text that is filled and differs from the original (for every text published)."""
        model = self.model
        anonymised_ok = Q(consent=Consent.YES_ANONYMISED)
        differs = Q()
        for original, anonymised in model.PUBLISHED_TEXTS:
            anonymised_ok &= ~Q(**{anonymised: ""})
            differs |= ~Q(**{anonymised: F(original)})
        anonymised_ok &= differs
        return self.filter(Q(status=Status.APPROVED) & (Q(consent=Consent.YES) | anonymised_ok))

    def in_year(self, year: ReportingYear):
        return self.filter(**{f"{self.model.DATE_FIELD}__range": (year.start, year.end)})

    def queue_ordered(self):
        order = Case(
            *[When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)],
            output_field=IntegerField(),
        )
        return self.annotate(status_order=order).order_by(
            "status_order", self.model.DATE_FIELD, "pk"
        )

    def with_start_year(self):
        return self.annotate(start_year=start_year_expression(self.model.DATE_FIELD))


class Moderated(Versioned):
    """Consent and moderation shared by feedback items and case studies."""

    # (original field, anonymised field) pairs of the text that would be published.
    PUBLISHED_TEXTS: tuple[tuple[str, str], ...] = ()
    DATE_FIELD = ""

    consent = models.CharField(
        "consent to publish",
        max_length=20,
        choices=Consent.choices,
        default=Consent.NOT_RECORDED,
        help_text="What the person agreed to. Nothing is published without consent.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who approved or withheld it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.TextField(blank=True)

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    # --- consent rules -------------------------------------------------------------------
    def anonymisation_problem(self) -> str | None:
        pairs = [(getattr(self, o) or "", getattr(self, a) or "") for o, a in self.PUBLISHED_TEXTS]
        if any(not anonymised.strip() for _, anonymised in pairs):
            return "Consent was given only if anonymised: fill in the anonymised text first."
        if all(anonymised.strip() == original.strip() for original, anonymised in pairs):
            return (
                "Consent was given only if anonymised: the anonymised text must differ from the "
                "words as given."
            )
        return None

    def publication_problems(self) -> list[str]:
        """Why this cannot be approved for publication (empty: it can)."""
        if self.consent not in CONSENTED:
            return ["It cannot be approved for publication without recorded consent to publish."]
        if self.consent == Consent.YES_ANONYMISED:
            problem = self.anonymisation_problem()
            return [problem] if problem else []
        return []

    @property
    def can_be_published(self) -> bool:
        return self.status == Status.APPROVED and not self.publication_problems()

    def publishable_texts(self) -> dict[str, str] | None:
        """The texts the report may show (anonymised where consent requires), or None."""
        if not self.can_be_published:
            return None
        use_anonymised = self.consent == Consent.YES_ANONYMISED
        return {
            original: getattr(self, anonymised if use_anonymised else original)
            for original, anonymised in self.PUBLISHED_TEXTS
        }

    def clean(self):
        super().clean()
        if self.status == Status.APPROVED:
            problems = self.publication_problems()
            if problems:
                raise ValidationError(problems)


class FeedbackItem(Moderated):
    class Source(models.TextChoices):
        CHILD = "child", "Child"
        YOUNG_PERSON = "young_person", "Young person"
        PARENT_CARER = "parent_carer", "Parent or carer"
        PROFESSIONAL = "professional", "Professional"

    # How the report names who spoke, unless `attribution_role` says otherwise.
    ATTRIBUTION_ROLES = {
        Source.CHILD: "Child",
        Source.YOUNG_PERSON: "Young person",
        Source.PARENT_CARER: "Parent",
        Source.PROFESSIONAL: "Professional",
    }

    class Channel(models.TextChoices):
        KEYWORKER = "keyworker", "Keyworker feedback"
        SURVEY = "survey", "Survey"
        COMPLIMENT = "compliment", "Compliment"
        COMPLAINT = "complaint", "Complaint"
        CONSULTATION = "consultation", "Consultation"
        PUBLIC_FORM = "public_form", "Public feedback form"

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "Positive"
        MIXED = "mixed", "Mixed"
        NEGATIVE = "negative", "Negative"

    PUBLISHED_TEXTS = (("text", "anonymised_text"),)
    DATE_FIELD = "received_on"

    received_on = models.DateField("date received")
    source = models.CharField("from whom", max_length=20, choices=Source.choices)
    attribution_role = models.CharField(
        max_length=60,
        blank=True,
        help_text='How the report names who said it, e.g. "Foster carer" (default: from whom).',
    )
    service = models.CharField(
        "about which service",
        max_length=120,
        blank=True,
        help_text='As the report says it: "Parent feedback re. <service>", e.g. keyworker.',
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback_items"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    text = models.TextField("the words as given")
    anonymised_text = models.TextField(
        blank=True, help_text="The text to publish when consent was given only if anonymised."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback_items")
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    # Optional contact details left on the public form: never published, never exported.
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "feedback item"

    def __str__(self) -> str:
        return f"{self.get_source_display()} feedback, {self.received_on:%d %B %Y}"

    @property
    def who(self) -> str:
        return self.attribution_role or self.ATTRIBUTION_ROLES.get(self.source, "")

    def attribution(self) -> str:
        """As the seed report writes it: "Parent feedback re. keyworker, September 2021"."""
        about = f" re. {self.service}" if self.service else ""
        return f"{self.who} feedback{about}, {self.received_on:%B %Y}"


class CaseStudy(Moderated):
    """A family's experience of multi-agency working."""

    PUBLISHED_TEXTS = (
        ("what_happened", "anonymised_what_happened"),
        ("outcome", "anonymised_outcome"),
    )
    DATE_FIELD = "recorded_on"

    title = models.CharField(max_length=150, help_text='e.g. "CAMHS and Children\'s Social Care"')
    recorded_on = models.DateField()
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="case_studies"
    )
    service = models.CharField(max_length=120, blank=True)
    what_happened = models.TextField()
    outcome = models.TextField()
    anonymised_what_happened = models.TextField(blank=True)
    anonymised_outcome = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="case_studies")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title


class YouSaidWeDidQuerySet(models.QuerySet):
    def in_year(self, year: ReportingYear):
        return self.filter(acted_on__range=(year.start, year.end))


class YouSaidWeDid(Versioned):
    """An action taken because of feedback."""

    acted_on = models.DateField("date")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="you_said_we_did"
    )
    by = models.CharField(
        "who acted",
        max_length=120,
        blank=True,
        help_text='As the report names them, e.g. "Mental Health Priority Group" '
        "(default: the agency's short name).",
    )
    you_said = models.TextField(help_text="What children, families or the data told us.")
    we_did = models.TextField(help_text="What changed as a result.")
    feedback_items = models.ManyToManyField(
        FeedbackItem, blank=True, related_name="actions", help_text="The feedback behind it."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="you_said_we_did")
    history = HistoricalRecords()

    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        ordering = ["-acted_on", "-pk"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return f"{self.who}: {self.we_did[:60]}"

    @property
    def who(self) -> str:
        if self.by:
            return self.by
        if self.agency_id:
            return self.agency.short_name or self.agency.name
        return "The partnership"


class SurveyQuerySet(models.QuerySet):
    def in_year(self, year: ReportingYear):
        return self.filter(conducted_on__range=(year.start, year.end))


class Survey(Versioned):
    title = models.CharField(max_length=200)
    conducted_on = models.DateField()
    audience = models.CharField(max_length=200, help_text='e.g. "Partner agencies"')
    respondents_are_people = models.BooleanField(
        default=True,
        help_text="Untick when each respondent answers for an organisation (e.g. partner "
        "agencies): counts of organisations are not suppressed in public.",
    )
    purpose = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-conducted_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "conducted_on"], name="feedback_survey_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.conducted_on:%B %Y})"


class SurveyQuestion(Versioned):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    respondents = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How many answered, if not the total of the answers (e.g. when more than one "
        "answer could be chosen).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="feedback_surveyquestion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.number}. {self.text[:80]}"

    def total(self, answers=None) -> int:
        """The percentage base: the stated respondents, else the sum of the answers' counts."""
        if self.respondents is not None:
            return self.respondents
        answers = self.answers.all() if answers is None else answers
        return sum(a.count for a in answers)

    def results(self) -> list[dict]:
        answers = list(self.answers.all())
        total = self.total(answers)
        return [
            {"label": a.label, "count": a.count, "percentage": percentage(a.count, total)}
            for a in answers
        ]


class SurveyAnswer(Versioned):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    order = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="feedback_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.count}"


class SurveyComment(Versioned):
    """A respondent's own words in answer to an open question, as the report quotes them."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="comments")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="feedback_comment_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]
