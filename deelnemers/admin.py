from django.contrib import admin

from praktijkleren.admin_site import admin_site
from praktijkleren.tenancy import ScopedAdminMixin

from .models import Deelnemer, Traject


@admin.register(Deelnemer, site=admin_site)
class DeelnemerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["achternaam", "voornaam", "pilot", "status", "aangemeld_op"]
    list_filter = ["status", ("pilot", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["pilot"]
    search_fields = ["achternaam", "voornaam", "referentie"]
    raw_id_fields = ["verwijzer_organisatie", "mbo_instelling"]


@admin.register(Traject, site=admin_site)
class TrajectAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["deelnemer", "leerbedrijf", "status", "startdatum"]
    list_select_related = ["deelnemer", "leerbedrijf"]
    raw_id_fields = ["deelnemer", "leerbedrijf", "praktijkopleider"]
