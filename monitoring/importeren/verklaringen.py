"""verklaringen.csv -> `verklaringen.Registratie` with herkomst `extern`: each row a
praktijkverklaring issued outside the product, registered without PDF or seal. Its leerbedrijf
becomes a partner (leerbedrijf) of the pilot."""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots.constants import PartnerRol
from pilots.models import Pilot
from praktijkleren.importing import ImportErrors, Row
from verklaringen.constants import CODE_ALFABET, CODE_LENGTE, Herkomst, RegistratieStatus
from verklaringen.models import KENMERKEN, Registratie
from verklaringen.services import werkproces_zoals_gedrukt

from . import meldingen as m
from .bestanden import (
    VERKLARING_COLUMNS,
    VERKLARING_OPTIONAL,
    Bestand,
    controleer,
    datum,
    dubbel,
    geheel,
    lees,
)
from .context import ImportContext, Orgachtig, per_pilot
from .opslag import Opslag


@dataclass(frozen=True, slots=True)
class _Houder:
    """A participant as a verklaring needs them."""

    pk: int
    voornaam: str
    achternaam: str
    instelling_id: int | None
    instelling_naam: str | None


@dataclass(slots=True)
class _Plan:
    """A checked row, to be written once the batch's organisations have keys."""

    row: Row
    pilot: Pilot
    houder: _Houder
    volgnummer: int | None
    afgifte: date | None
    werkprocessen: list[dict[str, Any]]
    leerbedrijf: Orgachtig | None


def importeer_verklaringen(ctx: ImportContext, bestand: Bestand) -> None:
    """verklaringen.csv -> `Registratie` with herkomst `extern` (key: participant + volgnummer);
    the werkprocessen as printed on product-issued ones. Per batch: a query each for its
    pilots, leerbedrijven, participants, werkprocessen (those not seen before), partnerships,
    register entries and verification codes, and an INSERT each for what is new."""
    batches, errors = lees(bestand, VERKLARING_COLUMNS, VERKLARING_OPTIONAL)
    # (crebo, code) -> the werkproces as printed; None: not in the kwalificatiestructuur.
    werkprocessen: dict[tuple[str, str], dict[str, Any] | None] = {}
    seen: dict[Hashable, int] = {}
    for batch in batches:
        controleer(batch, errors, "verklaringen", VERKLARING_COLUMNS)
        ctx.zoek_pilots(row["pilot"] for row in batch)
        ctx.zoek_leerbedrijven(row["leerbedrijf_id"] for row in batch)
        houders = _zoek_houders(ctx, batch)
        _zoek_werkprocessen(werkprocessen, batch)
        plannen = []
        for row in batch:
            plan = _controleer(ctx, row, errors, seen, houders, werkprocessen)
            if plan is not None:
                plannen.append(plan)
        ctx.bewaar()  # the leerbedrijven and partnerships first: the rows refer to them
        _schrijf(ctx, bestand, plannen)
        ctx.benoem()
    ctx.fouten(errors)


def _items(row: Row) -> Iterator[tuple[str, tuple[str, str]]]:
    """The row's werkprocessen: each item as written, and as (crebo, code)."""
    for item in (i.strip() for i in row["werkprocessen"].split(";")):
        if item:
            crebo, _sep, code = item.partition(":")
            yield item, (crebo.strip(), code.strip())


def _zoek_houders(ctx: ImportContext, batch: tuple[Row, ...]) -> dict[tuple[int, str], _Houder]:
    """The participants the batch names, by (pilot pk, deelnemer_id): one query."""
    keys = {
        (p.pk, row["deelnemer_id"])
        for row in batch
        if row["deelnemer_id"] and (p := ctx.pilots.get(row["pilot"])) is not None
    }
    if not keys:
        return {}
    rows = Deelnemer.objects.filter(per_pilot(keys)).order_by().values_list(
        "pilot_id", "referentie", "pk", "voornaam", "achternaam", "mbo_instelling_id",
        "mbo_instelling__naam",
    )  # fmt: skip
    return {
        (pilot_id, ref): _Houder(pk, voornaam, achternaam, instelling_id, instelling_naam)
        for pilot_id, ref, pk, voornaam, achternaam, instelling_id, instelling_naam in rows
    }


def _zoek_werkprocessen(
    werkprocessen: dict[tuple[str, str], dict[str, Any] | None], batch: tuple[Row, ...]
) -> None:
    """Look up the werkprocessen the batch names that were not looked up before: one query."""
    nieuw = {key for row in batch for _item, key in _items(row)} - set(werkprocessen)
    if not nieuw:
        return
    for w in Werkproces.objects.filter(
        kwalificatie__crebo__in={crebo for crebo, _code in nieuw},
        code__in={code for _crebo, code in nieuw},
    ).select_related("kwalificatie", "kerntaak"):
        if (w.kwalificatie.crebo, w.code) in nieuw:
            werkprocessen[(w.kwalificatie.crebo, w.code)] = werkproces_zoals_gedrukt(w)
    for key in nieuw:
        werkprocessen.setdefault(key, None)


def _controleer(
    ctx: ImportContext,
    row: Row,
    errors: ImportErrors,
    seen: dict[Hashable, int],
    houders: dict[tuple[int, str], _Houder],
    werkprocessen: dict[tuple[str, str], dict[str, Any] | None],
) -> _Plan | None:
    """The row checked, with its leerbedrijf (added when unknown) and partnership; None when it
    has errors."""
    before = len(errors.messages)
    pilot = ctx.pilot_van(row, errors)
    houder = None
    if pilot is not None and row["deelnemer_id"]:
        houder = houders.get((pilot.pk, row["deelnemer_id"]))
        if houder is None and (pilot.code, row["deelnemer_id"]) in ctx.afgekeurd:
            errors.add(row.line, "deelnemer_id", m.DEELNEMER_AFGEKEURD)
        elif houder is None:
            errors.add(
                row.line,
                "deelnemer_id",
                m.ONBEKENDE_DEELNEMER,
                id=row["deelnemer_id"],
                pilot=pilot.code,
            )
        elif houder.instelling_id is None:
            errors.add(row.line, "deelnemer_id", m.GEEN_INSTELLING)
    volgnummer = geheel(row, "volgnummer", errors, minimum=1)
    if pilot is not None and row["deelnemer_id"] and volgnummer is not None:
        dubbel(seen, (pilot.pk, row["deelnemer_id"], volgnummer), row, errors, "volgnummer")
    afgifte = datum(row, "datum_afgifte", errors)
    lijst = []
    for item, key in _items(row):
        wp = werkprocessen.get(key)
        if wp is None:
            errors.add(row.line, "werkprocessen", m.ONBEKEND_WERKPROCES, item=item)
        else:
            lijst.append(wp)
    if row["werkprocessen"] and not lijst and len(errors.messages) == before:
        errors.add(row.line, "werkprocessen", m.GEEN_WERKPROCES)
    if len(errors.messages) > before:
        return None
    leerbedrijf = ctx.leerbedrijf(row, errors)
    if leerbedrijf is False or houder is None or pilot is None:
        return None
    if leerbedrijf:
        ctx.partner(pilot, leerbedrijf, PartnerRol.LEERBEDRIJF)
    return _Plan(row, pilot, houder, volgnummer, afgifte, lijst, leerbedrijf)


def _schrijf(ctx: ImportContext, bestand: Bestand, plannen: list[_Plan]) -> None:
    """Create or update the batch's register entries, their kenmerken filled as `save` would."""
    if not plannen:
        return
    # A participant this run created has no register entries but those it creates now.
    ids = {p.houder.pk for p in plannen} - ctx.nieuwe_deelnemers
    bestaand = {
        (r.deelnemer_id, r.volgnummer): r
        for r in Registratie.objects.filter(herkomst=Herkomst.EXTERN, deelnemer_id__in=ids)
    } if ids else {}  # fmt: skip
    opslag = Opslag(Registratie)
    for p in plannen:
        row, houder = p.row, p.houder
        fields: dict[str, Any] = {
            "pilot_id": p.pilot.pk,
            "instelling_id": houder.instelling_id,
            "instelling_naam": houder.instelling_naam,
            "uitgegeven_op": p.afgifte,
            "houder_naam": f"{houder.voornaam} {houder.achternaam}",
            "werkprocessen": p.werkprocessen,
            "leerbedrijf_id": p.leerbedrijf.pk if p.leerbedrijf else None,
            "brancheorganisaties": [
                b.strip() for b in row["brancheorganisaties"].split(";") if b.strip()
            ],
            "status": RegistratieStatus.GELDIG,
        }
        registratie = bestaand.get((houder.pk, p.volgnummer))
        if registratie is None:
            registratie = opslag.object(
                herkomst=Herkomst.EXTERN, deelnemer_id=houder.pk, volgnummer=p.volgnummer, **fields
            )
            registratie.vul_kenmerken()
            ctx.tel("verklaringen", "created", p.pilot)
        else:
            changed = ctx.update(
                registratie,
                fields,
                soort="verklaringen",
                bestand=bestand.name,
                row=row,
                naam=f"{row['deelnemer_id']} #{p.volgnummer}",
            )
            if "werkprocessen" in changed:
                registratie.vul_kenmerken()
                opslag.wijzig(registratie, [*changed, *KENMERKEN])
            else:
                opslag.wijzig(registratie, changed)
            ctx.tel("verklaringen", "updated" if changed else "unchanged", p.pilot)
    # `nummer` is made once, from the verification code, and kept on updates.
    for registratie, code in zip(opslag.nieuw, _verificatiecodes(len(opslag.nieuw)), strict=True):
        registratie.verificatiecode, registratie.nummer = code, f"EXT-{code}"
    opslag.bewaar()


def _verificatiecodes(n: int) -> list[str]:
    """`n` verification codes not in the register yet, as random as those of
    `verklaringen.services.nieuwe_verificatiecode`, checked with one query."""
    codes: set[str] = set()
    while len(codes) < n:
        kandidaten = set(_willekeurig(n - len(codes))) - codes
        bezet = Registratie.objects.filter(verificatiecode__in=kandidaten).values_list(
            "verificatiecode", flat=True
        )
        codes |= kandidaten - set(bezet)
    return list(codes)


def _willekeurig(n: int) -> list[str]:
    """`n` codes of `CODE_LENGTE` characters, each drawn uniformly from `CODE_ALFABET` from the
    system's random bytes (a byte of the highest partial cycle is skipped, so every character
    is as likely), a few thousand bytes for a batch instead of one call per character."""
    grens = 256 - 256 % len(CODE_ALFABET)
    tekens: list[str] = []
    while len(tekens) < n * CODE_LENGTE:
        tekens += [CODE_ALFABET[b % len(CODE_ALFABET)] for b in os.urandom(n * 16) if b < grens]
    return ["".join(tekens[i : i + CODE_LENGTE]) for i in range(0, n * CODE_LENGTE, CODE_LENGTE)]
