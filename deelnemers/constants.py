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
