from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    DIPLOMA = "diploma", _("mbo-diploma (bbl)")
    CERTIFICAAT = "certificaat", _("mbo-certificaat")
    PRAKTIJKVERKLARING = "praktijkverklaring", _("Praktijkverklaring")
    ALTERNATIEF = "alternatief", _("Alternative route")


class AlternatiefSoort(models.TextChoices):
    """Which alternative is advised when praktijkleren is not (yet) the route. Codes are stable:
    the monitor counts them."""

    WERKFIT = "werkfit", _("Werkfit-traject")
    TAAL = "taal", _("Language lessons")
    ENTREE = "entree", _("Entree programme")
    ANDERS = "anders", _("Other alternative")


class Startkwalificatie(models.TextChoices):
    GEEN = "geen", _("No startkwalificatie")
    VEROUDERD = "verouderd", _("Outdated or unusable startkwalificatie (reason required)")
    AANWEZIG = "aanwezig", _("Has a usable startkwalificatie")


class DuoResultaat(models.TextChoices):
    GEEN_INSCHRIJVING = "geen_inschrijving", _("No current mbo enrolment")
    INGESCHREVEN = "ingeschreven", _("Currently enrolled in mbo")


class Schaal(models.IntegerChoices):
    ONVOLDOENDE = 1, _("1 - insufficient")
    MATIG = 2, _("2 - moderate")
    VOLDOENDE = 3, _("3 - sufficient")
    GOED = 4, _("4 - good")


SOFT_CRITERIA = ["leerbaarheid", "schoolbaarheid", "motivatie", "werkfit", "afstand_tot_werk"]
