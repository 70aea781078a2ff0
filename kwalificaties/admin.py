"""Reference data in the admin: to look things up only (issue 13). Kwalificaties, kerntaken and
werkprocessen change through the import of the official lists (services with an audit event)."""

from django.contrib import admin

from pilots.tenancy import ReadOnlyAdminMixin, ReadOnlyInlineMixin
from praktijkleren.admin_site import admin_site

from .models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces


class KerntaakInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Kerntaak
    extra = 0


@admin.register(Kwalificatie, site=admin_site)
class KwalificatieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["crebo", "naam", "niveau", "domein", "dossier"]
    list_filter = ["niveau", "domein"]
    search_fields = ["crebo", "naam"]
    inlines = [KerntaakInline]


@admin.register(Werkproces, site=admin_site)
class WerkprocesAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "naam", "kwalificatie"]
    list_select_related = ["kwalificatie"]
    search_fields = ["code", "naam", "kwalificatie__crebo"]


@admin.register(Kwalificatiedossier, site=admin_site)
class KwalificatiedossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    search_fields = ["naam"]
