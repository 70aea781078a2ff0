"""Choices of trajecten, their werkprocessen, voortgang and uitstroom."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectStatus(models.TextChoices):
    GEPLAND = "gepland", _("Planned")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped early")


class TrajectRoute(models.TextChoices):
    """What the traject leads to; the OOK's text follows it."""

    PRAKTIJKVERKLARING = "praktijkverklaring", _("Praktijkverklaring (derde leerweg)")
    CERTIFICAAT = "certificaat", _("mbo-certificaat (derde leerweg)")
    DIPLOMA = "diploma", _("mbo-diploma in the derde leerweg")
    BBL = "bbl", _("bbl (beroepsbegeleidende leerweg)")


class LoonOfUitkering(models.TextChoices):
    """During a PLOK the participant earns a wage or keeps their benefit."""

    LOON = "loon", _("Wage: an employment contract with the employer")
    UITKERING = "uitkering", _("Keeps the benefit (no wage)")


class ExtraOndersteuning(models.TextChoices):
    TAAL_2F = "taal_2f", _("Language 2F")
    TAAL_3F = "taal_3f", _("Language 3F")
    WERKFIT = "werkfit", _("Work-fitness")
    KINDEROPVANG = "kinderopvang", _("Childcare")
    ANDERS = "anders", _("Other support")


class WerkprocesStatus(models.TextChoices):
    NIET_GESTART = "niet_gestart", _("Not started")
    BEZIG = "bezig", _("In progress")
    BEHEERST = "beheerst", _("Mastered")


class VoortgangSoort(models.TextChoices):
    """Kinds of dated entry in the begeleidingsinstrument."""

    OPDRACHT = "opdracht", _("Work assignment")
    STARR = "starr", _("STARR reflection (participant)")
    OBSERVATIE = "observatie", _("Observation (praktijkopleider)")


class KwaliteitsMomentSoort(models.TextChoices):
    START = "start", _("Start review")
    MIDDEN = "midden", _("Mid-term review")
    EIND = "eind", _("End review")


class KwaliteitsUitkomst(models.TextChoices):
    OP_KOERS = "op_koers", _("On track")
    AANDACHT = "aandacht", _("Needs attention")
    BIJSTUREN = "bijsturen", _("Adjust the route")


class UitstroomSoort(models.TextChoices):
    BLIJFT_LEERBEDRIJF = "blijft_leerbedrijf", _("Stays at the leerbedrijf")
    ANDERE_WERKGEVER = "andere_werkgever", _("Other employer")
    ONDERWIJS = "onderwijs", _("bbl or other education")
    NIEUW_TRAJECT = "nieuw_traject", _("New traject")
    UITKERING = "uitkering", _("Back to benefit")
    ONBEKEND = "onbekend", _("Unknown")
