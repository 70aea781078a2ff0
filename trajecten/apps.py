from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = _("Trajecten")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy

        from .privacy import HANDLER

        registreer_privacy("trajecten", HANDLER)
