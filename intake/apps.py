from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake and advice")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy

        from .privacy import HANDLER

        registreer_privacy("intake", HANDLER)
