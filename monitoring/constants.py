from django.db import models
from django.utils.translation import gettext_lazy as _

# A report not submitted within 14 days after its period gets a reminder (once).
INDIENTERMIJN_DAGEN = 14


class RapportStatus(models.TextChoices):
    CONCEPT = "concept", _("Draft")
    INGEDIEND = "ingediend", _("Submitted")
    HEROPEND = "heropend", _("Reopened by SBB")
