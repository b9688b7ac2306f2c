"""The Django admin (``/sysadmin/``) writes the audit trail like every service does.

``AuditedAdminSite`` is the project's admin site (``sysadmin_app.SysadminConfig`` makes it the
default), and every model admin registered on it — ours, Django's, third parties' — is given
``AuditedAdminMixin``: each add, change and delete, inline rows and bulk deletes included,
writes an entry with the field changes in the admin's own transaction. Secrets and personal
fields are written as ``***``.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.core.fields import EncryptedTextField

from .models import Verb
from .services import MASK, record

SECRET_NAME_PARTS = ("password", "secret", "digest", "hash", "key")


class AuditedAdminMixin:
    """Write an audit entry for every write the admin makes. A model admin may say where its
    objects belong (``audit_scope_code``); an inline may too, and may name the verbs its rows
    are written with (``audit_verbs = (Verb.GRANT, Verb.REVOKE)`` for role grants)."""

    def audit_scope_code(self, obj) -> str:
        return region_of(obj)

    def save_model(self, request, obj, form, change):
        before = _stored_copy(obj) if change else None
        super().save_model(request, obj, form, change)
        changes = form_changes(form, before, obj)
        if change and not changes:
            return
        record(
            actor=Actor.from_request(request),
            verb=Verb.UPDATE if change else Verb.CREATE,
            target=obj,
            scope_code=self.audit_scope_code(obj),
            changes=changes,
            note=_note(),
        )

    def save_formset(self, request, form, formset, change):
        inline = self._inline(request, formset.model)
        create_verb, delete_verb = getattr(inline, "audit_verbs", (Verb.CREATE, Verb.DELETE))
        scope_code = getattr(inline, "audit_scope_code", region_of)
        actor = Actor.from_request(request)
        pending = []
        for inline_form in formset.forms:
            obj = inline_form.instance
            if (
                obj.pk is not None
                and formset.can_delete
                and formset._should_delete_form(inline_form)
            ):
                record(
                    actor=actor,
                    verb=delete_verb,
                    target=obj,
                    scope_code=scope_code(obj),
                    changes=_deleted_changes(obj),
                    note=_note(),
                )
            elif inline_form.has_changed():
                before = _stored_copy(obj) if obj.pk is not None else None
                pending.append((inline_form, before))
        super().save_formset(request, form, formset, change)
        for inline_form, before in pending:
            obj = inline_form.instance
            changes = form_changes(inline_form, before, obj)
            if obj.pk is None or (before is not None and not changes):
                continue
            record(
                actor=actor,
                verb=Verb.UPDATE if before is not None else create_verb,
                target=obj,
                scope_code=scope_code(obj),
                changes=changes,
                note=_note(),
            )

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj):
        record(
            actor=Actor.from_request(request),
            verb=Verb.DELETE,
            target=obj,
            scope_code=self.audit_scope_code(obj),
            changes=_deleted_changes(obj),
            note=_note(),
        )

    def _inline(self, request, model):
        return next((i for i in self.get_inline_instances(request) if i.model is model), None)


class AuditedAdminSite(admin.AdminSite):
    """The back end is for system administrators only (staff status alone is not enough)."""

    site_url = "/"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        """Answers a throttled address as the site's own login does: 429 with Retry-After."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if wait := getattr(form, "retry_after", 0):
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


def region_of(obj) -> str:
    """The region an object belongs to, so that the authority of that area sees the entry."""
    value = getattr(obj, "region_id", None)
    return value if isinstance(value, str) else ""


def form_changes(form, before, after) -> dict[str, list]:
    """``{field: [old, new]}`` for what the form changed; ``before`` is the stored row (None
    when adding). Fields that are not model fields (``password1``) are kept as changed, masked."""
    changes = {}
    for name in form.changed_data:
        field = _model_field(after, name)
        if field is None:
            changes[name] = [None, MASK]
        elif _is_secret(field):
            changes[name] = [MASK if before is not None else None, MASK]
        elif field.many_to_many:
            new = [str(item) for item in form.cleaned_data.get(name) or []]
            old = (
                [str(item) for item in getattr(before, name).all()] if before is not None else None
            )
            if old != new:
                changes[name] = [old, new]
        else:
            old = _plain_value(before, field) if before is not None else None
            new = _plain_value(after, field)
            if old != new:
                changes[name] = [old, new]
    return changes


def _deleted_changes(obj) -> dict[str, list]:
    changes = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = MASK if _is_secret(field) else _plain_value(obj, field)
        if value not in (None, ""):
            changes[field.name] = [value, None]
    return changes


def _stored_copy(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _model_field(obj, name: str):
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_secret(field) -> bool:
    return isinstance(field, EncryptedTextField) or any(
        part in field.name for part in SECRET_NAME_PARTS
    )


def _plain_value(obj, field):
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    value = field.value_from_object(obj)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _note() -> str:
    return _("系统后台")
