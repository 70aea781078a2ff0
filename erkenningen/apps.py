from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErkenningenConfig(AppConfig):
    """The erkenning register: which leerbedrijf is recognised by SBB for which crebo, and which
    mbo-instelling may provide the derde leerweg for it (DUO)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "erkenningen"
    verbose_name = _("Erkenningen")
