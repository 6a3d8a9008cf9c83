from __future__ import annotations

from django import forms

from cscp.models import Agency

from .models import Booking, Course, ImportBatch

SCALE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class BookingForm(forms.Form):
    name = forms.CharField(label="Your full name", max_length=150)
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="We send your confirmation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    agency = forms.ModelChoiceField(
        label="Organisation",
        queryset=Agency.objects.filter(active=True).order_by("name"),
        required=False,
        empty_label="Other organisation (enter its name below)",
    )
    agency_other = forms.CharField(label="Other organisation", max_length=150, required=False)
    job_role = forms.CharField(label="Your role", max_length=150, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("agency") and not (cleaned.get("agency_other") or "").strip():
            self.add_error(
                "agency_other", "Choose your organisation, or enter its name if it is not listed."
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


class MappingForm(forms.Form):
    """Which catalogue course and which agency each unknown name means."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        courses = [("", "Choose a course")] + list(Course.objects.values_list("pk", "title"))
        agencies = [("", "Choose an agency"), (NOT_A_PARTNER, "Not a partner agency")] + list(
            Agency.objects.values_list("pk", "name")
        )
        for i, name in enumerate(batch.unknown_courses):
            self.fields[f"course_{i}"] = forms.ChoiceField(
                label=f"Course “{name}”",
                choices=courses,
                required=False,
                initial=batch.course_mapping.get(name, ""),
            )
        for i, name in enumerate(batch.unknown_agencies):
            mapped = batch.agency_mapping.get(name, "")
            self.fields[f"agency_{i}"] = forms.ChoiceField(
                label=f"Agency “{name}”",
                choices=agencies,
                required=False,
                initial=NOT_A_PARTNER if name in batch.agency_mapping and not mapped else mapped,
            )

    def course_mapping(self) -> dict[str, int]:
        result = {}
        for i, name in enumerate(self.batch.unknown_courses):
            value = self.cleaned_data.get(f"course_{i}")
            if value:
                result[name] = int(value)
        return result

    def agency_mapping(self) -> dict[str, int | None]:
        result: dict[str, int | None] = {}
        for i, name in enumerate(self.batch.unknown_agencies):
            value = self.cleaned_data.get(f"agency_{i}")
            if value == NOT_A_PARTNER:
                result[name] = None
            elif value:
                result[name] = int(value)
        return result
