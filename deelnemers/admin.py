from django.contrib import admin

from deelnemers.models import Deelnemer
from pilots.tenancy import ScopedAdminMixin
from praktijkleren.admin_site import admin_site


@admin.register(Deelnemer, site=admin_site)
class DeelnemerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["achternaam", "voornaam", "pilot", "status", "aangemeld_op"]
    list_filter = ["status", ("pilot", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["pilot"]
    search_fields = ["achternaam", "voornaam", "referentie"]
    raw_id_fields = ["verwijzer_organisatie", "mbo_instelling"]
