from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self) -> None:
        # The kernel asks the access rules through its port (praktijkleren/access.py).
        from praktijkleren import access

        from . import roles, sessies

        access.register(roles)
        # Stamps the login time in the session (pilots/sessies.py, the absolute timeout).
        sessies.connect()
