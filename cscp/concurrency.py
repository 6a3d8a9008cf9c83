"""Concurrent edits never silently overwrite each other.

A `Versioned` model carries a version number that every save increments. A form that edits it
carries the version it was opened at (`VersionedFormMixin`, used by `VersionedAdmin`); saving
over a newer version is refused with a message naming who changed it, and nothing is written.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction

STALE_MESSAGE = (
    "This record was changed by someone else since you opened it. Your changes have not been "
    "saved: open the record again to see the latest version, then make your changes."
)


class StaleEdit(ValidationError):
    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, expected_version: int | None = None, **kwargs):
        if self.pk is None or expected_version is None:
            self.version = (self.version or 0) + 1 if self.pk else 1
            return super().save(*args, **kwargs)
        with transaction.atomic():
            current = (
                type(self)
                ._default_manager.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != expected_version:
                raise StaleEdit()
            self.version = (current or 0) + 1
            return super().save(*args, **kwargs)


class VersionedFormMixin(forms.Form):
    """Adds the hidden `opened_version`; call `save_instance(instance)` or let
    VersionedAdmin do it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["opened_version"].initial = instance.version

    def clean(self):
        cleaned = super().clean()
        instance = getattr(self, "instance", None)
        opened = cleaned.get("opened_version")
        if instance is not None and instance.pk and opened is not None:
            current = (
                type(instance)
                ._default_manager.filter(pk=instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != opened:
                raise StaleEdit()
        return cleaned


class VersionedAdminMixin:
    """For ModelAdmins of Versioned models: the change form refuses a stale save."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form must carry opened_version before modelform_factory runs: the admin lists
        # the form's declared fields back to it (get_fields), and every admin view (change,
        # add, simple-history's version view) then asks for them by name.
        form = kwargs.get("form", self.form)
        if VersionedFormMixin not in form.__mro__:
            form = type(f"Versioned{form.__name__}", (VersionedFormMixin, form), {})
        kwargs["form"] = form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # Explicit fieldsets leave the hidden opened_version out; without it a stale save
        # could not be caught. Read-only viewers (the scrutineer) get no such field.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "opened_version"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if fieldsets and (obj is None or self.has_change_permission(request, obj)):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "opened_version"]})
        return fieldsets

    def save_model(self, request, obj, form, change):
        # clean() already refused a stale form; the locked re-check here closes the race
        # between two saves arriving together (the admin's transaction then rolls back).
        obj.save(expected_version=form.cleaned_data.get("opened_version") if change else None)
