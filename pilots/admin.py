"""Admin of pilots, organisations and memberships; and of the platform's users and audit trail,
which only beheerders see (the roles that decide this live here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pilots.tenancy import ScopedAdminMixin
from praktijkleren.admin_site import admin_site
from praktijkleren.models import AuditEvent, User

from . import roles
from .models import Membership, Organisatie, Partner, Pilot, Subregio
from .roles import Cap


class SubregioInline(admin.TabularInline):
    model = Subregio
    extra = 0


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Pilot, site=admin_site)
class PilotAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "naam", "soort", "tranche", "startdatum", "streefaantal"]
    list_filter = ["soort", "tranche"]
    search_fields = ["code", "naam"]
    inlines = [SubregioInline, PartnerInline]


@admin.register(Organisatie, site=admin_site)
class OrganisatieAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["naam", "soort", "plaats", "brin", "leerbedrijf_id"]
    list_filter = ["soort"]
    search_fields = ["naam", "plaats", "brin", "leerbedrijf_id"]


@admin.register(Membership, site=admin_site)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "pilot", "organisatie", "active"]
    list_filter = ["role", "active", ("pilot", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "pilot", "organisatie"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "organisatie"]


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
    list_display = ["at", "actor", "action", "object_type", "object_id", "pilot_id"]
    list_filter = ["action"]
    list_select_related = ["actor"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The audit trail is evidence: nobody deletes it, not even a beheerder.
        return False
