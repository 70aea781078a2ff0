"""The admin for platform beheerders (and staff), scoped like every other view."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Praktijkleren - beheer")
    site_title = _("Praktijkleren beheer")
    index_title = _("Platform administration")


admin_site = PlatformAdminSite(name="admin")
