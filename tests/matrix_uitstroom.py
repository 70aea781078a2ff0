"""Tenancy-matrix cases for the uitstroom URLs (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pilots.roles import Role
from tests.factories import traject_rij
from trajecten.constants import TrajectStatus
from trajecten.models import Nameting

from .conftest import World
from .matrix_support import (
    BH,
    DEELNEMER_EDIT,
    MBO,
    PL,
    SBB,
    VW,
    Case,
    Variant,
    other_of,
    pilot_code,
    statuses,
)

EDIT_POST = statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404})
# The follow-up page: the person asked (the verwijzer) and DEELNEMER_CHANGE holders.
NAMETING = statuses(403, **{PL: 200, MBO: 200, BH: 200, VW: 200, SBB: 404})
NAMETING_POST = statuses(403, **{PL: 302, MBO: 302, BH: 302, VW: 302, SBB: 404})
OVERZICHT = statuses(403, **{PL: 200, MBO: 200, BH: 200})


def get_and_post(
    get: dict[str, int],
    post: dict[str, int],
    kwargs: Any,
    data: Any,
    get_other: dict[str, int] | None = None,
    post_other: dict[str, int] | None = None,
) -> Case:
    """GET, a valid POST and a PUT (Django's form views take it as a POST without form data:
    the form again with its errors, so the answers of the GET), own and other pilot."""
    return Case(
        [
            Variant("own", lambda w: kwargs(w, "alpha"), get),
            Variant("other", lambda w: kwargs(w, "beta"), get_other or other_of(get)),
            Variant("own, post", lambda w: kwargs(w, "alpha"), post, method="post", data=data),
            Variant(
                "other, post",
                lambda w: kwargs(w, "beta"),
                post_other or other_of(post),
                method="post",
                data=data,
            ),
            Variant("own, put", lambda w: kwargs(w, "alpha"), get, method="put"),
            Variant(
                "other, put", lambda w: kwargs(w, "beta"), get_other or other_of(get), method="put"
            ),
        ]
    )


def today() -> str:
    return timezone.localdate().isoformat()


CASES: dict[str, Case] = {
    "trajecten:traject-afsluiten": get_and_post(
        DEELNEMER_EDIT,
        EDIT_POST,
        lambda w, p: {"pk": getattr(w, p).traject.pk},
        lambda w: {"afloop": "afgerond", "einddatum": today()},
    ),
    "trajecten:traject-uitstroom": get_and_post(
        DEELNEMER_EDIT,
        EDIT_POST,
        lambda w, p: {"pk": w.extra[f"uitstroom_traject_{p}"].pk},
        lambda w: {"soort": "blijft_leerbedrijf", "datum": today()},
    ),
    "trajecten:nameting": get_and_post(
        NAMETING,
        NAMETING_POST,
        lambda w, p: {"pk": w.extra[f"nameting_{p}"].pk},
        lambda w: {"situatie": "andere_werkgever", "toelichting": "Matrix"},
    ),
    "trajecten:trajecten-overzicht": Case(
        [
            Variant("own", lambda w: pilot_code(w, "alpha"), OVERZICHT),
            Variant(
                "other", lambda w: pilot_code(w, "beta"), other_of(OVERZICHT, **{SBB: 403, BH: 200})
            ),
        ]
    ),
}


def setup(world: World) -> None:
    """Per pilot: an ended traject of the referred participant (praktijkopleider and jobcoach
    granted) with a follow-up asked of the verwijzer, and a running traject for the overview."""
    vandaag = timezone.localdate()
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        ended = traject_rij(
            actor=pw.users[Role.PROJECTLEIDER],
            deelnemer=pw.deelnemer,
            leerbedrijf=pw.leerbedrijf,
            praktijkopleider=pw.users[Role.PRAKTIJKOPLEIDER],
            jobcoach=pw.users[Role.JOBCOACH],
            status=TrajectStatus.AFGEROND,
            startdatum=vandaag - timedelta(days=300),
            geplande_einddatum=vandaag - timedelta(days=200),
            einddatum=vandaag - timedelta(days=200),
        )
        world.extra[f"uitstroom_traject_{p}"] = ended
        world.extra[f"nameting_{p}"] = Nameting.objects.create(
            traject=ended,
            maanden=6,
            gevraagd_op=vandaag,
            gevraagd_aan=pw.users[Role.VERWIJZER],
        )
        world.extra[f"lopend_traject_{p}"] = traject_rij(
            actor=pw.users[Role.PROJECTLEIDER],
            deelnemer=pw.other_deelnemer,
            leerbedrijf=pw.leerbedrijf,
            status=TrajectStatus.LOPEND,
            startdatum=vandaag - timedelta(days=60),
            geplande_einddatum=vandaag - timedelta(days=1),
        )
