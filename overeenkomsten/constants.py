from django.db import models
from django.utils.translation import gettext_lazy as _

# The parties are the signing flow's (a praktijkopleider signs a praktijkverklaring with it too);
# named here as well because the API schema names the enum by this path (settings).
from ondertekening.constants import PartijRol

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


# Which parties sign which agreement (DOMAIN.md, step 5).
PARTIJEN: dict[str, tuple[str, ...]] = {
    OvereenkomstSoort.OOK: (PartijRol.MBO, PartijRol.DEELNEMER),
    OvereenkomstSoort.POK: (PartijRol.MBO, PartijRol.LEERBEDRIJF, PartijRol.DEELNEMER),
    OvereenkomstSoort.PLOK: (PartijRol.MOBILITEITSTEAM, PartijRol.LEERBEDRIJF, PartijRol.DEELNEMER),
}
