"""Building blocks of the tenancy matrix (tests/test_tenancy_matrix.py), shared with the
per-area case modules (tests/matrix_*.py). Each area module defines `CASES` (URL name -> Case)
and `setup(world)`, which adds the objects its URLs need to the matrix world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pilots.roles import Role

from .conftest import PILOT_ROLES, World

ANON = "anonymous"
PL_STAFF = "projectleider_staff"  # alpha's projectleider with admin access (is_staff)
SBB, BH = Role.SBB_MONITOR.value, Role.BEHEERDER.value
PL, MBO, EXA = Role.PROJECTLEIDER.value, Role.MBO_MEDEWERKER.value, Role.EXAMENCOMMISSIE.value
VW, PO, JC = Role.VERWIJZER.value, Role.PRAKTIJKOPLEIDER.value, Role.JOBCOACH.value
PILOT = [r.value for r in PILOT_ROLES]
ACTORS = [ANON, *PILOT, SBB, BH, PL_STAFF]
ALPHA_PERSONAL_MARKERS = ["Adaalpha", "Annaalpha"]
# Intake notes and the reasoning of an advice are for the mbo and the projectleider only.
INTAKE_MARKERS = ["Intakegeheimalpha", "Onderbouwinggeheimalpha"]

Kwargs = Callable[[World], dict[str, Any]]


def statuses(default: int, anon: int = 302, **per_actor: int) -> dict[str, int]:
    result = {actor: default for actor in ACTORS}
    result[ANON] = anon
    result[PL_STAFF] = per_actor.pop("staff", per_actor.get(PL, default))
    result.update(per_actor)
    return result


@dataclass
class Variant:
    label: str
    kwargs: Kwargs
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None


@dataclass
class Case:
    variants: list[Variant] = field(default_factory=list)


def one(expected: dict[str, int], kwargs: Kwargs = lambda w: {}, **kw: Any) -> Case:
    return Case([Variant("-", kwargs, expected, **kw)])


def own_other(
    own: dict[str, int], other: dict[str, int], kwargs: Callable[[World, str], dict], **kw: Any
) -> Case:
    return Case(
        [
            Variant("own", lambda w: kwargs(w, "alpha"), own, **kw),
            Variant("other", lambda w: kwargs(w, "beta"), other, **kw),
        ]
    )


# Another pilot's object: 404 for every pilot role; national roles as for their own.
def other_of(own: dict[str, int], **national: int) -> dict[str, int]:
    result = {a: (404 if a in PILOT or a == PL_STAFF else s) for a, s in own.items()}
    result.update(national)
    return result


def pilot_code(w: World, p: str) -> dict[str, Any]:
    return {"code": getattr(w, p).pilot.code}


PILOT_CHANGE = statuses(403, **{PL: 200, BH: 200})
PILOT_CHANGE_POST = statuses(403, **{PL: 302, BH: 302})
DEELNEMER_READERS = statuses(200, **{SBB: 403})
INTAKE_RECORD = statuses(403, **{MBO: 200, BH: 200, SBB: 404})
DEELNEMER_EDIT = statuses(403, **{PL: 200, MBO: 200, BH: 200, SBB: 404})
PRIVACY = statuses(403, **{PL: 200, BH: 200, SBB: 404})
INTAKE_API = statuses(403, anon=401, **{PL: 200, MBO: 200, BH: 200, SBB: 404})
