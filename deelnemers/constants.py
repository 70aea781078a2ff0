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
