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

__all__ = [
    "ADVIES_TERMIJN_DAGEN",
    "Deelnemer",
    "DeelnemerEvent",
    "DeelnemerUserObjectPermission",
    "DossierInzage",
    "Herinnering",
    "Toestemming",
]
