"""Public verification of an issued verklaring (read-only).

Anyone may check a verklaring by its verification code (typed or from the QR code) or by
uploading the PDF. What is shown is limited to what the document itself prints for verification:
genuine or not, register number, issuing institution, date, the holder's name as printed, the
werkprocessen and the status. Never the reason for revoking, the pilot or other personal data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import CODE_ALFABET, RegistratieStatus
from .models import Registratie

MAX_PDF_BYTES = 10 * 1024 * 1024
# Public lookups per visitor (counted behind the proxy, in the shared cache).
CODE_RATE = "30/m"
UPLOAD_RATE = "10/m"
TE_GROOT = gettext_lazy(
    "The file is larger than 10 MB. A verklaring PDF is much smaller: check the file."
)
# A PDF's header must appear within its first 1024 bytes (ISO 32000).
PDF_HEADER = b"%PDF-"

# Why an uploaded file is not a genuine verklaring (None when it is).
GEEN_PDF = "geen_pdf"
GEEN_ZEGEL = "geen_zegel"
ZEGEL_VERBROKEN = "zegel_verbroken"
NIET_VERTROUWD = "niet_vertrouwd"
NIET_IN_REGISTER = "niet_in_register"
REDENEN = (GEEN_PDF, GEEN_ZEGEL, ZEGEL_VERBROKEN, NIET_VERTROUWD, NIET_IN_REGISTER)


def normaliseer(code: str) -> str | None:
    """The code without spaces and dashes, upper-case; None if it cannot be a code."""
    schoon = "".join(code.split()).replace("-", "").upper()
    if not schoon or len(schoon) > 20 or any(c not in CODE_ALFABET for c in schoon):
        return None
    return schoon


def code_weergave(code: str) -> str:
    """The code in groups of four, as printed and shown everywhere (ABCD-EFGH-JKMN). Use the
    template filter `verificatiecode` (`{% load verklaring_tags %}`) in templates."""
    c = normaliseer(code or "") or (code or "")
    return "-".join(c[i : i + 4] for i in range(0, len(c), 4))


def zoek(code: str) -> Registratie | None:
    """The register entry with this verification code, or None (no query for a malformed code)."""
    schoon = normaliseer(code or "")
    if schoon is None:
        return None
    return (
        Registratie.objects.select_related("vervangen_door").filter(verificatiecode=schoon).first()
    )


@dataclass
class Uitkomst:
    """What the public may see of one register entry."""

    echt: bool
    nummer: str
    verificatiecode: str
    instelling: str
    uitgegeven_op: Any
    houder_naam: str
    werkprocessen: list[dict[str, Any]]
    status: str
    status_label: str
    ingetrokken_op: datetime | None
    vervangen_door_code: str | None
    geldig: bool = field(init=False)

    def __post_init__(self) -> None:
        self.geldig = self.echt and self.status == RegistratieStatus.GELDIG

    @property
    def code_weergave(self) -> str:
        """The code in groups of four, as printed (ABCD-EFGH-JKMN)."""
        return code_weergave(self.verificatiecode)


def gedrukt_werkproces(wp: Any) -> dict[str, Any]:
    """Only the printed fields of one werkproces (the JSON may carry more)."""
    wp = wp if isinstance(wp, dict) else {}
    kerntaak = wp.get("kerntaak") if isinstance(wp.get("kerntaak"), dict) else {}
    return {
        "code": str(wp.get("code") or ""),
        "naam": str(wp.get("naam") or ""),
        "kerntaak": {
            "code": str(kerntaak.get("code") or ""),
            "naam": str(kerntaak.get("naam") or ""),
        },
        "crebo": str(wp.get("crebo") or ""),
        "kwalificatie": str(wp.get("kwalificatie") or ""),
        "niveau": str(wp.get("niveau") or ""),
    }


def uitkomst(registratie: Registratie) -> Uitkomst:
    """The public view of a register entry (use `select_related("vervangen_door")`)."""
    vervanger = registratie.vervangen_door if registratie.vervangen_door_id else None
    ingetrokken = registratie.status == RegistratieStatus.INGETROKKEN
    return Uitkomst(
        echt=True,
        nummer=registratie.nummer,
        verificatiecode=registratie.verificatiecode,
        instelling=registratie.instelling_naam,
        uitgegeven_op=registratie.uitgegeven_op,
        houder_naam=registratie.houder_naam,
        werkprocessen=[gedrukt_werkproces(wp) for wp in (registratie.werkprocessen or [])],
        status=registratie.status,
        status_label=str(RegistratieStatus(registratie.status).label),
        ingetrokken_op=registratie.ingetrokken_op if ingetrokken else None,
        vervangen_door_code=vervanger.verificatiecode if vervanger else None,
    )


def toon_uitkomst(request: Any, registratie: Registratie) -> Any:
    """The public verification page of one register entry, as the code page shows it: also what
    a participant's shared link opens (portaal). Personal data: not for caches or robots."""
    from django.shortcuts import render

    response = render(
        request, "verklaringen/verificatie_uitkomst.html", {"uitkomst": uitkomst(registratie)}
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def melding(reden: str | None) -> str:
    """A sentence for the public explaining the outcome of a PDF check."""
    return {
        None: _("The seal is intact and the document matches the register."),
        GEEN_PDF: _("This file is not a PDF document."),
        GEEN_ZEGEL: _("This PDF has no digital seal. It is not an original verklaring."),
        ZEGEL_VERBROKEN: _(
            "The seal of this PDF is broken: the document was changed after it was issued."
        ),
        NIET_VERTROUWD: _("This PDF was not sealed by a recognised mbo-instelling."),
        NIET_IN_REGISTER: _("This PDF does not match any verklaring in the register."),
    }[reden]


def controleer_pdf(data: bytes) -> dict[str, Any]:
    """Check an uploaded PDF: its seal (PAdES) and that its SHA-256 is in the register.

    Returns a dict with `echt` (sealed, intact, trusted and registered), `reden` (None or one of
    REDENEN), `melding` (a sentence for the public), `sha256`, `registratie` (the register entry
    with this hash or None), `uitkomst` (its public view or None) and `ondertekenaar`.
    Raises ValidationError for a file over 10 MB or an empty one.
    """
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError(TE_GROOT, code="te_groot")
    if not data:
        raise ValidationError(_("The file is empty."), code="leeg")
    sha256 = hashlib.sha256(data).hexdigest()
    registratie = (
        Registratie.objects.select_related("vervangen_door")
        .filter(pdf_sha256=sha256)
        .exclude(pdf_sha256="")
        .first()
    )
    ondertekenaar = ""
    reden: str | None
    if PDF_HEADER not in data[:1024]:
        reden = GEEN_PDF
    else:
        # Imported lazily: the seal module pulls in pyHanko.
        from .zegel import controleer_zegel

        zegel = controleer_zegel(data)
        ondertekenaar = zegel.ondertekenaar or ""
        if not zegel.gezegeld:
            reden = GEEN_ZEGEL
        elif not zegel.intact:
            reden = ZEGEL_VERBROKEN
        elif not zegel.vertrouwd:
            reden = NIET_VERTROUWD
        elif registratie is None:
            reden = NIET_IN_REGISTER
        else:
            reden = None
    return {
        "echt": reden is None,
        "reden": reden,
        "melding": melding(reden),
        "sha256": sha256,
        "registratie": registratie,
        "uitkomst": uitkomst(registratie) if registratie is not None and reden is None else None,
        "ondertekenaar": ondertekenaar,
    }


def te_groot_verzoek(request: Any) -> bool:
    """True when the request body is clearly over the limit: refused before it is parsed, so a
    huge upload is not streamed to disk first."""
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return lengte > MAX_PDF_BYTES + 64 * 1024
