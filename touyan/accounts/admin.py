from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminSignInForm
from .models import RoleGrant, User

admin.site.login_form = AdminSignInForm


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "scope_type", "scope_id", "sees_personal_data"]
    autocomplete_fields = []


@admin.register(User)
class TouyanUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [*UserAdmin.fieldsets, (_("头雁"), {"fields": ["full_name"]})]
