from django import forms

from cscp.concurrency import VersionedFormMixin

from .models import Action


class ActionUpdateForm(VersionedFormMixin, forms.Form):
    """Progress on an action (the service applies it; the model's rules are checked there)."""

    status = forms.ChoiceField(choices=Action.Status.choices, widget=forms.RadioSelect)
    update = forms.CharField(
        label="Latest update",
        required=False,
        help_text="What has been done, and what is left to do.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, instance: Action, **kwargs):
        self.instance = instance
        kwargs.setdefault("initial", {"status": instance.status, "update": instance.update})
        super().__init__(*args, **kwargs)
