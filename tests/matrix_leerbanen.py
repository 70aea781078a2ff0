"""Tenancy-matrix cases for the leerbanen URLs (merged into tests/test_tenancy_matrix.py).

Leerbanen are seen by every role with `leerbaan.view` (projectleider, mbo, verwijzer, WSP) and by
their contact person (alpha's praktijkopleider); recorded and changed by the projectleider, the
mbo and the WSP. Searches and matches name a candidate: the verwijzer sees those of the
participants they follow. Only the contact person answers a proposal (not even the beheerder).
The traject of an accepted match is agreed by whoever may change the participant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from leerbanen.constants import MatchStatus
from leerbanen.models import Leerbaan, Match, Zoekvraag
from pilots.roles import Role

from .conftest import World
from .matrix_support import (
    BH,
    EXA,
    JC,
    MBO,
    PL,
    PO,
    SBB,
    VW,
    WSP,
    Case,
    done,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    statuses,
)

# The pages without an object.
# The lists: whoever sees the pilot's leerbanen, and the contact persons (the praktijkopleider
# is one); SBB sees leerbanen only as counts on the dashboards.
LIJST = statuses(403, **{PL: 200, MBO: 200, VW: 200, PO: 200, WSP: 200, BH: 200})
RECORD = statuses(403, **{PL: 200, MBO: 200, WSP: 200, BH: 200})
KANDIDATEN = statuses(403, **{PL: 200, MBO: 200, VW: 200, WSP: 200, BH: 200})
# A leerbaan: seen by leerbaan.view and its contact person; changed by leerbaan.record.
ZIEN = statuses(403, **{PL: 200, MBO: 200, VW: 200, PO: 200, WSP: 200, BH: 200, SBB: 404})
WIJZIGEN = statuses(403, **{PL: 200, MBO: 200, WSP: 200, BH: 200, SBB: 404})
# A search: the candidate's wishes (changed by whoever may propose and follows the candidate;
# the WSP sees no dossier, so it changes the wishes only from the matching list's search).
ZOEKVRAAG = statuses(403, **{PL: 200, MBO: 200, VW: 200, BH: 200, SBB: 404})
# The matching list and proposing: the capability is checked first (403 in any pilot).
MATCHING = statuses(403, **{PL: 200, MBO: 200, VW: 200, WSP: 200, BH: 200})
# Proposing loads the search and the leerbaan first: another pilot's answer 404.
VOORSTEL = statuses(403, **{PL: 200, MBO: 200, VW: 200, WSP: 200, BH: 200, SBB: 404})
# A match: seen as its search, and by the leerbaan's contact person; answered only by them.
MATCH = statuses(403, **{PL: 200, MBO: 200, VW: 200, PO: 200, WSP: 200, BH: 200, SBB: 404})
ANTWOORD = statuses(403, **{PO: 302, SBB: 404})
# The traject of an accepted match: whoever may change the participant.
TRAJECT = statuses(403, **{PL: 200, MBO: 200, BH: 200, SBB: 404})


def _other_cap(own: dict[str, int]) -> dict[str, int]:
    """Another pilot's object behind a capability check: a role without the capability gets
    its 403 before anything is looked up."""
    result = other_of(own)
    result.update({a: 403 for a in (EXA, PO, JC)})
    return result


def _lb(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"leerbaan_{p}"].pk}


def _zk(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"zoekvraag_{p}"].pk}


def _dn(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).deelnemer.pk}


def _voorstel(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"zoekvraag_{p}"].pk, "leerbaan": w.extra[f"leerbaan_vrij_{p}"].pk}


def _match(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"match_{p}"].pk}


def _geaccepteerd(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"match_geaccepteerd_{p}"].pk}


def _leerbaan_data(w: World, p: str) -> dict[str, Any]:
    pw = getattr(w, p)
    vandaag = timezone.localdate()
    return {
        "organisatie": pw.leerbedrijf.pk,
        "titel": "Matrix leerbaan",
        "postcode": "9991 AA",
        "plaats": "Matrixstad",
        "kwalificaties": w.extra["kwalificatie"].crebo,
        "uren_per_week": "24",
        "start_vanaf": vandaag.isoformat(),
        "start_tot": (vandaag + timedelta(days=30)).isoformat(),
        "plaatsen": "1",
        "contactpersoon": pw.users[Role.PRAKTIJKOPLEIDER].pk,
    }


CASES: dict[str, Case] = {
    "leerbanen:list": one(LIJST),
    "leerbanen:create": merge(
        one(RECORD),
        one(done(RECORD), method="post", data=lambda w: _leerbaan_data(w, "alpha")),
    ),
    "leerbanen:detail": own_other(ZIEN, other_of(ZIEN), _lb),
    "leerbanen:update": merge(
        own_other(WIJZIGEN, other_of(WIJZIGEN), _lb),
        own_other_write(done(WIJZIGEN), other_of(done(WIJZIGEN)), _lb, "post", _leerbaan_data),
    ),
    "leerbanen:close": own_other_write(done(WIJZIGEN), other_of(done(WIJZIGEN)), _lb),
    "leerbanen:kandidaten": one(KANDIDATEN),
    "leerbanen:zoekvraag": merge(
        own_other(ZOEKVRAAG, other_of(ZOEKVRAAG), _dn),
        own_other_write(
            done(ZOEKVRAAG),
            other_of(done(ZOEKVRAAG)),
            _dn,
            "post",
            lambda w, p: {"postcode4": "9991"},
        ),
    ),
    "leerbanen:matching": own_other(MATCHING, _other_cap(MATCHING), _zk),
    "leerbanen:voorstellen": merge(
        own_other(VOORSTEL, other_of(VOORSTEL), _voorstel),
        own_other_write(done(VOORSTEL), other_of(done(VOORSTEL)), _voorstel, "post"),
    ),
    "leerbanen:matches": one(LIJST),
    "leerbanen:match": own_other(MATCH, other_of(MATCH), _match),
    "leerbanen:accepteren": own_other_write(ANTWOORD, other_of(ANTWOORD), _match),
    "leerbanen:afwijzen": own_other_write(
        ANTWOORD, other_of(ANTWOORD), _match, "post", lambda w, p: {"reden": "Geen plek meer."}
    ),
    "leerbanen:traject": merge(
        own_other(TRAJECT, other_of(TRAJECT), _geaccepteerd),
        # An empty form comes back with its errors: nothing is agreed.
        own_other_write(TRAJECT, other_of(TRAJECT), _geaccepteerd, "post"),
    ),
}


def setup(world: World) -> None:
    """Per pilot: three open leerbanen at its leerbedrijf (contact: its praktijkopleider; in
    its subregio, so beta's name its marker), its participant (positive advice in the matrix
    world) looking for a leerbaan, proposed for the first, accepted on the second, the third
    free to propose."""
    vandaag = timezone.localdate()
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        leerbanen = []
        for titel in ("voorgesteld", "geaccepteerd", "vrij"):
            lb = Leerbaan.objects.create(
                pilot=pw.pilot,
                organisatie=pw.leerbedrijf,
                titel=f"Leerbaan {titel} {p}",
                postcode="9991 AA",
                postcode4="9991",
                plaats=f"{p.title()}stad",
                subregio=pw.subregio,
                uren_per_week=32,
                start_vanaf=vandaag,
                start_tot=vandaag + timedelta(days=60),
                plaatsen=2,
                contactpersoon=pw.users[Role.PRAKTIJKOPLEIDER],
            )
            lb.kwalificaties.set([world.extra["kwalificatie"]])
            leerbanen.append(lb)
        world.extra[f"leerbaan_{p}"], _acc, world.extra[f"leerbaan_vrij_{p}"] = leerbanen
        zk = Zoekvraag.objects.create(
            deelnemer=pw.deelnemer, advies=world.extra[f"advies_{p}"], plaats=f"{p.title()}stad"
        )
        world.extra[f"zoekvraag_{p}"] = zk
        mbo = pw.users[Role.MBO_MEDEWERKER]
        world.extra[f"match_{p}"] = Match.objects.create(
            leerbaan=leerbanen[0], zoekvraag=zk, voorgesteld_door=mbo
        )
        world.extra[f"match_geaccepteerd_{p}"] = Match.objects.create(
            leerbaan=leerbanen[1],
            zoekvraag=zk,
            voorgesteld_door=mbo,
            status=MatchStatus.GEACCEPTEERD,
            beantwoord_door=pw.users[Role.PRAKTIJKOPLEIDER],
            beantwoord_op=timezone.now(),
        )
