from django.db import models
from django.utils.translation import gettext_lazy as _


class ErkenningSoort(models.TextChoices):
    """Whose recognition: the leerbedrijf's (by SBB) or the mbo-instelling's to provide the
    crebo in the derde leerweg (by DUO)."""

    LEERBEDRIJF = "leerbedrijf", _("leerbedrijf (SBB)")
    DERDE_LEERWEG = "derde_leerweg", _("derde leerweg (DUO)")


class ErkenningStatus(models.TextChoices):
    ERKEND = "erkend", _("recognised")
    AANGEVRAAGD = "aangevraagd", _("applied for")
    INGETROKKEN = "ingetrokken", _("revoked")
    GEEN = "geen", _("not recognised")
