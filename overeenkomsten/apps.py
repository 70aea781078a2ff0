from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OvereenkomstenConfig(AppConfig):
    """OOK, POK and PLOK: generation from a traject, validation, PDF versions; signed online
    through the `ondertekening` app (this app registers its adapter)."""

    name = "overeenkomsten"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy
        from ondertekening.adapters import register
        from trajecten import pages

        from . import selectors
        from .models import OvereenkomstVersie
        from .privacy import HANDLER
        from .services import VersieAdapter

        register(OvereenkomstVersie, VersieAdapter())
        from erkenningen.signals import erkenning_gewijzigd

        from .erkenning import bij_wijziging

        erkenning_gewijzigd.connect(bij_wijziging, dispatch_uid="overeenkomsten.erkenning")

        def traject_panel(*, traject: Any, user: Any) -> dict[str, Any]:
            return selectors.traject_context(traject, user)

        pages.traject_page.register("overeenkomsten", traject_panel)

        def ook_en_pok(*, traject: Any) -> list[str]:
            return selectors.ook_en_pok_ondertekend(traject)

        pages.registreer_startvoorwaarde("overeenkomsten.ook_pok", ook_en_pok)
        registreer_privacy("overeenkomsten", HANDLER)
