"""Tenancy-matrix cases for the pilot pages: the pilot, its partners, subregio's and members,
and the shared organisation registry (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from typing import Any

from pilots.constants import OrganisatieSoort
from pilots.models import Membership

from .conftest import World
from .factories import OrganisatieFactory
from .matrix_support import (
    BH,
    MBO,
    PILOT_CHANGE,
    PILOT_CHANGE_POST,
    PL,
    VW,
    Case,
    done,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    pilot_code,
    statuses,
)

# A form posted empty (a PUT: Django's form views take it like a POST without data) is shown
# again with its errors: the same answers as its GET.
ORGANISATIE_CHANGE = statuses(403, **{PL: 200, BH: 200})
# Another pilot's organisation: in the shared registry, so not a 404; only the beheerder edits.
ORGANISATIE_CHANGE_OTHER = statuses(403, **{BH: 200})


def _pilot(w: World, p: str) -> dict[str, Any]:
    return {
        "naam": "Pilot Matrixregio",
        "soort": "regionaal",
        "tranche": 2,
        "arbeidsmarktregio": "Matrixland",
        "startdatum": "2019-04-01",
        "streefaantal": 50,
        "bewaartermijn_maanden": 12,
    }


def _organisatie(w: World, p: str = "") -> dict[str, Any]:
    return {
        "naam": "Matrix Bouw BV",
        "soort": OrganisatieSoort.LEERBEDRIJF,
        "plaats": "Utrecht",
        "bekostigd": "unknown",
        "leerbedrijf_id": "",
    }


def _form_page(
    kwargs: Any, data: Any, get: dict[str, int] = PILOT_CHANGE, post: dict[str, int] | None = None
) -> Case:
    """A pilot's form page: GET, a valid POST (302) and an empty PUT, own and other pilot."""
    post = post or done(get)
    return merge(
        own_other(get, other_of(get), kwargs),
        own_other_write(post, other_of(post), kwargs, "post", data),
        own_other_write(get, other_of(get), kwargs, "put"),
    )


def _member(w: World, p: str) -> dict[str, Any]:
    return {
        "code": getattr(w, p).pilot.code,
        "pk": Membership.objects.get(user=getattr(w, p).users[MBO]).pk,
    }


def _organisatie_pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).verwijzer_org.pk}


CASES: dict[str, Case] = {
    "pilots:pilot-list": one(statuses(200)),
    "pilots:pilot-detail": own_other(statuses(200), other_of(statuses(200)), pilot_code),
    "pilots:pilot-update": _form_page(pilot_code, _pilot),
    "pilots:partner-create": _form_page(
        pilot_code,
        lambda w, p: {"organisatie": w.extra["nieuwe_organisatie"].pk, "rol": "leerbedrijf"},
    ),
    "pilots:partner-delete": own_other(
        PILOT_CHANGE_POST,
        other_of(PILOT_CHANGE_POST),
        lambda w, p: {"code": getattr(w, p).pilot.code, "pk": getattr(w, p).partner.pk},
        method="post",
    ),
    "pilots:subregio-create": _form_page(pilot_code, lambda w, p: {"naam": "Matrix-Oost"}),
    "pilots:subregio-delete": own_other(
        PILOT_CHANGE_POST,
        other_of(PILOT_CHANGE_POST),
        lambda w, p: {"code": getattr(w, p).pilot.code, "pk": getattr(w, p).subregio.pk},
        method="post",
    ),
    "pilots:membership-list": own_other(
        statuses(403, **{PL: 200, BH: 200}),
        other_of(statuses(403, **{PL: 200, BH: 200})),
        pilot_code,
    ),
    "pilots:membership-create": _form_page(
        pilot_code,
        lambda w, p: {
            "email": f"nieuw-lid@{p}.test",
            "first_name": "Nieuw",
            "last_name": "Lid",
            "role": VW,
            "organisatie": getattr(w, p).verwijzer_org.pk,
        },
    ),
    "pilots:membership-end": own_other(
        PILOT_CHANGE_POST, other_of(PILOT_CHANGE_POST), _member, method="post"
    ),
    "pilots:organisatie-list": one(statuses(200)),
    "pilots:organisatie-create": merge(
        one(ORGANISATIE_CHANGE),
        one(done(ORGANISATIE_CHANGE), method="post", data=_organisatie),
        one(ORGANISATIE_CHANGE, method="put"),
    ),
    # The organisation registry is shared: every signed-in user may look an organisation up
    # (the pilots it is a partner in are filtered); only its own pilot's projectleider edits it.
    "pilots:organisatie-detail": own_other(statuses(200), statuses(200), _organisatie_pk),
    "pilots:organisatie-update": merge(
        own_other(ORGANISATIE_CHANGE, ORGANISATIE_CHANGE_OTHER, _organisatie_pk),
        own_other_write(
            done(ORGANISATIE_CHANGE),
            done(ORGANISATIE_CHANGE_OTHER),
            _organisatie_pk,
            "post",
            lambda w, p: {
                **_organisatie(w),
                "naam": f"Gemeente {p.title()}stad",
                "soort": OrganisatieSoort.GEMEENTE,
            },
        ),
        own_other_write(ORGANISATIE_CHANGE, ORGANISATIE_CHANGE_OTHER, _organisatie_pk, "put"),
    ),
}


def setup(world: World) -> None:
    """An organisation that is no pilot's partner yet (to add as one)."""
    world.extra["nieuwe_organisatie"] = OrganisatieFactory(
        naam="Matrix Nieuw Leerbedrijf", soort=OrganisatieSoort.LEERBEDRIJF
    )
