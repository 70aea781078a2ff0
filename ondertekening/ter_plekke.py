"""Signing without the online link: in person on the mbo-medewerker's device, or a scanned paper
signature uploaded by the mbo. For a party without an e-mail address (who gets no link), and for
anyone who came to the office. Recorded like an online signature (each signature its own row,
SHA-256, event and audit event), with how it was signed and who recorded it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from praktijkleren.models import User
from praktijkleren.validators import datum_fout

from .constants import MAX_SCAN_BYTES, SCAN_SOORTEN, GebeurtenisSoort, IdDocument, Wijze
from .kern import blokkades, controleer_tekenen, is_open, leg_vast, persoon, stuk, vergrendel
from .models import Ondertekening

__all__ = ["open_van_persoon", "registreer_papier", "teken_ter_plekke", "verklaring_tekst"]


def open_van_persoon(ondertekening: Ondertekening, *, lock: bool = False) -> list[Ondertekening]:
    """Every open signature of the same person (same e-mail address, case-insensitive, and the
    same name) on the same traject: what they sign in one go."""
    qs = Ondertekening.objects.filter(
        traject_id=ondertekening.traject_id,
        email__iexact=ondertekening.email,
        getekend_op__isnull=True,
        vervallen_op__isnull=True,
    ).order_by("pk")
    if lock:
        qs = qs.select_for_update()
    wie = persoon(ondertekening.email, ondertekening.naam)
    return [o for o in qs if persoon(o.email, o.naam) == wie and is_open(o)]


def _niets_open() -> ValidationError:
    return ValidationError(_("Nothing is waiting to be signed by this person."))


@transaction.atomic
def teken_ter_plekke(
    *,
    actor: User,
    ondertekening: Ondertekening,
    naam: str,
    akkoord: bool,
    aanwezig: bool,
    id_gecontroleerd: bool,
    id_document: str,
    ip: str | None,
    ua: str,
) -> list[Ondertekening]:
    """The signer, present at the mbo, signs all their open documents in one go on the
    mbo-medewerker's device; the mbo records that it checked an identity document."""
    gevonden = open_van_persoon(ondertekening)
    if not gevonden:
        raise _niets_open()
    vergrendel(gevonden)
    rijen = open_van_persoon(ondertekening, lock=True)
    if not rijen:
        raise _niets_open()
    naam = " ".join(naam.split())
    fouten = controleer_tekenen(rijen, naam=naam, akkoord=akkoord)
    if not aanwezig:
        fouten["aanwezig"] = _("Confirm that the signer is here in person.")
    if not id_gecontroleerd:
        fouten["id_gecontroleerd"] = _("Confirm that you checked an identity document.")
    if id_document not in IdDocument.values:
        fouten["id_document"] = _("Choose the kind of identity document you checked.")
    if fouten:
        raise ValidationError(fouten)
    leg_vast(
        rijen,
        actor=actor,
        wijze=Wijze.TER_PLEKKE,
        soort=GebeurtenisSoort.TER_PLEKKE,
        naam=naam,
        ip=ip,
        ua=ua,
        id_document=id_document,
    )
    return rijen


def verklaring_tekst(naam: str, titels: list[str], datum: date | None) -> str:
    """The mbo's declaration that comes with a scan, in Dutch (it is evidence)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "I declare that this scan is the signature that %(naam)s put on paper on the "
            "documents %(documenten)s on %(datum)s."
        ) % {
            "naam": naam,
            "documenten": ", ".join(titels),
            "datum": formats.date_format(datum, "j F Y") if datum else "…",
        }


def _scan_soort(data: bytes) -> str | None:
    return next((ext for magic, ext in SCAN_SOORTEN.items() if data.startswith(magic)), None)


@transaction.atomic
def registreer_papier(
    *,
    actor: User,
    ondertekening: Ondertekening,
    kies: list[int],
    scan: UploadedFile | None,
    datum: date | None,
    verklaard: bool,
) -> list[Ondertekening]:
    """Record a signature put on paper: the mbo uploads the scan (PDF, JPEG or PNG, at most
    10 MB, recognised by its first bytes), the date it was signed and its declaration. `kies`
    are the person's open signatures the paper covers. Nothing is stored on a bad upload."""
    gevonden = open_van_persoon(ondertekening)
    if not gevonden:
        raise _niets_open()
    vergrendel(gevonden)
    rijen = [o for o in open_van_persoon(ondertekening, lock=True) if o.pk in set(kies)]
    fouten: dict[str, Any] = {}
    if not rijen:
        fouten["documenten"] = _("Choose at least one document the paper signature is on.")
    data = b""
    if scan is None:
        fouten["scan"] = _("Upload the scan of the paper signature.")
    elif scan.size is not None and scan.size > MAX_SCAN_BYTES:
        fouten["scan"] = _("The file is %(size)s; the maximum is %(max)s.") % {
            "size": filesizeformat(scan.size),
            "max": filesizeformat(MAX_SCAN_BYTES),
        }
    else:
        data = scan.read(MAX_SCAN_BYTES + 1)
        if len(data) > MAX_SCAN_BYTES:
            fouten["scan"] = _("The file is larger than %(max)s.") % {
                "max": filesizeformat(MAX_SCAN_BYTES)
            }
        elif _scan_soort(data) is None:
            fouten["scan"] = _("The scan must be a PDF, JPEG or PNG file.")
    if datum is None:
        fouten["datum"] = _("Enter the date it was signed on paper.")
    elif fout := datum_fout(datum):
        fouten["datum"] = fout
    elif datum > timezone.localdate():
        fouten["datum"] = _("The date signed on paper cannot be in the future.")
    if not verklaard:
        fouten["verklaring"] = _("Confirm the declaration about the scan.")
    if any(r.document_sha256 != stuk(r).pdf_sha256 for r in rijen):
        fouten["documenten"] = _("The document has changed. Open the page again.")
    if blokkades(rijen):
        fouten[NON_FIELD_ERRORS] = blokkades(rijen)
    if fouten:
        raise ValidationError(fouten)
    o = rijen[0]
    ext = _scan_soort(data)
    with translation.override(settings.LANGUAGE_CODE):
        titels = [f"{stuk(r).titel} ({stuk(r).nummer})" for r in rijen]
    tekst = verklaring_tekst(o.naam, titels, datum)
    # One file for the paper, referenced by each signature it covers.
    o.scan.save(f"scan-{secrets.token_hex(8)}.{ext}", ContentFile(data), save=False)
    leg_vast(
        rijen,
        actor=actor,
        wijze=Wijze.PAPIER,
        soort=GebeurtenisSoort.PAPIER,
        naam=o.naam,
        papier_datum=datum,
        scan=o.scan.name,
        scan_sha256=hashlib.sha256(data).hexdigest(),
        verklaring=tekst,
    )
    return rijen
