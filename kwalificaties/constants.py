from django.db import models
from django.utils.translation import gettext_lazy as _


class Niveau(models.TextChoices):
    ENTREE = "Entree", _("Entree")
    NIVEAU_2 = "2", _("Niveau 2")
    NIVEAU_3 = "3", _("Niveau 3")
    NIVEAU_4 = "4", _("Niveau 4")


class Herkomst(models.TextChoices):
    """Where a kerntaak or werkproces comes from. Only "officieel" (SBB's published dossier)
    may reach a real document in production; "voorbeeld" is demo data, "import" was added by
    the Praktijkloket import because the reference data did not have it."""

    OFFICIEEL = "officieel", _("Official (SBB kwalificatiedossier)")
    VOORBEELD = "voorbeeld", _("Example data")
    IMPORT = "import", _("Added by an import")
