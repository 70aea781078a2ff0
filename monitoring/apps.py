from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from pilots.pages import pilot_page

        from .selectors import pilot_kengetallen

        def kengetallen(*, pilot: Any, user: Any) -> dict[str, Any]:
            return {"kengetallen": pilot_kengetallen(pilot=pilot)}

        pilot_page.register("monitoring.kengetallen", kengetallen)
