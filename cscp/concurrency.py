"""Concurrent edits never silently overwrite each other.

A `Versioned` model carries a version number that every save increments, counted from the
row under its lock (never from a copy in memory). A form that edits it carries the version it
was opened at (`VersionedFormMixin`, used by `VersionedAdminMixin`); the field is required on
every edit, and saving over a newer version is refused and nothing is written. In the admin,
`VersionedInlineMixin` does the same for each inline row: a row someone else changed since the
page was opened is left alone when the editor did not touch it, and refused when they did.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction

from .admin_rows import QuickActionCheckboxMixin

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
        # Set by the form that validated this edit: the locked re-check below then closes the
        # gap between the form's check and this write (an inline row, say). Used once.
        from_form = self.__dict__.pop("_expected_version", None)
        if expected_version is None:
            expected_version = from_form
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            # A targeted write of other columns (e.g. last_login) is not an edit of the record.
            return super().save(*args, **kwargs)
        if self._state.adding and self.pk is None:
            self.version = 1
            return super().save(*args, **kwargs)
        with transaction.atomic():
            # The next version comes from the locked row: two unchecked saves of two copies
            # make two versions, never the same one twice.
            # The base manager and of=("self",): a default manager that joins nullable
            # relations would make PostgreSQL refuse FOR UPDATE on the outer join.
            current = (
                type(self)
                ._base_manager.select_for_update(of=("self",))
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if expected_version is not None and current is not None and current != expected_version:
                raise StaleEdit()
            self.version = (current or 0) + 1
            return super().save(*args, **kwargs)


class VersionedFormMixin(forms.Form):
    """Adds the hidden `opened_version`, required when editing (a POST without it is refused,
    never let through unchecked); call `save_instance(instance)` or let VersionedAdminMixin
    do it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["opened_version"].initial = instance.version
            self.fields["opened_version"].required = True
            self.fields["opened_version"].error_messages["required"] = STALE_MESSAGE

    def current_version(self) -> int | None:
        instance = self.instance
        return (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )

    def clean(self):
        cleaned = super().clean()
        instance = getattr(self, "instance", None)
        opened = cleaned.get("opened_version")
        if instance is not None and instance.pk and opened is not None:
            current = self.current_version()
            if current is not None and current != opened:
                raise StaleEdit()
            instance._expected_version = opened
        return cleaned


class VersionedInlineFormMixin(VersionedFormMixin):
    """An inline row: stale but untouched (every field as it was at the opened version) is
    skipped, so saving the parent never reverts someone else's change to the row; stale and
    changed is refused."""

    untouched_stale = False

    def _values_at(self, version: int):
        history = getattr(type(self.instance), "history", None)
        if history is None:
            return None
        return history.filter(id=self.instance.pk, version=version).order_by("-history_id").first()

    def clean(self):
        instance = getattr(self, "instance", None)
        opened = self.cleaned_data.get("opened_version")
        if instance is None or not instance.pk or opened is None:
            return super().clean()
        current = self.current_version()
        if current is None or current == opened:
            return super().clean()
        seen = self._values_at(opened)
        if seen is not None and not any(
            self.fields[name].has_changed(
                self._seen_value(seen, name),
                self[name].field.widget.value_from_datadict(
                    self.data, self.files, self.add_prefix(name)
                ),
            )
            for name in self.fields
            if name not in {"opened_version", "id", "DELETE"}
            and name in {f.name for f in instance._meta.fields}
        ):
            self.untouched_stale = True
            return self.cleaned_data
        raise StaleEdit()

    def _seen_value(self, seen, name):
        field = self.instance._meta.get_field(name)
        value = getattr(seen, field.attname)
        return self.fields[name].prepare_value(value) if value is not None else value

    def has_changed(self):
        # Django's formset saves an existing row only if has_changed(): an untouched stale row
        # is left as the other person saved it.
        return False if self.untouched_stale else super().has_changed()


class VersionedAdminMixin(QuickActionCheckboxMixin):
    """For ModelAdmins of Versioned models: the change form refuses a stale save. (Their
    changelists also draw each row's action checkbox directly: cscp.admin_rows.)"""

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form must carry opened_version before modelform_factory runs: the admin lists
        # the form's declared fields back to it (get_fields), and every admin view (change,
        # add, simple-history's version view) then asks for them by name.
        # A new record has no version to be stale against; its form (UserAdmin's add_form,
        # say) is left as the admin chose it.
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
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
        if fieldsets and obj is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "opened_version"]})
        return fieldsets

    def save_model(self, request, obj, form, change):
        # clean() already refused a stale form; the locked re-check here closes the race
        # between two saves arriving together (the admin's transaction then rolls back).
        obj.save(expected_version=form.cleaned_data.get("opened_version") if change else None)


class VersionedInlineMixin:
    """For inlines of Versioned models: each row carries its opened version (see
    VersionedInlineFormMixin) and the admin's stale-check covers it."""

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        if VersionedInlineFormMixin not in form.__mro__:
            form = type(f"VersionedInline{form.__name__}", (VersionedInlineFormMixin, form), {})
        kwargs["form"] = form
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "opened_version"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if fieldsets and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "opened_version"]})
        return fieldsets
