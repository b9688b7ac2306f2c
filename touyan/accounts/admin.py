from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.audit.models import Verb
from touyan.audit.services import MASK, record
from touyan.audit.sysadmin import AuditedAdminMixin
from touyan.core.actors import Actor

from .forms import AdminSignInForm
from .models import RoleGrant, User
from .services import home_code

admin.site.login_form = AdminSignInForm


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "scope_type", "scope_id", "sees_personal_data"]
    autocomplete_fields = []
    audit_verbs = (Verb.GRANT, Verb.REVOKE)

    # Nobody changes their own grants, a system administrator included.
    def has_add_permission(self, request, obj=None):
        return not _is_own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_own(request, obj) and super().has_delete_permission(request, obj)


def _is_own(request, user) -> bool:
    return user is not None and user.pk == request.user.pk


@admin.register(User)
class TouyanUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [*UserAdmin.fieldsets, (gettext_lazy("头雁"), {"fields": ["full_name"]})]

    def audit_scope_code(self, obj) -> str:
        return home_code(obj)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
            if user is not None and user.password != before:
                record(
                    actor=Actor.from_request(request),
                    verb=Verb.UPDATE,
                    target=user,
                    scope_code=self.audit_scope_code(user),
                    changes={"password": [MASK, MASK]},
                    note=_("系统后台"),
                )
            return response
