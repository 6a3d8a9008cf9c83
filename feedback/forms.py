from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Layout, Size
from django import forms

from .models import Consent, FeedbackItem

HONEYPOT_FIELD = "website"
MAX_TEXT = 5000

PUBLIC_SOURCES = [
    (FeedbackItem.Source.CHILD, "I am a child"),
    (FeedbackItem.Source.YOUNG_PERSON, "I am a young person"),
    (FeedbackItem.Source.PARENT_CARER, "I am a parent or carer"),
    (FeedbackItem.Source.PROFESSIONAL, "I work with children or families"),
]

PUBLIC_CONSENT = [
    (Consent.YES, "Yes, you can share what I said"),
    (
        Consent.YES_ANONYMISED,
        "Yes, but only after you take out anything that could show who I am",
    ),
    (Consent.NO, "No, do not share what I said"),
]


class PublicFeedbackForm(forms.Form):
    text = forms.CharField(
        label="What would you like to tell us?",
        help_text="Tell us what happened and how it felt. Please do not include anyone's full "
        "name or address.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        error_messages={
            "required": "Tell us what you would like to say",
            "max_length": f"What you tell us must be {MAX_TEXT} characters or fewer",
        },
    )
    source = forms.ChoiceField(
        label="Who are you?",
        choices=PUBLIC_SOURCES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )
    service = forms.CharField(
        label="Which service is it about? (optional)",
        help_text="For example: my keyworker, early help, the school nurse, the police.",
        required=False,
        max_length=120,
        error_messages={"max_length": "The service must be 120 characters or fewer"},
    )
    consent = forms.ChoiceField(
        label="Can we share what you said in our yearly report?",
        help_text="We never share your name or contact details.",
        choices=PUBLIC_CONSENT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select if we can share what you said"},
    )
    contact_name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=120,
        error_messages={"max_length": "Your name must be 120 characters or fewer"},
    )
    contact_email = forms.EmailField(
        label="Email address (optional)",
        help_text="Only if you would like us to reply.",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    contact_phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        error_messages={"max_length": "The phone number must be 40 characters or fewer"},
    )
    # Honeypot: hidden from people (CSS), filled in by bots.
    website = forms.CharField(label="Leave this box empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its own token
        self.helper.layout = Layout(
            Field.textarea("text", label_size=Size.MEDIUM, rows=8, max_characters=MAX_TEXT),
            Field.radios("source", legend_size=Size.MEDIUM),
            Field.text("service"),
            Field.radios("consent", legend_size=Size.MEDIUM),
            HTML(
                '<h2 class="govuk-heading-m">If you would like us to contact you</h2>'
                '<p class="govuk-body">You do not have to give us your details.</p>'
            ),
            Field.text("contact_name", field_width=20),
            Field.text("contact_email", field_width=20),
            Field.text("contact_phone", field_width=10),
            Div(Field.text(HONEYPOT_FIELD), css_class="cscp-honeypot"),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Tell us what you would like to say")
        return text


class YearFilterForm(forms.Form):
    year = forms.ChoiceField(label="Reporting year", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)

    def __init__(self, *args, years=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [(y, y) for y in years]
        self.fields["theme"].choices = [("", "All themes")] + [(t.slug, t.name) for t in themes]
