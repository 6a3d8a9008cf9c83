"""cscp.concurrency unit by unit on SQLite: what mutation testing (make mutation) showed the
admin and PostgreSQL barrier tests let through — versions counted from the stored row, the
form's opened version used once, targeted writes, and the form mixin's required field."""

import pytest
from django import forms

from cscp.concurrency import STALE_MESSAGE, StaleEdit, VersionedFormMixin
from cscp.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def stored(agency):
    return Agency.objects.values_list("version", "name").get(pk=agency.pk)


def test_a_stale_edit_says_nothing_was_saved_and_is_coded_stale():
    error = StaleEdit()
    assert error.messages == [STALE_MESSAGE]
    assert error.code == "stale"


def test_the_version_is_not_an_editable_field():
    form_class = forms.modelform_factory(Agency, fields="__all__")
    assert "version" not in form_class.base_fields


def test_a_row_written_without_save_starts_at_version_0_and_its_first_save_makes_1():
    (row,) = Agency.objects.bulk_create([Agency(name="Bulk", kind=Agency.Kind.OTHER)])
    row = Agency.objects.get(name="Bulk")
    assert row.version == 0
    row.save()
    assert stored(row) == (1, "Bulk")


def test_a_new_record_is_version_1_and_each_save_adds_one():
    agency = AgencyFactory(name="Counted")
    assert stored(agency)[0] == agency.version == 1
    agency.save()
    agency.save()
    assert stored(agency)[0] == agency.version == 3


def test_the_next_version_comes_from_the_stored_row_not_the_copy_in_memory():
    agency = AgencyFactory(name="Two copies")
    first, second = Agency.objects.get(pk=agency.pk), Agency.objects.get(pk=agency.pk)
    first.name = "First"
    first.save()
    second.name = "Second"
    second.save()  # unchecked: a later version, never the same one twice
    assert stored(agency) == (3, "Second")
    assert second.version == 3


def test_saving_over_a_newer_version_is_refused_and_writes_nothing():
    agency = AgencyFactory(name="Original")
    theirs, mine = Agency.objects.get(pk=agency.pk), Agency.objects.get(pk=agency.pk)
    theirs.name = "Theirs"
    theirs.save()
    mine.name = "Mine"
    with pytest.raises(StaleEdit):
        mine.save(expected_version=1)
    assert stored(agency) == (2, "Theirs")
    mine.save(expected_version=2)
    assert stored(agency) == (3, "Mine")


def test_the_version_a_form_opened_is_checked_once_then_forgotten():
    agency = AgencyFactory(name="Opened")
    theirs, mine = Agency.objects.get(pk=agency.pk), Agency.objects.get(pk=agency.pk)
    theirs.save()
    mine._expected_version = 1  # what VersionedFormMixin.clean leaves for the save
    mine.name = "Late"
    with pytest.raises(StaleEdit):
        mine.save()
    assert stored(agency) == (2, "Opened")
    mine.save()  # used once: a later save of the same object is not re-checked against it
    assert stored(agency) == (3, "Late")


def test_an_explicit_expected_version_wins_over_the_forms():
    agency = AgencyFactory(name="Explicit")
    agency._expected_version = 7
    agency.save(expected_version=1)
    assert stored(agency)[0] == 2


def test_a_targeted_write_of_other_columns_is_not_an_edit():
    agency = AgencyFactory(name="Targeted")
    agency.name = "Renamed"
    agency.save(update_fields=["name"])
    assert stored(agency) == (1, "Renamed")
    agency.save(update_fields=["name", "version"])
    assert stored(agency)[0] == 2


def test_a_targeted_write_is_not_checked_against_the_opened_version():
    agency = AgencyFactory(name="Not checked")
    Agency.objects.get(pk=agency.pk).save()
    agency.active = False
    agency.save(update_fields=["active"], expected_version=1)
    assert Agency.objects.get(pk=agency.pk).active is False


class AgencyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind"]


def data(agency, **changes):
    return {"name": agency.name, "kind": agency.kind, **changes}


def test_a_new_record_needs_no_opened_version():
    form = AgencyForm(data={"name": "Brand new", "kind": Agency.Kind.OTHER})
    assert form.fields["opened_version"].required is False
    assert form.is_valid(), form.errors
    assert form.save().version == 1


def test_an_edit_form_carries_the_version_it_was_opened_at_and_requires_it():
    agency = AgencyFactory(name="Edited")
    agency.save()
    form = AgencyForm(instance=agency)
    assert form.fields["opened_version"].initial == 2
    assert form.fields["opened_version"].required is True
    posted = AgencyForm(instance=agency, data=data(agency, name="No version"))
    assert not posted.is_valid()
    assert posted.errors["opened_version"] == [STALE_MESSAGE]
    assert stored(agency) == (2, "Edited")


def test_an_edit_opened_before_someone_elses_is_refused():
    agency = AgencyFactory(name="Contested")
    Agency.objects.get(pk=agency.pk).save()
    form = AgencyForm(instance=agency, data=data(agency, name="Mine", opened_version=1))
    assert not form.is_valid()
    assert form.non_field_errors() == [STALE_MESSAGE]


def test_a_current_edit_saves_and_hands_its_version_to_the_save():
    agency = AgencyFactory(name="Current")
    form = AgencyForm(instance=agency, data=data(agency, name="Saved", opened_version=1))
    assert form.is_valid(), form.errors
    assert form.instance._expected_version == 1
    form.save()
    assert stored(agency) == (2, "Saved")


def test_a_copy_made_with_an_existing_id_counts_on_from_the_stored_row():
    agency = AgencyFactory(name="Kept")
    agency.save()
    replacement = Agency(pk=agency.pk, name="Replaced", kind=agency.kind)
    replacement.save()
    assert stored(agency) == (3, "Replaced")


def test_a_new_record_ignores_a_posted_opened_version():
    form = AgencyForm(data={"name": "Fresh", "kind": Agency.Kind.OTHER, "opened_version": 5})
    assert form.is_valid(), form.errors
    assert "_expected_version" not in form.instance.__dict__
