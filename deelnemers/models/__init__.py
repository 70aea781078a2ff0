"""Models of the deelnemers app, split by responsibility and re-exported here."""

from .deelnemer import (
    ADVIES_TERMIJN_DAGEN,
    Deelnemer,
    DeelnemerEvent,
    DeelnemerUserObjectPermission,
    DossierInzage,
    Herinnering,
    Toestemming,
)
from .traject import (
    Erkenning,
    Leerlijn,
    Traject,
    TrajectUserObjectPermission,
    TrajectWerkproces,
)
from .uitstroom import Nameting, Uitstroom
from .voortgang import KwaliteitsMoment, VoortgangEntry

__all__ = [
    "ADVIES_TERMIJN_DAGEN",
    "Deelnemer",
    "DeelnemerEvent",
    "DeelnemerUserObjectPermission",
    "DossierInzage",
    "Erkenning",
    "Herinnering",
    "KwaliteitsMoment",
    "Leerlijn",
    "Nameting",
    "Toestemming",
    "Traject",
    "TrajectUserObjectPermission",
    "TrajectWerkproces",
    "Uitstroom",
    "VoortgangEntry",
]
