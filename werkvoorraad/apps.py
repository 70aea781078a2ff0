from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkvoorraadConfig(AppConfig):
    """Top layer: start pages and work lists, composed from the selectors of every app."""

    name = "werkvoorraad"
    verbose_name = _("Werkvoorraad")
