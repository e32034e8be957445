"""Django admin's site, with every add, change and delete written to the audit chain.

Admins change policy and authority in Django admin: departments and their heads, posts, roles and groups, chain
rules, systems, schedules and rules, templates, calendar days, periodic tasks. Each ModelAdmin registered on this
site (the project's and third-party apps' alike) gets AuditedAdminMixin, so no admin can be added that is not
audited. The entries go through audit.services.audit_record, inside the admin's own transaction, with the values
before and after (secrets shown only as a fingerprint).
"""

import functools
import hashlib
import re

from django.contrib import admin
from django.db import transaction
from django.db.models.fields.files import FieldFile

from .services import audit_record

# Values never copied into the log: a fingerprint shows that they changed.
SECRET_FIELD = re.compile(r"password|secret|token|key|webhook", re.IGNORECASE)
SECRET_FIELDS_BY_MODEL = {"mfa.authenticator": {"data"}}


def _secret(model, name):
    return bool(SECRET_FIELD.search(name)) or name in SECRET_FIELDS_BY_MODEL.get(model._meta.label_lower, ())


def _value(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj):
    """The object's stored values: fields by name (foreign keys as ids), many-to-many as sorted ids."""
    model = type(obj)
    data = {}
    for field in model._meta.concrete_fields:
        value = _value(field.value_from_object(obj))
        if _secret(model, field.name) and value not in (None, ""):
            value = "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:12]
        data[field.name] = value
    if obj.pk is not None:
        for field in model._meta.many_to_many:
            data[field.name] = sorted(related.pk for related in field.value_from_object(obj))
    return data


def stored(obj):
    """A fresh copy of obj from the database, or None when it is new."""
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def changes(before, after):
    """Only the fields that differ: (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


class AuditedAdminMixin:
    """Writes admin.add / admin.change / admin.delete entries for the object and its inline rows."""

    def save_model(self, request, obj, form, change):
        original = stored(obj) if change else None
        form._audit_before = snapshot(original) if original is not None else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # many-to-many and inline rows are saved here
        obj = form.instance
        request._audited_objects = {*getattr(request, "_audited_objects", set()), (obj._meta.label_lower, obj.pk)}
        before, after = changes(getattr(form, "_audit_before", {}), snapshot(stored(obj)))  # as stored
        if after or not change:
            audit_record(actor=request.user, action="admin.change" if change else "admin.add", obj=obj,
                         before=before, after=after)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        stored_rows = {row.pk: snapshot(row) for row in model._base_manager.filter(
            pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk is not None])}
        for deleted in formset.deleted_forms:
            if deleted.instance.pk in stored_rows:
                audit_record(actor=request.user, action="admin.delete", obj=deleted.instance,
                             before=stored_rows[deleted.instance.pk])
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects:
            audit_record(actor=request.user, action="admin.add", obj=row, after=snapshot(stored(row)))
        for row, _fields in formset.changed_objects:
            before, after = changes(stored_rows.get(row.pk, {}), snapshot(stored(row)))
            if after:
                audit_record(actor=request.user, action="admin.change", obj=row, before=before, after=after)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", obj=obj, before=snapshot(obj))
        super().delete_queryset(request, queryset)

    def get_actions(self, request):
        """Bulk actions (enable or disable periodic tasks, …) change rows with queryset.update(), past save_model:
        each action runs in a transaction that records the rows it changed."""
        return {name: (_audited_action(func, name), name, description)
                for name, (func, _name, description) in super().get_actions(request).items()}

    def log_change(self, request, obj, message):
        """Changes made by admin views other than the change form (a user's password form) are recorded too."""
        if (obj._meta.label_lower, obj.pk) not in getattr(request, "_audited_objects", set()):
            fields = [name for part in message if isinstance(part, dict) for name in part.get("changed", {}).get(
                "fields", [])] if isinstance(message, list) else []
            audit_record(actor=request.user, action="admin.change", obj=obj, after={"changed": fields or str(message)})
        return super().log_change(request, obj, message)


def _audited_action(func, name):
    @functools.wraps(func)
    def action(modeladmin, request, queryset):
        with transaction.atomic():
            before = {row.pk: snapshot(row) for row in queryset}
            result = func(modeladmin, request, queryset)
            for row in modeladmin.model._base_manager.filter(pk__in=before):
                old, new = changes(before[row.pk], snapshot(row))
                if new:
                    audit_record(actor=request.user, action=f"admin.action.{name}", obj=row, before=old, after=new)
        return result

    return action


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        super().register(model_or_iterable, admin_class, **options)
