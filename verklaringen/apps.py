from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerklaringenConfig(AppConfig):
    """Praktijkverklaring and mbo-verklaring: issuing, sealing, verification (issue #5).
    The app is registered now so its place in the layout is fixed; it has no models yet."""

    name = "verklaringen"
    verbose_name = _("Verklaringen")
