"""The document of an mbo-verklaring: the national-model layout, rendered to PDF/A and sealed.

`render_mbo_verklaring` makes the HTML and the (unsealed) PDF; `maak_pdf` is the write operation
the Celery task runs: render, seal, store, once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date, datetime
from importlib import import_module
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from praktijkleren.pdf import render_pdf

from .constants import PdfStatus
from .models import MboVerklaring
from .zegel import zegel

__all__ = ["PDF_VARIANT", "maak_pdf", "pdf_context", "render_mbo_verklaring", "verificatie_url"]

logger = logging.getLogger(__name__)

TEMPLATE = "verklaringen/pdf/mbo_verklaring.html"
# Archivable: PDF/A-3b. The seal is an incremental update that keeps it PDF/A.
PDF_VARIANT = "pdf/a-3b"
# Parsed once per worker thread and reused for every verklaring (praktijkleren.pdf).
STYLESHEET = "pdf/mbo_verklaring.css"


def verificatie_url(code: str) -> str:
    """The public page where anyone checks this code (also what the QR code holds)."""
    try:
        path = reverse("verificatie-code", args=[code])
    except NoReverseMatch:
        path = f"/verificatie/{code}/"
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> SafeString:
    """The QR code as inline SVG: nothing to fetch while rendering. Sized by the stylesheet."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=0, dark="#000")
    return mark_safe(svg)  # segno's own markup of our own URL


def _datum(waarde: Any) -> date | None:
    if isinstance(waarde, date):
        return waarde
    return parse_date(waarde) if waarde else None


def _tijdstip(waarde: Any) -> datetime | None:
    moment = parse_datetime(waarde) if isinstance(waarde, str) and waarde else None
    if moment is not None and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment


def _per_kwalificatie(
    werkprocessen: list[dict[str, Any]], branches: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Werkprocessen grouped under the kwalificatie they come from, in printed order, with the
    brancheorganisatie recorded for it."""
    branches = branches or {}
    groepen: dict[str, dict[str, Any]] = {}
    for wp in werkprocessen:
        crebo = str(wp.get("crebo", ""))
        groep = groepen.setdefault(
            crebo,
            {
                "crebo": crebo,
                "naam": wp.get("kwalificatie", ""),
                "niveau": wp.get("niveau", ""),
                "domein": wp.get("domein", ""),
                "brancheorganisatie": branches.get(crebo, ""),
                "werkprocessen": [],
            },
        )
        groep["werkprocessen"].append(wp)
    return list(groepen.values())


def pdf_context(mv: MboVerklaring) -> dict[str, Any]:
    """What the template prints: the praktijkverklaring exactly as prepared and signed (its
    `inhoud`), wrapped in the institution's issue (register number, code, date)."""
    registratie = mv.registratie
    if registratie is None:
        raise ValidationError(_("This mbo-verklaring has not been issued yet."))
    praktijkverklaring = mv.praktijkverklaring
    inhoud = praktijkverklaring.inhoud
    ondertekend = inhoud.get("ondertekend") or {}
    ondertekend_op = _tijdstip(ondertekend.get("op")) or (
        timezone.localtime(praktijkverklaring.ondertekend_op)
        if praktijkverklaring.ondertekend_op
        else None
    )
    url = verificatie_url(registratie.verificatiecode)
    uitgever = mv.uitgegeven_door
    uitgever_naam = (uitgever.get_full_name() or "") if uitgever else ""
    branches = {
        str(b.get("crebo")): str(b.get("naam") or "")
        for b in mv.brancheorganisaties or []
        if isinstance(b, dict)
    }
    return {
        "mv": mv,
        "praktijkverklaring": praktijkverklaring,
        "inhoud": inhoud,
        "instelling_naam": registratie.instelling_naam or mv.mbo_instelling.naam,
        "brin": (inhoud.get("mbo_instelling") or {}).get("brin") or mv.mbo_instelling.brin,
        "uitgegeven_op": registratie.uitgegeven_op,
        "uitgegeven_door": uitgever_naam,
        # Signed for the examencommissie by a named member with a function.
        "ondertekenaar_naam": mv.ondertekenaar_naam or uitgever_naam,
        "ondertekenaar_functie": mv.ondertekenaar_functie,
        "deelnemer_naam": (inhoud.get("deelnemer") or {}).get("naam", registratie.houder_naam),
        "geboortedatum": _datum((inhoud.get("deelnemer") or {}).get("geboortedatum")),
        "leerbedrijf": inhoud.get("leerbedrijf") or {},
        "praktijkopleider": inhoud.get("praktijkopleider", ""),
        "ondertekend_door": ondertekend.get("naam") or inhoud.get("praktijkopleider", ""),
        "ondertekend_op": ondertekend_op,
        "startdatum": _datum(inhoud.get("startdatum")),
        "einddatum": _datum(inhoud.get("einddatum")),
        "kwalificaties": _per_kwalificatie(inhoud.get("werkprocessen") or [], branches),
        "examenresultaten": list(mv.examenresultaten.all()),
        "overige_resultaten": [
            regel.strip() for regel in mv.overige_resultaten.splitlines() if regel.strip()
        ],
        "registernummer": registratie.nummer,
        "verificatiecode": registratie.verificatiecode,
        "verificatie_url": url,
        "qr_svg": qr_svg(url),
    }


def render_mbo_verklaring(mv: MboVerklaring) -> tuple[str, bytes]:
    """The HTML and the unsealed PDF/A of an issued mbo-verklaring, always in Dutch."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(TEMPLATE, pdf_context(mv), pdf_variant=PDF_VARIANT, stylesheet=STYLESHEET)


def _reden(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or type(exc).__name__


def _na_uitgifte_hook() -> Callable[[int], Any] | None:
    try:
        services = import_module("verklaringen.services")
    except ModuleNotFoundError as exc:
        if exc.name != "verklaringen.services":
            raise
        return None
    return getattr(services, "na_uitgifte_pdf", None)


def maak_pdf(mbo_verklaring_id: int) -> MboVerklaring:
    """Render, seal and store the PDF of an issued mbo-verklaring, once: a second run (or a
    second worker, which waits for the row lock) finds it done. Records the SHA-256 of the
    sealed bytes in the register. On failure the reason is kept (in its own transaction, so it
    survives the rollback) and the error re-raised for Celery."""
    # Stored texts (the failure reason) are Dutch, whichever request queued the task.
    with translation.override(settings.LANGUAGE_CODE):
        return _maak_pdf(mbo_verklaring_id)


def _maak_pdf(mbo_verklaring_id: int) -> MboVerklaring:
    try:
        with transaction.atomic():
            mv = (
                MboVerklaring.objects.select_for_update(of=("self",))
                .select_related(
                    "registratie",
                    "praktijkverklaring__traject__deelnemer",
                    "mbo_instelling",
                    "uitgegeven_door",
                )
                .get(pk=mbo_verklaring_id)
            )
            # Done already, or the dossier was anonymised: never make the document again.
            if mv.pdf or mv.praktijkverklaring.traject.deelnemer.geanonimiseerd_op:
                return mv
            _html, pdf = render_mbo_verklaring(mv)
            gezegeld = zegel(pdf, mv.mbo_instelling)
            registratie = mv.registratie
            assert registratie is not None  # pdf_context refused otherwise
            naam = get_valid_filename(f"mbo-verklaring-{registratie.nummer}.pdf")
            mv.pdf.save(naam, ContentFile(gezegeld), save=False)
            mv.pdf_status = PdfStatus.KLAAR
            mv.pdf_fout = ""
            mv.save(update_fields=["pdf", "pdf_status", "pdf_fout"])
            registratie.pdf_sha256 = hashlib.sha256(gezegeld).hexdigest()
            registratie.save(update_fields=["pdf_sha256"])
            hook = _na_uitgifte_hook()
            if hook is not None:
                # The PDF is stored whatever happens to the e-mail; a failure there is logged.
                transaction.on_commit(lambda: hook(mbo_verklaring_id), robust=True)
            return mv
    except MboVerklaring.DoesNotExist:
        raise
    except Exception as exc:
        logger.exception("PDF of mbo-verklaring %s failed", mbo_verklaring_id)
        with transaction.atomic():
            MboVerklaring.objects.filter(pk=mbo_verklaring_id, pdf="").update(
                pdf_status=PdfStatus.MISLUKT, pdf_fout=_reden(exc)[:300]
            )
        raise
