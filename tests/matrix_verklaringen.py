"""Tenancy-matrix cases for preparing, signing and issuing verklaringen (merged into
tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from verklaringen.models import MboVerklaring, Praktijkverklaring

from .conftest import World
from .matrix_support import BH, EXA, MBO, PL, SBB, WSP, Case, one, other_of, own_other, statuses

VIEW = statuses(200, **{SBB: 404, WSP: 403})
CHANGE_POST = statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404})
# Only the examencommissie of the institution issues: not the beheerder either.
ISSUE_POST = statuses(403, **{EXA: 302, SBB: 404})
API_VIEW = statuses(200, anon=401, **{SBB: 404, WSP: 403})
# The praktijkverklaring in the matrix world is not signed: issuing is refused with a 400.
API_ISSUE = statuses(403, anon=401, **{EXA: 400, SBB: 404})


def _traject(w: World, p: str) -> dict[str, int]:
    return {"pk": getattr(w, p).traject.pk}


def _extra(key: str):  # type: ignore[no-untyped-def]
    return lambda w, p: {"pk": w.extra[f"{key}_{p}"].pk}


CASES: dict[str, Case] = {
    "verklaringen:praktijkverklaring-maak": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _traject, method="post"
    ),
    "verklaringen:praktijkverklaring": own_other(VIEW, other_of(VIEW), _extra("pv")),
    "verklaringen:praktijkverklaring-verstuur": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _extra("pv"), method="post"
    ),
    "verklaringen:praktijkverklaring-pdf": own_other(VIEW, other_of(VIEW), _extra("pv")),
    "verklaringen:praktijkverklaring-intrekken": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _extra("pv"), method="post"
    ),
    "verklaringen:mbo-verklaring-maak": own_other(
        CHANGE_POST, other_of(CHANGE_POST), _extra("pv"), method="post"
    ),
    "verklaringen:mbo-verklaring": own_other(VIEW, other_of(VIEW), _extra("mv")),
    "verklaringen:mbo-verklaring-uitgeven": own_other(
        ISSUE_POST, other_of(ISSUE_POST), _extra("mv"), method="post"
    ),
    "verklaringen:mbo-verklaring-pdf": own_other(VIEW, other_of(VIEW), _extra("mv")),
    "mbo-verklaring-list": one(statuses(200, anon=401)),
    "mbo-verklaring-detail": own_other(API_VIEW, other_of(API_VIEW), _extra("mv")),
    "mbo-verklaring-issue": own_other(API_ISSUE, other_of(API_ISSUE), _extra("mv"), method="post"),
    "verklaringen:stapeling": own_other(
        VIEW, other_of(VIEW), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
}


def setup(world: World) -> None:
    """A praktijkverklaring (still to be signed) and an mbo-verklaring awaiting issue on each
    pilot's traject; their content carries the participant's name (a marker for leaks)."""
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        naam = str(pw.traject.deelnemer)
        pv = Praktijkverklaring.objects.create(
            traject=pw.traject,
            volgnummer=1,
            inhoud={
                "deelnemer": {"naam": naam, "geboortedatum": "1991-03-04"},
                "leerbedrijf": {"naam": pw.leerbedrijf.naam, "plaats": "", "leerbedrijf_id": ""},
                "praktijkopleider": "",
                "werkprocessen": [],
            },
        )
        pv.pdf.save("pv.pdf", ContentFile(b"%PDF-1.4\n% matrix\n"))
        mv = MboVerklaring.objects.create(praktijkverklaring=pv, mbo_instelling=pw.mbo)
        mv.pdf.save("mv.pdf", ContentFile(b"%PDF-1.4\n% matrix\n"))
        world.extra[f"pv_{p}"] = pv
        world.extra[f"mv_{p}"] = mv
