"""Models of the trajecten app, split by responsibility and re-exported here."""

from .traject import (
    Leerlijn,
    Traject,
    TrajectUserObjectPermission,
    TrajectWerkproces,
)
from .uitstroom import Nameting, Uitstroom
from .voortgang import KwaliteitsMoment, VoortgangEntry

__all__ = [
    "KwaliteitsMoment",
    "Leerlijn",
    "Nameting",
    "Traject",
    "TrajectUserObjectPermission",
    "TrajectWerkproces",
    "Uitstroom",
    "VoortgangEntry",
]
