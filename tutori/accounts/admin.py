"""Django admin for people (platform administrators only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from tutori.accounts.forms import AdminLoginForm
from tutori.accounts.models import User

# The admin's login takes the address in its one form and obeys the client throttle, as
# Tutori's own login does: otherwise it would be a second, unthrottled way to guess passwords.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["display_name", "email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Tiedot"), {"fields": ("display_name", "phone", "preferred_language")}),
        (_("Oikeudet"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Ajat"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name")}),)
    filter_horizontal = ()
