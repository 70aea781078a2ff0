"""Signing's part of a participant's personal data (registered with deelnemers.privacy).

The inzage lists the signatures of the participant and their legal representative: how each was
given (online, in person, on paper) and, for a paper signature, the scan's file and SHA-256.
Anonymising clears the IP addresses and browsers recorded on the signatures of the participant's
trajecten (and their events), the name and e-mail address on the participant's and the
representative's own signatures, deletes every scan of a paper signature on those trajecten and
stops the links to the final documents; signatures still open are voided (their document is
erased with the dossier). A signed document's final PDF, with its audit page, is not touched: it
is the evidence of what was agreed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import ANONIEM, PrivacyHandler
from praktijkleren.files import verwijder_na_commit

from .constants import GebeurtenisSoort, PartijRol
from .models import OndertekenGebeurtenis, Ondertekening
from .services import log

# The participant's own signatures, and their legal representative's (a parent's name is part
# of the participant's dossier).
EIGEN = [PartijRol.DEELNEMER, PartijRol.VERTEGENWOORDIGER]


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    eigen = (
        Ondertekening.objects.filter(traject__deelnemer=deelnemer, rol__in=EIGEN)
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
                "rol": o.rol,
                "wijze": o.wijze,
                "vastgelegd_door": o.vastgelegd_door_naam,
                "id_document": o.id_document,
                "papier_datum": iso(o.papier_datum),
                "scan": o.scan.name,
                "scan_sha256": o.scan_sha256,
                "verklaring": o.verklaring,
            }
            for o in eigen
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    ondertekeningen = Ondertekening.objects.filter(traject__deelnemer=deelnemer)
    # Whatever is still out for signing is void: its document is erased with the dossier, so
    # its links now only say that they no longer work.
    open_ = ondertekeningen.filter(getekend_op__isnull=True, vervallen_op__isnull=True)
    for ondertekening in open_:
        log(ondertekening, GebeurtenisSoort.VERVALLEN)
    open_.update(vervallen_op=timezone.now())
    OndertekenGebeurtenis.objects.filter(ondertekening__in=ondertekeningen).update(
        ip_adres=None, user_agent=""
    )
    ondertekeningen.update(ip_adres=None, user_agent="", definitief_token_hash="")
    for o in ondertekeningen.exclude(scan=""):
        verwijder_na_commit(o.scan)
        o.save(update_fields=["scan"])
    eigen = ondertekeningen.filter(rol__in=EIGEN)
    eigen.update(naam=ANONIEM, email="")
    eigen.exclude(getekende_naam="").update(getekende_naam=ANONIEM)
    eigen.exclude(verklaring="").update(verklaring=ANONIEM)


# How the inzage letter shows this section (labels from the model's fields).
WEERGAVE = {
    "ondertekeningen": weergave(
        Ondertekening,
        [
            "document", "naam", "email", "verstuurd_op", "getekend_op", "getekende_naam",
            "ip_adres", "user_agent", "vervallen_op", "rol", "wijze", "id_document",
            "papier_datum", "scan", "verklaring",
        ],
        labels={"vastgelegd_door": _("recorded by"), "scan_sha256": _("SHA-256 of the scan")},
    ),
}  # fmt: skip

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
