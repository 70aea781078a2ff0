"""The admin for platform beheerders (and staff), scoped like every other view.

The admin destroys nothing (issue 13): no model has the bulk delete action, the ModelAdmins
refuse deletes (`pilots.tenancy.ScopedAdminMixin`), and personal data, documents, the register
and the audit trail are view-only (`ReadOnlyAdminMixin`)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Praktijkleren - beheer")
    site_title = _("Praktijkleren beheer")
    index_title = _("Platform administration")


admin_site = PlatformAdminSite(name="admin")
# Bulk deletion would skip the services, their checks and the audit trail.
admin_site.disable_action("delete_selected")
