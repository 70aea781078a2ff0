from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerklaringenConfig(AppConfig):
    """Praktijkverklaring and mbo-verklaring: preparing, signing, issuing, sealing, the public
    register and verification."""

    name = "verklaringen"
    verbose_name = _("Verklaringen")
