from django.db import models
from django.utils.translation import gettext_lazy as _

# A signing link is valid for 14 days; the e-mailed code for 15 minutes; 5 wrong codes block it.
LINK_GELDIG_DAGEN = 14
CODE_GELDIG_MINUTEN = 15
MAX_CODE_POGINGEN = 5
MAX_CODES_PER_LINK = 5
# The PLOK (plaatsingsovereenkomst) runs at most 40 weeks (the funding schemes' maximum).
PLOK_MAX_WEKEN = 40


class OvereenkomstSoort(models.TextChoices):
    OOK = "ook", _("OOK (onderwijsovereenkomst)")
    POK = "pok", _("POK (praktijkovereenkomst)")
    PLOK = "plok", _("PLOK (plaatsingsovereenkomst praktijkleren)")


class VersieStatus(models.TextChoices):
    CONCEPT = "concept", _("Draft")
    TER_ONDERTEKENING = "ter_ondertekening", _("Sent for signing")
    ONDERTEKEND = "ondertekend", _("Signed by all parties")
    VERVALLEN = "vervallen", _("Superseded")


class PdfStatus(models.TextChoices):
    WACHT = "wacht", _("Being rendered")
    KLAAR = "klaar", _("Ready")
    MISLUKT = "mislukt", _("Failed")


class PartijRol(models.TextChoices):
    MBO = "mbo", _("Mbo-instelling")
    DEELNEMER = "deelnemer", _("Participant")
    LEERBEDRIJF = "leerbedrijf", _("Leerbedrijf / employer")
    MOBILITEITSTEAM = "mobiliteitsteam", _("Regional mobility team (gemeente or UWV)")
    # Signs the praktijkverklaring (issue #5).
    PRAKTIJKOPLEIDER = "praktijkopleider", _("Praktijkopleider")


# Which parties sign which agreement (DOMAIN.md, step 5).
PARTIJEN: dict[str, tuple[str, ...]] = {
    OvereenkomstSoort.OOK: (PartijRol.MBO, PartijRol.DEELNEMER),
    OvereenkomstSoort.POK: (PartijRol.MBO, PartijRol.LEERBEDRIJF, PartijRol.DEELNEMER),
    OvereenkomstSoort.PLOK: (PartijRol.MOBILITEITSTEAM, PartijRol.LEERBEDRIJF, PartijRol.DEELNEMER),
}


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
