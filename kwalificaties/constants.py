from django.db import models
from django.utils.translation import gettext_lazy as _


class Niveau(models.TextChoices):
    ENTREE = "Entree", _("Entree")
    NIVEAU_2 = "2", _("Niveau 2")
    NIVEAU_3 = "3", _("Niveau 3")
    NIVEAU_4 = "4", _("Niveau 4")
