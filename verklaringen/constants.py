from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Verification codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
CODE_ALFABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTE = 12


class PraktijkverklaringStatus(models.TextChoices):
    CONCEPT = "concept", _("Draft")
    TER_ONDERTEKENING = "ter_ondertekening", _("Out for signing by the praktijkopleider")
    ONDERTEKEND = "ondertekend", _("Signed by the praktijkopleider")
    VERVALLEN = "vervallen", _("Withdrawn")


class RegistratieStatus(models.TextChoices):
    GELDIG = "geldig", _("Valid")
    VERVANGEN = "vervangen", pgettext_lazy("verklaring", "Superseded")
    INGETROKKEN = "ingetrokken", _("Revoked")


class Herkomst(models.TextChoices):
    PRODUCT = "product", _("Issued in this application (sealed PDF)")
    EXTERN = "extern", _("Issued outside this application (imported, no PDF)")


class PdfStatus(models.TextChoices):
    WACHT = "wacht", _("Being rendered and sealed")
    KLAAR = "klaar", _("Ready")
    MISLUKT = "mislukt", _("Failed")
