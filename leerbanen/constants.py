from django.db import models
from django.utils.translation import gettext_lazy as _


class LeerbaanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GESLOTEN = "gesloten", _("Closed")


class ZoekStatus(models.TextChoices):
    """Where the candidate's search stands. Codes are stable: the monitor counts them."""

    ZOEKEND = "zoekend", _("Looking for a leerbaan")
    GEVONDEN = "gevonden", _("Leerbaan found")
    GEPLAATST = "geplaatst", _("Placed (traject agreed)")
    GESTOPT = "gestopt", _("No longer looking")


class MatchStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Proposed")
    GEACCEPTEERD = "geaccepteerd", _("Accepted")
    AFGEWEZEN = "afgewezen", _("Declined")


# Matches that hold (or may come to hold) a place: a candidate is not proposed twice.
LOPENDE_MATCHES = [MatchStatus.VOORGESTELD, MatchStatus.GEACCEPTEERD]
