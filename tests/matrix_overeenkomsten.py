"""Tenancy-matrix cases for the agreement pages (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from overeenkomsten.constants import PdfStatus, VersieStatus
from overeenkomsten.models import Overeenkomst, OvereenkomstVersie

from .conftest import World
from .matrix_support import (
    BH,
    EXA,
    MBO,
    PL,
    SBB,
    WSP,
    Case,
    Variant,
    done,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    statuses,
)


def _lege_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Viewing follows the traject (verwijzer, praktijkopleider and jobcoach of this traject too).
VIEW = statuses(200, **{EXA: 200, SBB: 404, WSP: 403})
CHANGE = statuses(403, **{PL: 200, MBO: 200, BH: 200, SBB: 404})
CHANGE_POST = statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404})
# The public signing pages: the personal link is the only key. A wrong key shows nothing.
NO_KEY = statuses(404, anon=404)


def _traject(w: World, p: str) -> dict[str, int]:
    return {"pk": getattr(w, p).traject.pk}


def _extra(w: World, p: str, key: str) -> dict[str, int]:
    return {"pk": w.extra[f"{key}_{p}"].pk}


CASES: dict[str, Case] = {
    "overeenkomsten:genereer": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _traject, method="post"
    ),
    "overeenkomsten:verstuur": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _traject, method="post"
    ),
    "trajecten:traject-start": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _traject, method="post"
    ),
    "overeenkomsten:detail": own_other(
        VIEW, other_of(VIEW), lambda w, p: _extra(w, p, "overeenkomst")
    ),
    # Saved (a new version, 302); a PUT (no form data) shows the form again with its errors.
    "overeenkomsten:wijzig": merge(
        own_other(CHANGE, other_of(CHANGE), lambda w, p: _extra(w, p, "overeenkomst")),
        own_other_write(
            done(CHANGE),
            other_of(done(CHANGE)),
            lambda w, p: _extra(w, p, "overeenkomst"),
            "post",
            lambda w, p: {
                "startdatum": "2026-10-15",
                "einddatum": "2027-04-15",
                "begeleiding": "Matrix: elke maand",
                "beoordeling": "Matrix: aan het eind",
                "beeindiging": "Matrix: met een maand opzegtermijn",
            },
        ),
        own_other_write(CHANGE, other_of(CHANGE), lambda w, p: _extra(w, p, "overeenkomst"), "put"),
    ),
    "overeenkomsten:pdf": own_other(
        VIEW, other_of(VIEW), lambda w, p: {**_extra(w, p, "versie"), "kind": "concept"}
    ),
    "overeenkomsten:opnieuw": own_other(
        CHANGE_POST,
        other_of(CHANGE_POST),
        lambda w, p: _extra(w, p, "ondertekening"),
        method="post",
    ),
    # Each step of signing (send a code, check it, sign) with a wrong key: nothing.
    "ondertekenen": merge(
        one(NO_KEY, lambda w: {"token": "geen-geldige-sleutel"}),
        Case(
            [
                Variant(
                    f"stap {stap}",
                    lambda w: {"token": "geen-geldige-sleutel"},
                    NO_KEY,
                    "post",
                    lambda w, stap=stap: {"stap": stap, "code": "123456", "naam": "Matrix"},
                )
                for stap in ("code", "controleer", "teken")
            ]
        ),
    ),
    "ondertekenen-pdf": one(NO_KEY, lambda w: {"token": "geen-geldige-sleutel"}),
}


def setup(world: World) -> None:
    """A POK (version 1, sent for signing) on each pilot's traject."""
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        overeenkomst = Overeenkomst.objects.create(traject=pw.traject, soort="pok")
        naam = str(pw.traject.deelnemer)
        versie = OvereenkomstVersie.objects.create(
            overeenkomst=overeenkomst,
            nummer=1,
            status=VersieStatus.TER_ONDERTEKENING,
            inhoud={"deelnemer": {"naam": naam}, "partijen": []},
            startdatum=date(2026, 10, 15),
            einddatum=date(2027, 4, 15),
            pdf_status=PdfStatus.KLAAR,
        )
        # A real (blank) PDF: the draft download is stamped CONCEPT, which reads the PDF.
        versie.pdf.save("pok-v1.pdf", ContentFile(_lege_pdf()))
        world.extra[f"overeenkomst_{p}"] = overeenkomst
        world.extra[f"versie_{p}"] = versie
        world.extra[f"ondertekening_{p}"] = Ondertekening.objects.create(
            document=versie,
            traject=pw.traject,
            rol=PartijRol.DEELNEMER,
            naam=naam,
            email=f"deelnemer@{p}.test",
            document_sha256="0" * 64,
        )


API_VIEW = statuses(200, anon=401, **{EXA: 200, SBB: 404, WSP: 403})
CASES.update(
    {
        "overeenkomst-list": one(statuses(200, anon=401)),
        "overeenkomst-detail": own_other(
            API_VIEW, other_of(API_VIEW), lambda w, p: _extra(w, p, "overeenkomst")
        ),
    }
)
