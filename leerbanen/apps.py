from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeerbanenConfig(AppConfig):
    """Process layer: leerbanen recorded for leerbedrijven, candidates looking for one, the
    ranked matching list and matches that become a traject (issue 17)."""

    name = "leerbanen"
    verbose_name = _("Leerbanen")

    def ready(self) -> None:
        from deelnemers.privacy import registreer_privacy

        from .privacy import HANDLER

        registreer_privacy("leerbanen", HANDLER)

        # A matching list (its order and its rendered rows) is kept in the cache
        # (matching.Gerangschikt): every record a ranking or its rows read makes a new version
        # when it changes.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from erkenningen.models import Erkenning
        from kwalificaties.models import Kwalificatie
        from pilots.models import Organisatie, Pilot, Subregio

        from .matching import vernieuw
        from .models import Leerbaan, Match, PostcodeCentroid, Zoekvraag

        for model in (
            Leerbaan, Match, Zoekvraag, PostcodeCentroid, Erkenning, Kwalificatie, Pilot,
            Subregio, Organisatie,
        ):  # fmt: skip
            naam = model.__name__
            post_save.connect(vernieuw, sender=model, dispatch_uid=f"matching-{naam}")
            post_delete.connect(vernieuw, sender=model, dispatch_uid=f"matching-{naam}-d")
        for veld in (
            Leerbaan.kwalificaties, Leerbaan.werkprocessen,
            Zoekvraag.kwalificaties, Zoekvraag.werkprocessen,
        ):  # fmt: skip
            m2m_changed.connect(
                vernieuw, sender=veld.through, dispatch_uid=f"matching-{veld.through.__name__}"
            )
