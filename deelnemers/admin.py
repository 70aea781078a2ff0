"""Participants in the admin: to look things up only (issue 13). Personal data is written
through the participant's pages (services with an audit event) and leaves the platform only
through the privacy services (inzage, anonymising)."""

from django.contrib import admin

from deelnemers.models import Deelnemer
from pilots.tenancy import ReadOnlyAdminMixin
from praktijkleren.admin_site import admin_site


@admin.register(Deelnemer, site=admin_site)
class DeelnemerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["achternaam", "voornaam", "pilot", "status", "aangemeld_op"]
    list_filter = ["status", ("pilot", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["pilot"]
    search_fields = ["achternaam", "voornaam", "referentie"]
