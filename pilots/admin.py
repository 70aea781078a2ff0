from django.contrib import admin

from praktijkleren.admin_site import admin_site
from praktijkleren.tenancy import ScopedAdminMixin

from .models import Membership, Organisatie, Partner, Pilot, Subregio


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
