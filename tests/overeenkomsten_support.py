"""Shared set-up for the agreement tests: a traject ready for its agreements, and reading the
signing links and codes from the e-mails that were sent."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from django.core import mail
from django.urls import reverse

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from ondertekening.models import Ondertekening
from overeenkomsten.services import genereer_overeenkomsten
from pilots.roles import Role
from trajecten.services import maak_traject

from .conftest import World
from .factories import erken

LINK = re.compile(r"https?://[^\s]+/ondertekenen/([\w-]+)/")
CODE = re.compile(r"\b(\d{6})\b")
# In the past: a traject cannot start before its start date (issue 11).
START = date(2026, 11, 2)
EIND = date(2027, 5, 3)


def twee_werkprocessen() -> list[Werkproces]:
    k, _ = Kwalificatie.objects.get_or_create(
        crebo="25256",
        defaults={"naam": "Medewerker logistiek (Entree)", "niveau": "Entree", "domein": "Entree"},
    )
    kt, _ = Kerntaak.objects.get_or_create(
        kwalificatie=k, code="B1-K1", defaults={"naam": "Ontvangt en slaat goederen op"}
    )
    namen = ["Ontvangt goederen", "Slaat goederen op"]
    return [
        Werkproces.objects.get_or_create(
            kerntaak=kt, kwalificatie=k, code=f"B1-K1-W{i + 1}", defaults={"naam": naam}
        )[0]
        for i, naam in enumerate(namen)
    ]


def klaar_traject(world: World, pilot: str = "alpha", **changes: Any) -> Any:
    """A planned traject with two werkprocessen, funded by the gemeente (so it needs a PLOK), a
    leerbedrijf and mbo-instelling recognised for its crebo, and a participant with an e-mail
    address: everything the three agreements need."""
    pw = getattr(world, pilot)
    mbo = pw.users[Role.MBO_MEDEWERKER]
    deelnemer = pw.other_deelnemer
    deelnemer.email = f"deelnemer@{pilot}.test"
    deelnemer.verwijzer_organisatie = pw.verwijzer_org
    deelnemer.verwezen_door = pw.users[Role.VERWIJZER]
    deelnemer.save()
    fields = {
        "startdatum": START,
        "geplande_einddatum": EIND,
        "uren_per_week": 32,
        "financieringsbron": "gemeente",
        "loon_of_uitkering": "uitkering",
        **changes,
    }
    traject = maak_traject(
        actor=mbo,
        deelnemer=deelnemer,
        werkprocessen=twee_werkprocessen(),
        leerbedrijf=pw.leerbedrijf,
        mbo_instelling=pw.mbo,
        praktijkopleider=pw.users[Role.PRAKTIJKOPLEIDER],
        jobcoach=pw.users[Role.JOBCOACH],
        **fields,
    )
    erken(leerbedrijf=pw.leerbedrijf, mbo_instelling=pw.mbo, kwalificaties=traject.kwalificaties())
    return traject


def links(to: str | None = None) -> list[str]:
    """Signing tokens from the e-mails sent so far (optionally only those to one address)."""
    return [
        m
        for message in mail.outbox
        if to is None or to in message.to
        for m in LINK.findall(message.body)
    ]


def last_code(to: str) -> str:
    message = [m for m in mail.outbox if to in m.to and "code" in m.subject.lower()][-1]
    return CODE.findall(message.subject)[0]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def genereer(traject, mbo):
    genereer_overeenkomsten(actor=mbo, traject=traject)
    return {o.soort: o for o in traject.overeenkomsten.all()}


def verstuur(client, traject):
    return client.post(reverse("overeenkomsten:verstuur", args=[traject.pk]), follow=True)


def teken(client, token, naam=None, ip="203.0.113.7"):
    """The whole signing flow for one link, as a party's browser does it. The signer types their
    name as the document names them (in capitals: case may differ)."""
    url = reverse("ondertekenen", args=[token])
    assert client.get(url).status_code == 200
    client.post(url, {"stap": "code"})
    o = Ondertekening.objects.get(token_hash__isnull=False, pk=_pk(token))
    client.post(url, {"stap": "controleer", "code": last_code(o.email)})
    return client.post(
        url,
        {"stap": "teken", "naam": naam if naam is not None else o.naam.upper(), "akkoord": "on"},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Mozilla/5.0 (test phone)",
    )


def _pk(token):
    from ondertekening.services import _hash

    # One link may cover several signatures of one person (issue 11): the first of them.
    return Ondertekening.objects.filter(token_hash=_hash(token)).order_by("pk")[0].pk
