from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerklaringenConfig(AppConfig):
    """Praktijkverklaring and mbo-verklaring: preparing, signing, issuing, sealing, the public
    register and verification."""

    name = "verklaringen"
    verbose_name = _("Verklaringen")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy
        from ondertekening.adapters import register
        from trajecten import pages

        from . import selectors
        from .models import Praktijkverklaring
        from .privacy import HANDLER
        from .services import PraktijkverklaringAdapter

        register(Praktijkverklaring, PraktijkverklaringAdapter())

        def traject_panel(*, traject: Any, user: Any) -> dict[str, Any]:
            return selectors.traject_context(traject, user)

        pages.traject_page.register("verklaringen", traject_panel)
        registreer_privacy("verklaringen", HANDLER)
