"""The register in the admin: to look things up only. Recording and confirming go through the
register's pages (services with their checks, audit events and the signal), so the admin adds,
changes and deletes nothing."""

from django.contrib import admin

from pilots.tenancy import ReadOnlyAdminMixin
from praktijkleren.admin_site import admin_site

from .models import Erkenning


@admin.register(Erkenning, site=admin_site)
class ErkenningAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisatie",
        "kwalificatie",
        "soort",
        "status",
        "sinds",
        "gecontroleerd_op",
        "bevestigd_op",
    ]
    list_filter = ["soort", "status"]
    list_select_related = ["organisatie", "kwalificatie"]
    search_fields = ["organisatie__naam", "organisatie__leerbedrijf_id", "kwalificatie__crebo"]
