"""Tenancy-matrix cases for the portaal URLs (merged into tests/test_tenancy_matrix.py).

A participant is not a user: the portal has its own session (`portaal.sessie`). Every staff
role is anonymous to it, so each page of a logged-in participant answers every staff actor with
the redirect to the portal's login page (302), like the anonymous visitor. The public pages
(asking for a login link, the link page, a shared verklaring) answer everyone alike.

The participant actor (`DN`: alpha's participant logged in through `portaal.sessie`) gets 200
on their own pages and objects (302 or 400 after a write, as noted), 404 on beta's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from deelnemers.models import Toestemming
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from ondertekening.services import _hash
from portaal.models import Deellink
from verklaringen.models import MboVerklaring, Registratie

from .conftest import World
from .matrix_support import DN, Case, Variant, merge, one, statuses


# Staff are anonymous to the portal: the portal's login page, for every actor but the
# participant (DN), who gets `dn`.
def login(dn: int) -> dict[str, int]:
    return statuses(302, anon=302, **{DN: dn})


PUBLIEK = statuses(200, anon=200, **{DN: 200})
ONBEKEND = statuses(404, anon=404, **{DN: 404})
VERLOPEN = statuses(410, anon=410, **{DN: 410})
LOGIN = login(200)


def _eigen(key: str):  # type: ignore[no-untyped-def]
    """Own (alpha) and other (beta) object of the participant's pages: both the login redirect
    for staff; the participant gets 200 on alpha's, 404 on beta's."""

    def variants(method: str = "get", data: Any = None, own: int = 200) -> Case:
        return Case(
            [
                Variant(
                    "own", lambda w: {"pk": w.extra[f"{key}_alpha"].pk}, login(own), method, data
                ),
                Variant(
                    "other", lambda w: {"pk": w.extra[f"{key}_beta"].pk}, login(404), method, data
                ),
            ]
        )

    return variants


def _reflectie(w: World) -> dict[str, Any]:
    return {"datum": timezone.localdate().isoformat(), "situatie": "S", "actie": "A",
            "reflectie": "R"}  # fmt: skip


def _deellink(w: World) -> dict[str, Any]:
    return {
        "registratie": w.extra["portaal_registratie_alpha"].pk,
        "verloopt_op": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


CASES: dict[str, Case] = {
    "portaal-dossier": one(LOGIN),
    "portaal-inloggen": merge(
        # A participant who is logged in goes on to their dossier.
        one(statuses(200, anon=200, **{DN: 302})),
        # The same answer for a known or unknown address (the matrix world's is unknown).
        one(PUBLIEK, method="post", data=lambda w: {"email": "matrix-onbekend@alpha.test"}),
    ),
    "portaal-inloglink": merge(
        one(ONBEKEND, lambda w: {"token": "geen-geldige-link"}),
        one(
            ONBEKEND,
            lambda w: {"token": "geen-geldige-link"},
            method="post",
            data=lambda w: {"stap": "code"},
        ),
    ),
    "portaal-uitloggen": one(login(302), method="post"),
    "portaal-ondertekenen": merge(
        one(LOGIN),
        # Refused by the service (400, nothing signed): the matrix world's signature is not
        # out at the participant's address. tests/test_portaal_dossier.py signs for real.
        one(
            login(400),
            method="post",
            data=lambda w: {"naam": "Adaalpha Zichtbaar", "akkoord": "on"},
        ),
    ),
    "portaal-document": _eigen("portaal_ondertekening")(),
    "portaal-verklaring-pdf": _eigen("portaal_mv")(),
    "portaal-voortgang": one(LOGIN),
    "portaal-reflectie": merge(
        _eigen("portaal_tw")(), _eigen("portaal_tw")("post", _reflectie, own=302)
    ),
    "portaal-delen": merge(one(LOGIN), one(LOGIN, method="post", data=_deellink)),
    "portaal-deellink-intrekken": _eigen("portaal_deellink")("post", own=302),
    "portaal-gegevens": one(LOGIN),
    "portaal-inzage": Case(
        [
            Variant("json", lambda w: {"fmt": "json"}, LOGIN),
            Variant("pdf", lambda w: {"fmt": "pdf"}, LOGIN),
        ]
    ),
    "portaal-toestemming": merge(
        one(LOGIN), one(LOGIN, method="post", data=lambda w: {"bevestig": "on"})
    ),
    "portaal-gedeeld": Case(
        [
            Variant("valid", lambda w: {"token": "matrix-gedeeld-alpha"}, PUBLIEK),
            Variant("expired", lambda w: {"token": "matrix-verlopen-alpha"}, VERLOPEN),
            Variant("revoked", lambda w: {"token": "matrix-ingetrokken-alpha"}, VERLOPEN),
            Variant("unknown", lambda w: {"token": "bestaat-niet"}, ONBEKEND),
        ]
    ),
}


def setup(world: World) -> None:
    """Per pilot: the participant's consent and e-mail address (so the participant actor's
    session holds), an issued mbo-verklaring with its register entry, a signature of the
    participant on the POK of matrix_overeenkomsten, an agreed werkproces, and share links
    (valid, expired, revoked) on alpha's verklaring."""
    from kwalificaties.models import Werkproces
    from trajecten.models import TrajectWerkproces

    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        d = pw.deelnemer
        type(d).objects.filter(pk=d.pk).update(email=f"matrix-deelnemer@{p}.test")
        Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=["delen_partners"])
        registratie = Registratie.objects.create(
            nummer=f"MV-MATRIX-{p}",
            verificatiecode="MATRIXALPHA2" if p == "alpha" else "MATRIXBETA23",
            pilot=pw.pilot,
            deelnemer=d,
            instelling=pw.mbo,
            instelling_naam=pw.mbo.naam,
            uitgegeven_op=timezone.localdate(),
            houder_naam="Matrix Houder",
            werkprocessen=[],
        )
        mv = MboVerklaring.objects.create(
            praktijkverklaring=world.extra[f"pv_{p}"], mbo_instelling=pw.mbo,
            registratie=registratie, uitgegeven_op=timezone.now(),
        )  # fmt: skip
        mv.pdf.save(f"mv-matrix-{p}.pdf", ContentFile(b"%PDF-1.7\n% matrix sealed\n"))
        world.extra[f"portaal_mv_{p}"] = mv
        world.extra[f"portaal_registratie_{p}"] = registratie
        versie = world.extra[f"versie_{p}"]
        bestaand = Ondertekening.objects.filter(
            document_type__model="overeenkomstversie", document_id=versie.pk,
            rol=PartijRol.DEELNEMER,
        ).first()  # fmt: skip
        world.extra[f"portaal_ondertekening_{p}"] = bestaand or Ondertekening.objects.create(
            document=versie, traject=pw.traject, rol=PartijRol.DEELNEMER, naam=str(d),
            email=f"matrix-deelnemer@{p}.test", document_sha256=versie.pdf_sha256,
        )  # fmt: skip
        werkproces = Werkproces.objects.order_by("pk").first()
        tw = pw.traject.traject_werkprocessen.first()
        if tw is None and werkproces is not None:
            tw = TrajectWerkproces.objects.create(traject=pw.traject, werkproces=werkproces)
        world.extra[f"portaal_tw_{p}"] = tw
        world.extra[f"portaal_deellink_{p}"] = Deellink.objects.create(
            deelnemer=d, registratie=registratie, token_hash=_hash(f"gedeeld:matrix-gedeeld-{p}"),
            verloopt_op=timezone.localdate() + timedelta(days=30),
        )  # fmt: skip
    alpha = world.alpha.deelnemer
    reg = world.extra["portaal_registratie_alpha"]
    Deellink.objects.create(
        deelnemer=alpha, registratie=reg, token_hash=_hash("gedeeld:matrix-verlopen-alpha"),
        verloopt_op=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    Deellink.objects.create(
        deelnemer=alpha, registratie=reg, token_hash=_hash("gedeeld:matrix-ingetrokken-alpha"),
        verloopt_op=timezone.localdate() + timedelta(days=1), ingetrokken_op=timezone.now(),
    )  # fmt: skip
