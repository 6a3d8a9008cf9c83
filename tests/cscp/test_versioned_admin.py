"""A stale admin save is refused (VersionedAdminMixin), shown on a Versioned model's admin."""

import pytest
from django.apps import apps
from django.contrib import admin

from cscp.concurrency import STALE_MESSAGE, Versioned, VersionedAdminMixin

pytestmark = pytest.mark.django_db


def versioned_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Versioned) and isinstance(model_admin, VersionedAdminMixin)
    ]


def test_every_versioned_model_admin_refuses_stale_saves():
    missing = [
        model.__name__
        for model in apps.get_models()
        if issubclass(model, Versioned)
        and model in admin.site._registry
        and not isinstance(admin.site._registry[model], VersionedAdminMixin)
    ]
    assert missing == []


def test_a_stale_form_is_refused_and_a_fresh_one_saves(rf, support_user):
    if not versioned_admins():
        pytest.skip("no Versioned model is registered in the admin yet")
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for model, model_admin in versioned_admins():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        request = rf.get("/")
        request.user = support_user
        form_class = model_admin.get_form(request, obj, change=True)
        assert "opened_version" in form_class.base_fields
        opened = obj.version
        model._default_manager.filter(pk=obj.pk).update(version=opened + 1)
        form = form_class(instance=obj, data={"opened_version": opened})
        form.is_valid()
        assert STALE_MESSAGE in form.non_field_errors(), model.__name__
        return
    pytest.fail("no demo record of a Versioned model to edit")


def test_the_version_field_is_in_the_form_for_editors_only(rf, support_user, scrutineer_user):
    if not versioned_admins():
        pytest.skip("no Versioned model is registered in the admin yet")
    from django.contrib.admin.utils import flatten_fieldsets
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for model, model_admin in versioned_admins():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        for user, expected in ((support_user, True), (scrutineer_user, False)):
            request = rf.get("/")
            request.user = user
            # Business support edit most records, but not every account (decision 0004): the
            # field is there exactly when this user may change this record.
            expected = expected and model_admin.has_change_permission(request, obj)
            fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
            assert ("opened_version" in fields) is expected, (model.__name__, user.username)


def test_the_version_field_is_in_each_inline_row_for_editors_only_and_once(
    rf, support_user, scrutineer_user
):
    """Each inline row carries its opened version, once, where the user may change the rows;
    a read-only viewer's rows show no such field."""
    from django.contrib.admin.utils import flatten_fieldsets

    from cscp.concurrency import VersionedInlineMixin

    inlines = [
        (model_admin, inline_class)
        for model_admin in admin.site._registry.values()
        for inline_class in model_admin.inlines
        if issubclass(inline_class, VersionedInlineMixin)
    ]
    assert inlines
    for model_admin, inline_class in inlines:
        inline = inline_class(model_admin.model, admin.site)
        for user, may_edit in ((support_user, True), (scrutineer_user, False)):
            request = rf.get("/")
            request.user = user
            expected = 1 if may_edit and inline.has_change_permission(request, None) else 0
            fields = flatten_fieldsets(inline.get_fieldsets(request, None))
            assert fields.count("opened_version") == expected, (
                inline_class.__name__,
                user.username,
            )
