from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KwalificatiesConfig(AppConfig):
    name = "kwalificaties"
    verbose_name = _("Kwalificatiestructuur")
