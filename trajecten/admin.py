from django.contrib import admin

from pilots.tenancy import ScopedAdminMixin
from praktijkleren.admin_site import admin_site

from .models import Traject


@admin.register(Traject, site=admin_site)
class TrajectAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["deelnemer", "leerbedrijf", "status", "startdatum"]
    list_select_related = ["deelnemer", "leerbedrijf"]
    raw_id_fields = ["deelnemer", "leerbedrijf", "praktijkopleider"]
