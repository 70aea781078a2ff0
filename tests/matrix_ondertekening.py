"""Tenancy-matrix cases for the ondertekening URLs (merged into tests/test_tenancy_matrix.py).

The public signing pages (`ondertekenen`, `ondertekenen-pdf`) are in matrix_overeenkomsten.py.
Here: signing in person and uploading a paper signature (for whoever may change the traject),
and the public link to the final signed document (the link is the only key)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

from django.utils import timezone

from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from ondertekening.services import _hash

from .conftest import World
from .matrix_support import (
    BH,
    MBO,
    PL,
    SBB,
    Case,
    Variant,
    done,
    merge,
    other_of,
    own_other,
    own_other_write,
    statuses,
)

# As changing the traject (overeenkomsten:opnieuw): the mbo, the projectleider, the beheerder.
CHANGE = statuses(403, **{PL: 200, MBO: 200, BH: 200, SBB: 404})
# A public link with a wrong or expired key shows nothing, to anyone.
NO_KEY = statuses(404, anon=404)
EXPIRED = statuses(410, anon=410)
REFUSED = done(CHANGE, 400)


def _ouder(w: World, p: str) -> dict[str, int]:
    return {"pk": w.extra[f"ondertekening_ouder_{p}"].pk}


# The writes reach the service, which refuses them (400, nothing stored): the signer's presence
# and the declaration are left out, so the answer does not depend on the world's erkenningen
# (a missing recognition blocks signing too). tests/test_ondertekening.py signs for real.
def _ter_plekke(w: World, p: str) -> dict[str, Any]:
    return {
        "id_gecontroleerd": "on",
        "id_document": "paspoort",
        "naam": w.extra[f"ondertekening_ouder_{p}"].naam,
        "akkoord": "on",
    }


def _papier(w: World, p: str) -> dict[str, Any]:
    scan = BytesIO(b"%PDF-1.4\n% matrix scan\n")
    scan.name = "scan.pdf"
    return {
        "documenten": [w.extra[f"ondertekening_ouder_{p}"].pk],
        "scan": scan,
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
    }


CASES: dict[str, Case] = {
    "ondertekenen-ter-plekke": merge(
        own_other(CHANGE, other_of(CHANGE), _ouder),
        own_other_write(REFUSED, other_of(REFUSED), _ouder, "post", _ter_plekke),
    ),
    "ondertekenen-papier": merge(
        own_other(CHANGE, other_of(CHANGE), _ouder),
        own_other_write(REFUSED, other_of(REFUSED), _ouder, "post", _papier),
    ),
    "ondertekenen-definitief": Case(
        [
            Variant("wrong key", lambda w: {"token": "geen-geldige-sleutel"}, NO_KEY),
            Variant("expired", lambda w: {"token": "matrix-verlopen-alpha"}, EXPIRED),
        ]
    ),
}


def setup(world: World) -> None:
    """On each pilot's POK (made by matrix_overeenkomsten, out for signing): a legal
    representative without an e-mail address, still to sign; on alpha a signed signature whose
    link to the final document has expired."""
    for p in ("alpha", "beta"):
        versie = world.extra[f"versie_{p}"]
        world.extra[f"ondertekening_ouder_{p}"] = Ondertekening.objects.create(
            document=versie,
            traject=getattr(world, p).traject,
            rol=PartijRol.VERTEGENWOORDIGER,
            naam=f"Matrix Ouder {p}",
            email="",
            document_sha256=versie.pdf_sha256,
        )
    deelnemer = world.extra["ondertekening_alpha"]
    Ondertekening.objects.filter(pk=deelnemer.pk).update(
        definitief_token_hash=_hash("definitief:matrix-verlopen-alpha"),
        definitief_verloopt_op=timezone.now() - timedelta(days=1),
    )
