from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortaalConfig(AppConfig):
    """Top layer: the participant's own portal (issue 17): their dossier in plain Dutch, their
    agreements and verklaringen, their data and consent, and links to share a verklaring."""

    name = "portaal"
    verbose_name = _("Participant portal")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy

        from .privacy import HANDLER

        registreer_privacy("portaal", HANDLER)
