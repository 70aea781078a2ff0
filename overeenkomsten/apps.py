from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OvereenkomstenConfig(AppConfig):
    """OOK, POK and PLOK: generation from a traject, validation, PDF versions and online
    signing."""

    name = "overeenkomsten"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from trajecten import pages

        from . import selectors

        def traject_panel(*, traject: Any, user: Any) -> dict[str, Any]:
            return selectors.traject_context(traject, user)

        pages.traject_page.register("overeenkomsten", traject_panel)

        def ook_en_pok(*, traject: Any) -> list[str]:
            return selectors.ook_en_pok_ondertekend(traject)

        pages.registreer_startvoorwaarde("overeenkomsten.ook_pok", ook_en_pok)
