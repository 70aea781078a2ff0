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

        # The export is kept in the cache (cijfers.py): any change to what it counts makes it
        # again. These are the records the export and its tables read.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from deelnemers.models import Deelnemer
        from intake.models import Advies, Intake
        from kwalificaties.models import Kwalificatie, Werkproces
        from leerbanen.models import Leerbaan, Match, Zoekvraag
        from pilots.models import Organisatie, Partner, Pilot
        from trajecten.models import Nameting, Traject, TrajectWerkproces, Uitstroom
        from verklaringen.models import Registratie

        from .cijfers import vernieuw

        for model in (
            Deelnemer, Intake, Advies, Traject, TrajectWerkproces, Uitstroom, Nameting, Registratie,
            Pilot, Partner, Organisatie, Kwalificatie, Werkproces, Leerbaan, Zoekvraag, Match,
        ):  # fmt: skip
            post_save.connect(vernieuw, sender=model, dispatch_uid=f"cijfers-{model.__name__}")
            post_delete.connect(vernieuw, sender=model, dispatch_uid=f"cijfers-{model.__name__}-d")
        # The sectors of a leerbaan are its kwalificaties (a many-to-many of its own).
        m2m_changed.connect(
            vernieuw, sender=Leerbaan.kwalificaties.through, dispatch_uid="cijfers-leerbaan-kwal"
        )
