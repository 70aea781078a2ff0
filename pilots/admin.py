"""Admin of pilots, organisations and memberships; and of the platform's users and audit trail,
which only beheerders see (the roles that decide this live here).

The admin destroys nothing (issue 13). Pilots and organisations are added and changed through
`pilots.services` (with their checks and an audit event); memberships, partners and subregio's
through the pilot's pages; the audit trail is view-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pilots.tenancy import ReadOnlyAdminMixin, ReadOnlyInlineMixin, ScopedAdminMixin
from praktijkleren.admin_site import admin_site
from praktijkleren.models import AuditEvent, User

from . import roles, services
from .models import Membership, Organisatie, Partner, Pilot, Subregio
from .roles import Cap


class SubregioInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Subregio
    extra = 0


class PartnerInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Partner
    extra = 0


class _DryRun(Exception):
    """Rolls back the trial run of a service while the admin form is validated."""


class ServiceSavedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Adds and changes through the app's service, so the admin writes with the same checks and
    the same audit event as the pages. The service also runs (rolled back) while the form is
    validated, so its refusals are form errors, not a server error."""

    def save_through_service(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> models.Model:
        raise NotImplementedError

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(base):  # type: ignore[valid-type, misc]
            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.save_through_service(request, self.instance, self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    self._update_errors(exc)

        return ServiceForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = self.save_through_service(request, obj, form, change)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # No many-to-many fields, and the inlines are read-only: nothing else to save.
        return None

    @staticmethod
    def _changed(form: Any, names: list[str]) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


@admin.register(Pilot, site=admin_site)
class PilotAdmin(ServiceSavedAdmin):
    list_display = ["code", "naam", "soort", "tranche", "startdatum", "streefaantal"]
    list_filter = ["soort", "tranche"]
    search_fields = ["code", "naam"]
    inlines = [SubregioInline, PartnerInline]
    fields = ["code", *services.PILOT_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code is the key other systems use: it is set once.
        return ["code"] if obj is not None else []

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # Partners and subregio's are added on the pilot's page, once the pilot exists.
        return self.inlines if obj is not None else []

    def save_through_service(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> models.Model:
        data = self._changed(form, services.PILOT_FIELDS)
        if change:
            pilot = Pilot.objects.get(pk=obj.pk)
            return services.wijzig_pilot(actor=request.user, pilot=pilot, data=data)  # type: ignore[arg-type]
        return services.maak_pilot(actor=request.user, code=form.cleaned_data["code"], **data)  # type: ignore[arg-type]


@admin.register(Organisatie, site=admin_site)
class OrganisatieAdmin(ServiceSavedAdmin):
    list_display = ["naam", "soort", "plaats", "brin", "leerbedrijf_id"]
    list_filter = ["soort"]
    search_fields = ["naam", "plaats", "brin", "leerbedrijf_id"]
    fields = tuple(services.ORGANISATIE_FIELDS)

    def save_through_service(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> models.Model:
        data = self._changed(form, services.ORGANISATIE_FIELDS)
        if change:
            organisatie = Organisatie.objects.get(pk=obj.pk)
            return services.wijzig_organisatie(
                actor=request.user,  # type: ignore[arg-type]
                organisatie=organisatie,
                data=data,
            )
        return services.maak_organisatie(actor=request.user, data=data)  # type: ignore[arg-type]


@admin.register(Membership, site=admin_site)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Members join and leave on the pilot's pages (`voeg_lid_toe`, `beeindig_lidmaatschap`)."""

    list_display = ["user", "role", "pilot", "organisatie", "active"]
    list_filter = ["role", "active", ("pilot", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "pilot", "organisatie"]
    search_fields = ["user__email", "user__last_name"]


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
        # A user is deactivated, never deleted: the audit trail names them (PROTECT).
        return False


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
    """View-only; the database refuses changes too (praktijkleren/migrations/0002)."""

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
