from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerklaringenConfig(AppConfig):
    """Praktijkverklaring and mbo-verklaring: preparing, signing, issuing, sealing, the public
    register and verification."""

    name = "verklaringen"
    verbose_name = _("Verklaringen")

    def ready(self) -> None:
        from trajecten import pages

        from . import selectors

        def traject_panel(*, traject: Any, user: Any) -> dict[str, Any]:
            return selectors.traject_context(traject, user)

        pages.traject_page.register("verklaringen", traject_panel)
