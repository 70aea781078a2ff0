"""Signing's part of a participant's personal data (registered with deelnemers.privacy).

The inzage lists the participant's own signatures. Anonymising clears the IP addresses and
browsers recorded on the signatures of the participant's trajecten (and their events), and the
participant's name and e-mail address on their own signatures. A signed document's final PDF,
with its audit page, is not touched: it is the evidence of what was agreed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deelnemers.models import Deelnemer
from deelnemers.privacy import ANONIEM, PrivacyHandler

from .constants import PartijRol
from .models import OndertekenGebeurtenis, Ondertekening


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    eigen = (
        Ondertekening.objects.filter(traject__deelnemer=deelnemer, rol=PartijRol.DEELNEMER)
        .prefetch_related("document")
        .order_by("pk")
    )
    return {
        "ondertekeningen": [
            {
                "document": str(o.document),
                "naam": o.naam,
                "email": o.email,
                "verstuurd_op": iso(o.verstuurd_op),
                "getekend_op": iso(o.getekend_op),
                "getekende_naam": o.getekende_naam,
                "ip_adres": o.ip_adres,
                "user_agent": o.user_agent,
                "vervallen_op": iso(o.vervallen_op),
            }
            for o in eigen
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    ondertekeningen = Ondertekening.objects.filter(traject__deelnemer=deelnemer)
    OndertekenGebeurtenis.objects.filter(ondertekening__in=ondertekeningen).update(
        ip_adres=None, user_agent=""
    )
    ondertekeningen.update(ip_adres=None, user_agent="")
    eigen = ondertekeningen.filter(rol=PartijRol.DEELNEMER)
    eigen.update(naam=ANONIEM, email="")
    eigen.exclude(getekende_naam="").update(getekende_naam=ANONIEM)


HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer)
