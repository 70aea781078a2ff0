"""kwalificaties.csv -> what the kwalificatiestructuur does not hold yet (key crebo +
werkproces_code). Reference data is never changed by this import: a kwalificatie, kerntaak or
werkproces the product already holds is kept exactly as it is, and a value that differs is a
warning `file:line: column: differs from the kwalificatiestructuur (kept)`. An unknown kerntaak
or werkproces is added with herkomst `import` (it never counts as the official structure); an
unknown kwalificatie is added as the file describes it. The kwalificatiestructuur itself changes
only through `kwalificaties.services.import_kwalificaties`."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from typing import Any

from kwalificaties.constants import Herkomst, Niveau
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from praktijkleren.importing import ImportErrors, Row
from praktijkleren.importmeldingen import melding

from . import meldingen as m
from .bestanden import (
    KWALIFICATIE_COLUMNS,
    KWALIFICATIE_OPTIONAL,
    Bestand,
    controleer,
    dubbel,
    lees,
)
from .context import ImportContext
from .opslag import Opslag, bewaar_gebeurtenissen, gebeurtenis

CREBO_RE = re.compile(r"^[0-9]{5}$")
KERNTAAK_RE = re.compile(r"^[BP][0-9]+-K[0-9]+$")
NIVEAUS = frozenset(Niveau.values)


def importeer_kwalificaties(ctx: ImportContext, bestand: Bestand) -> None:
    """Add the unknown part of the file to the kwalificatiestructuur; not in a single-pilot
    upload (national reference data). The file is read twice: checked whole first (nothing is
    added from a file with errors), then added batch by batch."""
    if ctx.only_pilot is not None:
        ctx.result.errors.append(melding(bestand.name, 1, "-", m.LANDELIJK))
        return
    batches, errors = lees(bestand, KWALIFICATIE_COLUMNS, KWALIFICATIE_OPTIONAL)
    _valideer(batches, errors)
    if errors:
        ctx.fouten(errors)
        return
    warnings = ImportErrors(bestand.name)
    batches, _errors = lees(bestand, KWALIFICATIE_COLUMNS, KWALIFICATIE_OPTIONAL)
    _Toevoeging(ctx, warnings).voeg_toe(batches)
    ctx.waarschuwingen(warnings)


def _valideer(batches: Iterable[tuple[Row, ...]], errors: ImportErrors) -> None:
    """Codes well formed, each werkproces once, and one name/niveau/domein per crebo and one
    name per kerntaak within the file (kept per crebo and kerntaak, not per row)."""
    seen: dict[Hashable, int] = {}
    # crebo -> (line, naam, niveau, domein) of its first row; (crebo, kerntaak) -> (line, naam).
    kwalificaties: dict[str, tuple[int, str, str, str]] = {}
    kerntaken: dict[tuple[str, str], tuple[int, str]] = {}
    for batch in batches:
        controleer(batch, errors, "kwalificaties", KWALIFICATIE_COLUMNS)
        for row in batch:
            crebo, kt, code = row["crebo"], row["kerntaak_code"], row["werkproces_code"]
            if crebo and not CREBO_RE.match(crebo):
                errors.add(row.line, "crebo", m.GEEN_CREBO, crebo=crebo)
            if row["niveau"] and row["niveau"] not in NIVEAUS:
                errors.add(row.line, "niveau", m.GEEN_NIVEAU, waarde=row["niveau"])
            if kt and not KERNTAAK_RE.match(kt):
                errors.add(row.line, "kerntaak_code", m.GEEN_KERNTAAK, code=kt)
            if code and kt and not re.match(rf"^{re.escape(kt)}-W[0-9]+$", code):
                errors.add(
                    row.line, "werkproces_code", m.GEEN_WERKPROCES_VAN, code=code, kerntaak=kt
                )
            if crebo and code:
                dubbel(seen, (crebo, code), row, errors, "werkproces_code")
            first = kwalificaties.setdefault(
                crebo, (row.line, row["naam"], row["niveau"], row["domein"])
            )
            for column, waarde in zip(("naam", "niveau", "domein"), first[1:], strict=True):
                if waarde != row[column]:
                    errors.add(
                        row.line,
                        column,
                        m.KWALIFICATIE_ANDERS,
                        regel=first[0],
                        crebo=crebo,
                        waarde=waarde,
                    )
            first_kt = kerntaken.setdefault((crebo, kt), (row.line, row["kerntaak_naam"]))
            if first_kt[1] != row["kerntaak_naam"]:
                errors.add(
                    row.line,
                    "kerntaak_naam",
                    m.KERNTAAK_ANDERS,
                    regel=first_kt[0],
                    crebo=crebo,
                    kerntaak=kt,
                )


def _verschil(
    warnings: ImportErrors, row: Row, obj: Any, columns: dict[str, str], given_only: bool = False
) -> None:
    """A warning for each column whose value differs from the field it would have filled."""
    for column, attr in columns.items():
        value = row[column]
        if given_only and not value:
            continue
        held = getattr(obj, attr)
        if (held.naam if isinstance(held, Kwalificatiedossier) else held or "") != value:
            warnings.add(row.line, column, m.KWALIFICATIE_BEHOUDEN)


class _Toevoeging:
    """Adds what the structure lacks, batch by batch: per batch one query each for the
    kwalificaties, kerntaken and werkprocessen it names, and one INSERT each for the new ones.
    The kwalificaties and kerntaken seen stay known for the run (a structure holds thousands of
    them, not one per row); the werkprocessen only for their batch (each is on one row)."""

    def __init__(self, ctx: ImportContext, warnings: ImportErrors) -> None:
        self.ctx = ctx
        self.warnings = warnings
        self.kwalificaties: dict[str, Kwalificatie | None] = {}  # crebo -> None: not stored
        self.kerntaken: dict[tuple[str, str], Kerntaak] = {}  # (crebo, code)
        self.dossiers = {d.naam: d for d in Kwalificatiedossier.objects.all()}
        # Kwalificaties and kerntaken counted (and compared) once: on the first row naming them.
        self.gezien: set[Hashable] = set()
        self.toegevoegd: dict[str, dict[str, Any]] = {}  # crebo -> what was added, for the audit

    def voeg_toe(self, batches: Iterable[tuple[Row, ...]]) -> None:
        for batch in batches:
            self._batch(batch)
        bewaar_gebeurtenissen(
            [
                gebeurtenis(
                    actor=self.ctx.actor,
                    action="import_praktijkloket.kwalificatie",
                    model=Kwalificatie,
                    pk=self._kwalificatie(crebo).pk,
                    changes={"herkomst": Herkomst.IMPORT.value, **changes},
                )
                for crebo, changes in self.toegevoegd.items()
            ]
        )

    def _kwalificatie(self, crebo: str) -> Kwalificatie:
        kwal = self.kwalificaties[crebo]
        assert kwal is not None
        return kwal

    def _zoek(self, batch: tuple[Row, ...]) -> dict[tuple[str, str], Werkproces]:
        """Look up what the batch names; its stored werkprocessen by (crebo, code)."""
        crebos = {row["crebo"] for row in batch} - set(self.kwalificaties)
        if crebos:
            gevonden = {
                k.crebo: k
                for k in Kwalificatie.objects.filter(crebo__in=crebos).select_related("dossier")
            }
            for crebo in crebos:
                self.kwalificaties[crebo] = gevonden.get(crebo)
            bij = {k.pk: k.crebo for k in gevonden.values()}
            for kt in Kerntaak.objects.filter(kwalificatie_id__in=bij):
                self.kerntaken[(bij[kt.kwalificatie_id], kt.code)] = kt
        stored = {
            row["crebo"]: kwal.pk
            for row in batch
            if (kwal := self.kwalificaties[row["crebo"]]) is not None and kwal.pk is not None
        }
        if not stored:
            return {}
        crebo_van = {pk: crebo for crebo, pk in stored.items()}
        return {
            (crebo_van[w.kwalificatie_id], w.code): w
            for w in Werkproces.objects.filter(
                kwalificatie_id__in=crebo_van, code__in={row["werkproces_code"] for row in batch}
            )
        }

    def _batch(self, batch: tuple[Row, ...]) -> None:
        ctx, warnings, gezien = self.ctx, self.warnings, self.gezien
        werkprocessen = self._zoek(batch)
        nieuwe_kwalificaties = Opslag(Kwalificatie)
        nieuwe_kerntaken = Opslag(Kerntaak)
        nieuwe_werkprocessen = Opslag(Werkproces)
        for row in batch:
            crebo, kt_code, wp_code = row["crebo"], row["kerntaak_code"], row["werkproces_code"]
            kwal = self.kwalificaties.get(crebo)
            if kwal is None:
                kwal = self.kwalificaties[crebo] = Kwalificatie(
                    crebo=crebo,
                    naam=row["naam"],
                    niveau=row["niveau"],
                    domein=row["domein"],
                    dossier=self.dossiers.get(row["dossier"]),
                    herkomst=Herkomst.IMPORT,
                )
                nieuwe_kwalificaties.voeg_toe(kwal)
                gezien.add(crebo)
                self.toegevoegd.setdefault(crebo, {})["kwalificatie"] = kwal.naam
                ctx.tel("kwalificaties", "created")
            elif crebo not in gezien:
                gezien.add(crebo)
                ctx.tel("kwalificaties", "unchanged")
                _verschil(
                    warnings, row, kwal, {"naam": "naam", "niveau": "niveau", "domein": "domein"}
                )
                _verschil(warnings, row, kwal, {"dossier": "dossier"}, given_only=True)
            kt = self.kerntaken.get((crebo, kt_code))
            if kt is None:
                kt = self.kerntaken[(crebo, kt_code)] = Kerntaak(
                    kwalificatie=kwal,
                    code=kt_code,
                    naam=row["kerntaak_naam"],
                    herkomst=Herkomst.IMPORT,
                )
                nieuwe_kerntaken.voeg_toe(kt)
                gezien.add((crebo, kt_code))
                self.toegevoegd.setdefault(crebo, {}).setdefault("kerntaken", []).append(kt_code)
                ctx.tel("kerntaken", "created")
            elif (crebo, kt_code) not in gezien:
                gezien.add((crebo, kt_code))
                ctx.tel("kerntaken", "unchanged")
                _verschil(warnings, row, kt, {"kerntaak_naam": "naam"})
            wp = werkprocessen.get((crebo, wp_code))
            if wp is None:
                nieuwe_werkprocessen.voeg_toe(
                    Werkproces(
                        kerntaak=kt,
                        kwalificatie=kwal,
                        code=wp_code,
                        naam=row["werkproces_naam"],
                        omschrijving=row["werkproces_omschrijving"],
                        herkomst=Herkomst.IMPORT,
                    )
                )
                self.toegevoegd.setdefault(crebo, {}).setdefault("werkprocessen", []).append(
                    wp_code
                )
                ctx.tel("werkprocessen", "created")
            else:
                ctx.tel("werkprocessen", "unchanged")
                _verschil(warnings, row, wp, {"werkproces_naam": "naam"})
                _verschil(warnings, row, wp, {"werkproces_omschrijving": "omschrijving"}, True)
        # In this order: a kerntaak refers to its kwalificatie, a werkproces to both.
        nieuwe_kwalificaties.bewaar()
        nieuwe_kerntaken.bewaar()
        nieuwe_werkprocessen.bewaar()
