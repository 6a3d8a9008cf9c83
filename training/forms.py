from __future__ import annotations

from django import forms

from cscp.models import Agency

from .models import Booking, Course, ImportBatch

SCALE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class BookingForm(forms.Form):
    # Error messages name the field, as the GOV.UK Design System asks: an error summary of two
    # "This field is required." lines tells a booker nothing.
    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your full name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="We send your confirmation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your work e-mail address",
            "invalid": "Enter a work e-mail address in the correct format, like name@example.org",
        },
    )
    agency = forms.ModelChoiceField(
        label="Organisation",
        queryset=Agency.objects.filter(active=True).order_by("name"),
        required=False,
        empty_label="Select your organisation",
        error_messages={"invalid_choice": "Select your organisation from the list"},
    )
    agency_other = forms.CharField(
        label="If your organisation is not listed, enter its name",
        max_length=150,
        required=False,
        error_messages={"max_length": "The organisation's name must be 150 characters or fewer"},
    )
    job_role = forms.CharField(
        label="Your role",
        max_length=150,
        required=False,
        error_messages={"max_length": "Your role must be 150 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("agency") and not (cleaned.get("agency_other") or "").strip():
            self.add_error(
                "agency_other", "Select your organisation, or enter its name if it is not listed"
            )
        return cleaned


class EvaluationForm(forms.Form):
    confidence_before = forms.TypedChoiceField(
        label="Before the session, how confident were you in this area? (1 = not at all, 5 = very)",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    confidence_after = forms.TypedChoiceField(
        label="After the session, how confident are you? (1 = not at all, 5 = very)",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label="How useful was the session for your work? (1 = not useful, 5 = very useful)",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="What will you take back to your practice? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FollowUpForm(forms.Form):
    doing_differently = forms.CharField(
        label="What are you doing differently since the training?",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


ATTENDANCE_CHOICES = [("attended", "Attended"), ("did_not_attend", "Did not attend")]


class RegisterForm(forms.Form):
    """One attended / did-not-attend question per booking holding a place."""

    def __init__(self, *args, bookings: list[Booking], **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            initial = (
                booking.status
                if booking.status in (Booking.Status.ATTENDED, Booking.Status.DID_NOT_ATTEND)
                else None
            )
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=f"{booking.name} – {booking.organisation}",
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                required=False,
            )

    def marks(self) -> dict[int, bool]:
        result = {}
        for booking in self.bookings:
            value = self.cleaned_data.get(f"booking_{booking.pk}")
            if value:
                result[booking.pk] = value == "attended"
        return result


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Learning platform export (CSV or XLSX)",
        help_text="Columns: learner, e-mail, agency, course, completion date.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


NOT_A_PARTNER = "none"


MAX_NAMES_SHOWN = 50  # per kind: a file can hold thousands of unknown names


def _names_to_show(names: list[str], is_mapped) -> list[tuple[int, str]]:
    """(position in the batch's list, name) of the names to show: unmapped ones first, at most
    MAX_NAMES_SHOWN. The position names the field, so it stays the same from page to page."""
    unmapped = [(i, n) for i, n in enumerate(names) if not is_mapped(n)]
    shown = unmapped[:MAX_NAMES_SHOWN]
    if len(shown) < MAX_NAMES_SHOWN:
        mapped = [(i, n) for i, n in enumerate(names) if is_mapped(n)]
        shown += mapped[: MAX_NAMES_SHOWN - len(shown)]
    return sorted(shown)


class MappingForm(forms.Form):
    """Which catalogue course and which agency each unknown name means. At most
    MAX_NAMES_SHOWN names of each kind are shown (the unmapped first); when more are unmapped,
    one more choice maps every name still unmapped at once."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        courses = [("", "Choose a course")] + list(Course.objects.values_list("pk", "title"))
        agencies = [("", "Choose an agency"), (NOT_A_PARTNER, "Not a partner agency")] + list(
            Agency.objects.values_list("pk", "name")
        )
        self.unmapped_course_count = len(batch.unmapped_courses())
        self.unmapped_agency_count = len(batch.unmapped_agencies())
        self.courses_shown = _names_to_show(
            batch.unknown_courses, lambda n: bool(batch.course_mapping.get(n))
        )
        self.agencies_shown = _names_to_show(
            batch.unknown_agencies, lambda n: n in batch.agency_mapping
        )
        for i, name in self.courses_shown:
            self.fields[f"course_{i}"] = forms.ChoiceField(
                label=f"Course “{name}”",
                choices=courses,
                required=False,
                initial=batch.course_mapping.get(name, ""),
            )
        if self.unmapped_course_count > MAX_NAMES_SHOWN:
            self.fields["course_rest"] = forms.ChoiceField(
                label=f"Every course name still unmapped ({self.unmapped_course_count:,})",
                help_text="Applied after the choices above, to every course name left unmapped.",
                choices=courses,
                required=False,
            )
        for i, name in self.agencies_shown:
            mapped = batch.agency_mapping.get(name, "")
            self.fields[f"agency_{i}"] = forms.ChoiceField(
                label=f"Agency “{name}”",
                choices=agencies,
                required=False,
                initial=NOT_A_PARTNER if name in batch.agency_mapping and not mapped else mapped,
            )
        if self.unmapped_agency_count > MAX_NAMES_SHOWN:
            self.fields["agency_rest"] = forms.ChoiceField(
                label=f"Every agency name still unmapped ({self.unmapped_agency_count:,})",
                help_text="Applied after the choices above, to every agency name left unmapped.",
                choices=agencies,
                required=False,
            )

    def course_mapping(self) -> dict[str, int]:
        """The batch's whole course mapping: names not shown keep what they had."""
        result = dict(self.batch.course_mapping)
        for i, name in self.courses_shown:
            value = self.cleaned_data.get(f"course_{i}")
            if value:
                result[name] = int(value)
            else:
                result.pop(name, None)
        rest = self.cleaned_data.get("course_rest")
        if rest:
            for name in self.batch.unknown_courses:
                result.setdefault(name, int(rest))
        return result

    def agency_mapping(self) -> dict[str, int | None]:
        """The batch's whole agency mapping (None: not a partner agency)."""
        result: dict[str, int | None] = dict(self.batch.agency_mapping)
        for i, name in self.agencies_shown:
            value = self.cleaned_data.get(f"agency_{i}")
            if value == NOT_A_PARTNER:
                result[name] = None
            elif value:
                result[name] = int(value)
            else:
                result.pop(name, None)
        rest = self.cleaned_data.get("agency_rest")
        if rest:
            for name in self.batch.unknown_agencies:
                if name not in result:
                    result[name] = None if rest == NOT_A_PARTNER else int(rest)
        return result
