from django.db import models
from django.utils.translation import gettext_lazy as _

# A signing link is valid for 14 days; the e-mailed code for 15 minutes; 5 wrong codes block it.
LINK_GELDIG_DAGEN = 14
CODE_GELDIG_MINUTEN = 15
MAX_CODE_POGINGEN = 5
MAX_CODES_PER_LINK = 5
# A signature still pending after this many days gets one reminder.
HERINNERING_NA_DAGEN = 5


class PartijRol(models.TextChoices):
    MBO = "mbo", _("Mbo-instelling")
    DEELNEMER = "deelnemer", _("Participant")
    LEERBEDRIJF = "leerbedrijf", _("Leerbedrijf / employer")
    MOBILITEITSTEAM = "mobiliteitsteam", _("Regional mobility team (gemeente or UWV)")
    # Signs the praktijkverklaring (issue #5).
    PRAKTIJKOPLEIDER = "praktijkopleider", _("Praktijkopleider")


class GebeurtenisSoort(models.TextChoices):
    VERSTUURD = "verstuurd", _("Signing link sent")
    OPNIEUW_VERSTUURD = "opnieuw_verstuurd", _("Signing link sent again")
    HERINNERING = "herinnering", _("Reminder sent")
    GEOPEND = "geopend", _("Link opened")
    CODE_VERSTUURD = "code_verstuurd", _("Code sent")
    CODE_FOUT = "code_fout", _("Wrong code entered")
    CODE_GOED = "code_goed", _("Code confirmed")
    GEBLOKKEERD = "geblokkeerd", _("Blocked after too many wrong codes")
    GETEKEND = "getekend", _("Signed")
    VERVALLEN = "vervallen", _("Voided (the agreement was changed)")
