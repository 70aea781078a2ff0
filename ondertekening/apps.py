from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OndertekeningConfig(AppConfig):
    """One online signing flow for any document (agreement versions, praktijkverklaringen): the
    apps that own the documents register an adapter (`adapters.py`)."""

    name = "ondertekening"
    verbose_name = _("Signing")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy

        from .privacy import HANDLER

        registreer_privacy("ondertekening", HANDLER)
