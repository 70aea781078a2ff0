from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OvereenkomstenConfig(AppConfig):
    """OOK, POK and PLOK: generation from a traject, validation, PDF versions and online
    signing."""

    name = "overeenkomsten"
    verbose_name = _("Agreements")
