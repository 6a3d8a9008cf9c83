"""The admin's record pickers (autocomplete fields), safe with whatever was posted.

A form shown again with its errors draws each picker's chosen record by looking it up:
Django's `AutocompleteMixin.optgroups` filters the related table by the posted value as it
stands, and a value that is not a key ("abc" for a number) raised ValueError there, a 500
instead of the form with its error ("Select a valid choice"). These widgets look up only the
values that can be keys; the field itself still refuses the rest with its own message.
"""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class KeySafeAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )

        def can_be_a_key(item) -> bool:
            try:
                to_field.to_python(item)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [v for v in value if can_be_a_key(v)], attr)


class KeySafeAutocompleteSelect(KeySafeAutocompleteMixin, AutocompleteSelect):
    pass


class KeySafeAutocompleteSelectMultiple(KeySafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class KeySafeAutocompleteAdminMixin:
    """For a ModelAdmin or inline with `autocomplete_fields`: its pickers are the widgets
    above (Django's admin uses its own unless a widget is given)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeySafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeySafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
