from django.db import models
from django.utils.translation import gettext_lazy as _


class DeelnemerStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Referred")
    INTAKE_GEPLAND = "intake_gepland", _("Intake planned")
    ADVIES_GEGEVEN = "advies_gegeven", _("Advice given")
    IN_TRAJECT = "in_traject", _("In a traject")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped early")
    NIET_GESTART = "niet_gestart", _("Did not start")


class Geslacht(models.TextChoices):
    MAN = "M", _("Male")
    VROUW = "V", _("Female")
    X = "X", _("X / not stated")


class TrajectStatus(models.TextChoices):
    GEPLAND = "gepland", _("Planned")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped early")


class Situatie(models.TextChoices):
    WERKZOEKEND = "werkzoekend", _("Jobseeker")
    WERKEND = "werkend", _("Employed")


class Uitkering(models.TextChoices):
    GEEN = "geen", _("No benefit")
    BIJSTAND = "bijstand", _("Social assistance (Participatiewet)")
    WW = "ww", _("Unemployment benefit (WW)")
    WAJONG = "wajong", _("Wajong")
    WIA = "wia", _("WIA / WAO")
    ANDERS = "anders", _("Other benefit")


class Doelgroep(models.TextChoices):
    GEEN = "geen", _("None of these")
    STATUSHOUDER = "statushouder", _("Statushouder")
    VSO_PRO = "vso_pro", _("Former vso/pro pupil")
    VSV = "vsv", _("Early school leaver (vsv)")
    GEDETINEERDE = "gedetineerde", _("(Ex-)detainee")
    ANDERS = "anders", _("Other target group")


class ToestemmingDoel(models.TextChoices):
    DELEN_PARTNERS = "delen_partners", _("Share data with the pilot partners")
    CONTACT = "contact", _("Contact about the route")
    MONITORING = "monitoring", _("Anonymous use in monitoring figures")


class EventSoort(models.TextChoices):
    AANGEMELD = "aangemeld", _("Referred")
    INTAKE_GEPLAND = "intake_gepland", _("Intake planned")
    INTAKE_VASTGELEGD = "intake_vastgelegd", _("Intake recorded")
    ADVIES = "advies", _("Advice given")
    STATUS = "status", _("Status changed")
    HERINNERING = "herinnering", _("Reminder sent")
    GEGEVENS = "gegevens", _("Personal data changed")
    GEANONIMISEERD = "geanonimiseerd", _("Anonymised")
    TRAJECT = "traject", _("Traject agreed")


class TrajectRoute(models.TextChoices):
    PRAKTIJKVERKLARING = "praktijkverklaring", _("Praktijkverklaring")
    CERTIFICAAT = "certificaat", _("mbo-certificaat")
    DIPLOMA = "diploma", _("mbo-diploma (bbl)")


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
