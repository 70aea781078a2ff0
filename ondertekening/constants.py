from django.db import models
from django.utils.translation import gettext_lazy as _

# A signing link is valid for 14 days; the e-mailed code for 15 minutes; 5 wrong codes block it.
LINK_GELDIG_DAGEN = 14
CODE_GELDIG_MINUTEN = 15
MAX_CODE_POGINGEN = 5
MAX_CODES_PER_LINK = 5
# A signature still pending after this many days gets one reminder.
HERINNERING_NA_DAGEN = 5
# The link to the final signed PDF, e-mailed to every signer, works for 30 days.
DEFINITIEF_GELDIG_DAGEN = 30
# A scanned paper signature: PDF, JPEG or PNG (checked by its first bytes), at most 10 MB.
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_SOORTEN = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


class PartijRol(models.TextChoices):
    MBO = "mbo", _("Mbo-instelling")
    DEELNEMER = "deelnemer", _("Participant")
    LEERBEDRIJF = "leerbedrijf", _("Leerbedrijf / employer")
    MOBILITEITSTEAM = "mobiliteitsteam", _("Regional mobility team (gemeente or UWV)")
    # Signs the praktijkverklaring (issue #5).
    PRAKTIJKOPLEIDER = "praktijkopleider", _("Praktijkopleider")
    # Signs with a participant under 18 (issue 11); a different person from the participant,
    # even when they share one e-mail address.
    VERTEGENWOORDIGER = "vertegenwoordiger", _("Legal representative (parent or guardian)")


class Wijze(models.TextChoices):
    """How a signature was given."""

    ONLINE = "online", _("Online (personal link and e-mailed code)")
    TER_PLEKKE = "ter_plekke", _("In person, on the mbo's device")
    PAPIER = "papier", _("On paper (scan uploaded by the mbo)")


class IdDocument(models.TextChoices):
    """The identity document the mbo checked when a signer signed in person."""

    PASPOORT = "paspoort", _("Passport")
    IDENTITEITSKAART = "identiteitskaart", _("Identity card")
    RIJBEWIJS = "rijbewijs", _("Driving licence")
    VERBLIJFSDOCUMENT = "verblijfsdocument", _("Residence document")


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
    TER_PLEKKE = "ter_plekke", _("Signed in person (recorded by the mbo)")
    PAPIER = "papier", _("Paper signature uploaded by the mbo")
    DEFINITIEF_VERSTUURD = "definitief_verstuurd", _("Link to the signed document sent")
