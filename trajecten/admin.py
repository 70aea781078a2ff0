"""Trajecten in the admin: to look things up only (issue 13); they are written through the
traject's pages and services."""

from django.contrib import admin

from pilots.tenancy import ReadOnlyAdminMixin
from praktijkleren.admin_site import admin_site

from .models import Traject


@admin.register(Traject, site=admin_site)
class TrajectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["deelnemer", "leerbedrijf", "status", "startdatum"]
    list_select_related = ["deelnemer", "leerbedrijf"]
