from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraktijklerenConfig(AppConfig):
    name = "praktijkleren"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import tokens

        # A changed password revokes the user's API tokens.
        tokens.connect_signals()
