"""The admin for platform beheerders (and staff), scoped like every other view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import AuditEvent, User
from .roles import Cap


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Praktijkleren - beheer")
    site_title = _("Praktijkleren beheer")
    index_title = _("Platform administration")


admin_site = PlatformAdminSite(name="admin")


class BeheerderOnlyMixin:
    """For platform-wide models without a pilot (users, audit trail): beheerders only."""

    def _beheerder(self, request: HttpRequest) -> bool:
        return roles.has_national(request.user, Cap.EVERYTHING)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._beheerder(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._beheerder(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._beheerder(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._beheerder(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._beheerder(request)


@admin.register(User, site=admin_site)
class UserAdmin(BeheerderOnlyMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(BeheerderOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "pilot"]
    list_filter = ["action"]
    list_select_related = ["actor", "pilot"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
