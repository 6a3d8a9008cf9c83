from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cscp.concurrency import Versioned

__all__ = [
    "GovernanceMember",
    "LocalAuthority",
    "Partnership",
    "PartnerDecision",
    "ReportSignOff",
    "ScrutinyReview",
]

# The colour the site's header used before a partnership chose its own.
DEFAULT_BRAND_COLOUR = "#5b2c6f"
# Shown until business support have entered the partnership's name (first run).
PLACEHOLDER_NAME = "Safeguarding Children Partnership"

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits.")
# DfE/ONS "new" local authority codes: E06/E08/E09/E10 (England), W06 (Wales), then 6 digits.
la_code = RegexValidator(r"^[EW]\d{8}$", "Enter the 9-character code, e.g. E09000008.")
old_la_code = RegexValidator(r"^\d{3}$", "Enter the 3-digit DfE code, e.g. 306.")


class Partnership(Versioned):
    """The one partnership this installation serves (a singleton: business support edit it in
    the admin). Its name, numbers and sign-off appear on every page, e-mail and document."""

    name = models.CharField(
        max_length=150, help_text="In full, e.g. “… Safeguarding Children Partnership”."
    )
    short_name = models.CharField(max_length=30, help_text="Initials used in short titles.")
    website = models.URLField(blank=True)
    contact_email = models.EmailField("public contact e-mail", blank=True)
    contact_phone = models.CharField("public contact phone", max_length=40, blank=True)
    children_services_phone = models.CharField(
        "children's services (worried about a child)",
        max_length=40,
        help_text="The number the public call when worried about a child.",
    )
    out_of_hours_phone = models.CharField(
        "children's services out of hours", max_length=40, blank=True
    )
    police_emergency_phone = models.CharField("police emergency", max_length=20, default="999")
    police_non_emergency_phone = models.CharField(
        "police non-emergency", max_length=20, blank=True, default="101"
    )
    email_sign_off = models.TextField(
        "e-mail sign-off",
        blank=True,
        help_text="Ends every e-mail the system sends. Blank: the partnership's name.",
    )
    brand_colour = models.CharField(
        max_length=7, default=DEFAULT_BRAND_COLOUR, validators=[hex_colour]
    )
    logo = models.FileField(
        upload_to="partnership/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text="PNG or JPEG, shown in the header and on documents.",
    )
    # A published glossary prints all of its terms unless the partnership chooses otherwise.
    glossary_terms_used_only = models.BooleanField(
        "glossary: print only the terms the report uses",
        default=False,
        help_text="Ticked: the annual report's glossary leaves out terms its text never uses.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    def clean(self):
        others = Partnership.objects.exclude(pk=self.pk) if self.pk else Partnership.objects
        if others.exists():
            raise ValidationError("There is already a partnership: edit that one instead.")

    @property
    def is_set_up(self) -> bool:
        return self.pk is not None

    @property
    def has_own_brand(self) -> bool:
        return self.brand_colour.lower() != DEFAULT_BRAND_COLOUR

    @property
    def logo_data_uri(self) -> str:
        """The logo inlined, for PDFs and certificates (WeasyPrint fetches nothing)."""
        if not self.logo:
            return ""
        kind = "png" if self.logo.name.lower().endswith(".png") else "jpeg"
        with self.logo.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode()
        return f"data:image/{kind};base64,{data}"

    @property
    def sign_off(self) -> str:
        return self.email_sign_off.strip() or self.name

    @property
    def area(self) -> str:
        """The local authorities covered, for sentences: "Wessex Vale and Downshire"."""
        return area_text([la.name for la in self.local_authorities.all()] if self.pk else [])


def area_text(names: list[str]) -> str:
    """Local authorities' names (in order) as a sentence's area: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class LocalAuthority(Versioned):
    """A local authority the partnership covers (some partnerships span two or more)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="local_authorities"
    )
    name = models.CharField(max_length=100)
    new_la_code = models.CharField(
        "local authority code", max_length=9, unique=True, validators=[la_code]
    )
    old_la_code = models.CharField(
        "old DfE code", max_length=3, blank=True, validators=[old_la_code]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.new_la_code})"


# --- Governance (Working Together to Safeguard Children 2023) ----------------------------


class GovernanceMember(Versioned):
    """Someone holding a post in the partnership's governance, for a period. Working Together
    2023: three lead safeguarding partners (LSPs), each naming a delegated safeguarding partner
    (DSP), a partnership chair and an independent scrutineer. One holder per post at a time."""

    class Post(models.TextChoices):
        LSP_LOCAL_AUTHORITY = "lsp_la", "Lead safeguarding partner: local authority chief executive"
        LSP_POLICE = "lsp_police", "Lead safeguarding partner: chief constable"
        LSP_HEALTH = "lsp_icb", "Lead safeguarding partner: integrated care board chief executive"
        DSP_LOCAL_AUTHORITY = "dsp_la", "Delegated safeguarding partner: local authority"
        DSP_POLICE = "dsp_police", "Delegated safeguarding partner: police"
        DSP_HEALTH = "dsp_icb", "Delegated safeguarding partner: integrated care board"
        CHAIR = "chair", "Partnership chair"
        SCRUTINEER = "scrutineer", "Independent scrutineer"

    LEAD_POSTS = (Post.LSP_LOCAL_AUTHORITY, Post.LSP_POLICE, Post.LSP_HEALTH)
    # Each lead partner's delegate, and the kind of agency both come from.
    DELEGATE_OF = {
        Post.LSP_LOCAL_AUTHORITY: Post.DSP_LOCAL_AUTHORITY,
        Post.LSP_POLICE: Post.DSP_POLICE,
        Post.LSP_HEALTH: Post.DSP_HEALTH,
    }
    AGENCY_KIND = {
        Post.LSP_LOCAL_AUTHORITY: "local_authority",
        Post.DSP_LOCAL_AUTHORITY: "local_authority",
        Post.LSP_POLICE: "police",
        Post.DSP_POLICE: "police",
        Post.LSP_HEALTH: "health",
        Post.DSP_HEALTH: "health",
    }

    post = models.CharField(max_length=20, choices=Post.choices)
    name = models.CharField(max_length=150)
    role_title = models.CharField(
        max_length=150, help_text="Their job title, e.g. Chief Constable."
    )
    agency = models.ForeignKey(
        "cscp.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True, help_text="Blank while in post.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["post", "-from_date"]
        verbose_name = "governance post holder"

    def __str__(self) -> str:
        return f"{self.name}, {self.get_post_display()}"

    def clean(self):
        errors = {}
        if self.to_date and self.from_date and self.to_date < self.from_date:
            errors["to_date"] = "The end date must be on or after the start date."
        kind = self.AGENCY_KIND.get(self.post)
        if kind and self.agency_id is None:
            errors["agency"] = "Say which agency this safeguarding partner is from."
        elif kind and self.agency.kind != kind:
            errors["agency"] = f"A {self.get_post_display().lower()} comes from a {kind} agency."
        if self.from_date and not errors:
            overlapping = GovernanceMember.objects.filter(post=self.post).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                models.Q(to_date__isnull=True) | models.Q(to_date__gte=self.from_date)
            )
            if self.to_date:
                overlapping = overlapping.filter(from_date__lte=self.to_date)
            if overlapping.exists():
                errors["from_date"] = (
                    f"{overlapping.first().name} holds this post then: end their term first."
                )
        if errors:
            raise ValidationError(errors)

    def holds_on(self, day) -> bool:
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)


class PartnerDecision(Versioned):
    """A decision of the safeguarding partners, recorded with its date (the yearly report
    gives a record of decisions and actions)."""

    class MadeBy(models.TextChoices):
        LEAD_PARTNERS = "lead", "Lead safeguarding partners"
        DELEGATED_PARTNERS = "delegated", "Delegated safeguarding partners"
        EXECUTIVE = "executive", "Partnership executive"

    decided_on = models.DateField()
    title = models.CharField(max_length=200)
    decision = models.TextField()
    made_by = models.CharField(max_length=20, choices=MadeBy.choices, default=MadeBy.LEAD_PARTNERS)
    meeting = models.CharField(max_length=150, blank=True, help_text="Where it was decided.")
    review_on = models.DateField(null=True, blank=True, help_text="When it is to be revisited.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "title"]

    def __str__(self) -> str:
        return f"{self.decided_on:%d %b %Y}: {self.title}"


# --- Sign-off of the yearly report (Working Together 2023) -------------------------------


class ScrutinyReview(Versioned):
    """The independent scrutineer's review of the draft yearly report: a recorded step before
    the lead safeguarding partners sign it off."""

    report = models.OneToOneField(
        "reporting.AnnualReport", on_delete=models.CASCADE, related_name="scrutiny_review"
    )
    scrutineer = models.ForeignKey(
        GovernanceMember,
        on_delete=models.PROTECT,
        limit_choices_to={"post": GovernanceMember.Post.SCRUTINEER},
        related_name="+",
    )
    reviewed_on = models.DateField()
    findings = models.TextField(help_text="What the scrutineer found.")
    partners_response = models.TextField(blank=True, help_text="The partners' response.")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Scrutiny of {self.report}"

    def clean(self):
        if self.scrutineer_id and self.scrutineer.post != GovernanceMember.Post.SCRUTINEER:
            raise ValidationError({"scrutineer": "Choose the independent scrutineer."})


class ReportSignOff(Versioned):
    """One lead safeguarding partner's sign-off of the yearly report (name, role, date)."""

    report = models.ForeignKey(
        "reporting.AnnualReport", on_delete=models.CASCADE, related_name="sign_offs"
    )
    post = models.CharField(
        max_length=20,
        choices=[(p.value, p.label) for p in GovernanceMember.LEAD_POSTS],
    )
    name = models.CharField(max_length=150)
    role_title = models.CharField(max_length=150)
    signed_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "post"]
        constraints = [
            models.UniqueConstraint(fields=["report", "post"], name="one_sign_off_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_post_display()}) signed off {self.report}"

    def clean(self):
        # The scrutineer reviews the draft before the partners sign it off.
        if self.report_id and not ScrutinyReview.objects.filter(report_id=self.report_id).exists():
            raise ValidationError("Record the independent scrutineer's review first.")
        # The report meets its template's statutory contents checklist, on live records.
        if self.report_id and self.pk is None:
            from cscp.reporting.services import statutory_failing

            if failing := statutory_failing(self.report):
                raise ValidationError(
                    ["The report does not yet meet its statutory contents checklist:"]
                    + [entry["label"] for entry in failing]
                )
