from django import forms

from cscp.concurrency import VersionedFormMixin

from .models import Action


class ActionUpdateForm(VersionedFormMixin, forms.ModelForm):
    """What an owner agency reports on an action: its status and the evidence."""

    class Meta:
        model = Action
        fields = ["status", "evidence"]
        widgets = {
            "status": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "evidence": "Needed to mark the action complete: what was done, and where the "
            "evidence can be found.",
        }

    def _post_clean(self):
        # The model's rules (evidence for a complete action) are checked with the status as
        # the service will save it.
        if self.cleaned_data.get("status") != Action.Status.COMPLETE:
            self.instance.completed_on = None
        super()._post_clean()
