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
    """The target groups of the pilots (a participant can belong to several; the monitor counts
    each group a participant belongs to). Codes are stable: exports and the monitor use them."""

    PARTICIPATIEWET = "participatiewet", _("Participatiewet (social assistance)")
    WW = "ww", _("WW (unemployment benefit)")
    NUG = "nug", _("NUG (jobseeker without benefit)")
    WAJONG_WIA = "wajong_wia", _("Wajong / WIA")
    NIEUWKOMER = "nieuwkomer", _("Newcomer / inburgeraar")
    DOELGROEPREGISTER = "doelgroepregister", _("Doelgroepregister (banenafspraak)")
    SW = "sw", _("Sociale werkvoorziening (sw)")
    ZONDER_STARTKWALIFICATIE = (
        "zonder_startkwalificatie",
        _("Employed without a startkwalificatie"),
    )
    JONGERE_16_17 = "jongere_16_17", _("Aged 16 or 17")


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
    TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", _("Consent withdrawn")
