"""Tenancy-matrix cases for the participant pages: referral, dossier, privacy, intake and advice,
the traject page and leerlijnen, the funnel, and the kwalificaties (merged into
tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .conftest import World
from .matrix_support import (
    BH,
    DEELNEMER_EDIT,
    DEELNEMER_READERS,
    EXA,
    INTAKE_RECORD,
    JC,
    MBO,
    PL,
    PO,
    PRIVACY,
    SBB,
    VW,
    WSP,
    Case,
    Variant,
    done,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    pilot_code,
    statuses,
)

AANMELDERS = statuses(403, **{PL: 200, MBO: 200, VW: 200, BH: 200})
# Adding a leerlijn: DEELNEMER_CHANGE in the pilot; the others of the pilot may only look.
LEERLIJN_POST = statuses(403, **{PL: 302, MBO: 302, BH: 302})


def _deelnemer(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).deelnemer.pk}


def _intake(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"intake_{p}"].pk}


def _form_page(
    get: dict[str, int], kwargs: Any, data: Any, post: dict[str, int] | None = None
) -> Case:
    """A participant's form page: GET, a valid POST (302) and an empty PUT (the form again),
    own and other pilot."""
    post = post or done(get)
    return merge(
        own_other(get, other_of(get), kwargs),
        own_other_write(post, other_of(post), kwargs, "post", data),
        own_other_write(get, other_of(get), kwargs, "put"),
    )


def _aanmelding(w: World) -> dict[str, Any]:
    return {
        "voornaam": "Matrix",
        "achternaam": "Kandidaat",
        "geboortedatum": "1990-01-01",
        "email": "matrix@example.test",
        "situatie": "werkzoekend",
        "uitkering": "geen",
        "doelgroepen": ["ww"],
        "toestemming": "on",
    }


def _persoonsgegevens(w: World, p: str) -> dict[str, Any]:
    return {
        "voornaam": "Matrix",
        "achternaam": "Gewijzigd",
        "geboortedatum": "1991-03-04",
        "geslacht": "X",
        "situatie": "werkzoekend",
        "uitkering": "geen",
        "doelgroepen": ["ww"],
    }


def _traject(w: World, p: str) -> dict[str, Any]:
    pw = getattr(w, p)
    return {
        "route": "praktijkverklaring",
        "mbo_instelling": pw.mbo.pk,
        "leerbedrijf": pw.leerbedrijf.pk,
        "startdatum": "2026-11-01",
        "geplande_einddatum": "2027-05-01",
        "werkprocessen": [w.extra["werkproces"].pk],
    }


def _advies(w: World, p: str) -> dict[str, Any]:
    return {
        "route": "praktijkverklaring",
        "onderbouwing": "Matrix: past bij de kandidaat",
        "volgende_stap": "Leerbaan zoeken",
    }


CASES: dict[str, Case] = {
    "deelnemers:aanmelden": merge(
        one(AANMELDERS),
        one(done(AANMELDERS), method="post", data=_aanmelding),
        one(AANMELDERS, method="put"),
    ),
    "deelnemers:status": Case(
        [
            Variant(
                "own",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404}),
                method="post",
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(403, **{BH: 302}), **{SBB: 404}),
                method="post",
            ),
        ]
    ),
    "deelnemers:inzage-log": Case(
        [
            Variant(
                "own",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                statuses(403, **{PL: 200, BH: 200, SBB: 404}),
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(403, **{BH: 200}), **{SBB: 404}),
            ),
        ]
    ),
    "deelnemers:persoonsgegevens": _form_page(DEELNEMER_EDIT, _deelnemer, _persoonsgegevens),
    "deelnemers:inzage-export": own_other(
        PRIVACY, other_of(PRIVACY), lambda w, p: {"pk": getattr(w, p).deelnemer.pk, "fmt": "json"}
    ),
    "deelnemers:anonimiseer": _form_page(
        PRIVACY, _deelnemer, lambda w, p: {"reden": "Matrix: verzoek", "bevestig": "on"}
    ),
    "trajecten:traject-create": _form_page(DEELNEMER_EDIT, _deelnemer, _traject),
    "trajecten:traject-detail": own_other(
        statuses(200, **{EXA: 200, SBB: 404, WSP: 403}),
        other_of(statuses(200, **{SBB: 404})),
        lambda w, p: {"pk": getattr(w, p).traject.pk},
    ),
    "trajecten:leerlijnen": merge(
        own_other(statuses(200), other_of(statuses(200)), pilot_code),
        own_other_write(
            LEERLIJN_POST,
            other_of(LEERLIJN_POST),
            pilot_code,
            "post",
            lambda w, p: {"naam": "Matrix-leerlijn", "werkprocessen": [w.extra["werkproces"].pk]},
        ),
        own_other_write(
            statuses(403, **{PL: 200, MBO: 200, BH: 200}),
            other_of(statuses(403, **{PL: 200, MBO: 200, BH: 200})),
            pilot_code,
            "put",
        ),
    ),
    "intake:plan": _form_page(
        INTAKE_RECORD,
        _deelnemer,
        lambda w, p: {"gepland_op": f"{timezone.localdate().isoformat()}T10:00"},
    ),
    "intake:advies": _form_page(INTAKE_RECORD, _deelnemer, _advies),
    # Every criterion is optional: a PUT (no form data) is a valid, empty form, so the right
    # roles save it like an empty POST (302).
    "intake:criteria": merge(
        own_other(INTAKE_RECORD, other_of(INTAKE_RECORD), _intake),
        own_other_write(
            done(INTAKE_RECORD),
            other_of(done(INTAKE_RECORD)),
            _intake,
            "post",
            lambda w, p: {"notities": "Matrix"},
        ),
        own_other_write(done(INTAKE_RECORD), other_of(done(INTAKE_RECORD)), _intake, "put"),
    ),
    "monitoring:funnel": own_other(
        statuses(403, **{PL: 200, MBO: 200, EXA: 200, SBB: 200, BH: 200}),
        other_of(statuses(403, **{SBB: 200, BH: 200})),
        pilot_code,
    ),
    "kwalificaties:list": one(statuses(200)),
    "kwalificaties:detail": one(statuses(200), lambda w: {"crebo": w.extra["kwalificatie"].crebo}),
    "deelnemers:list": one(DEELNEMER_READERS),
    "deelnemers:detail": Case(
        [
            Variant(
                "own, referred by the verwijzer, in the praktijkopleider's traject",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                DEELNEMER_READERS,
            ),
            Variant(
                "own, not granted to verwijzer/praktijkopleider/jobcoach",
                lambda w: {"pk": w.alpha.other_deelnemer.pk},
                statuses(200, **{VW: 403, PO: 403, JC: 403, SBB: 403, WSP: 403}),
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                {**other_of(DEELNEMER_READERS), WSP: 403},
            ),
        ]
    ),
}


def setup(world: World) -> None:
    """These pages need nothing beyond the matrix world."""
