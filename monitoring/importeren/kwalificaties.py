"""kwalificaties.csv -> what the kwalificatiestructuur does not hold yet (key crebo +
werkproces_code). Reference data is never changed by this import: a kwalificatie, kerntaak or
werkproces the product already holds is kept exactly as it is, and a value that differs is a
warning `file:line: column: differs from the kwalificatiestructuur (kept)`. An unknown kerntaak
or werkproces is added with herkomst `import` (it never counts as the official structure); an
unknown kwalificatie is added as the file describes it. The kwalificatiestructuur itself changes
only through `kwalificaties.services.import_kwalificaties`."""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from kwalificaties.constants import Herkomst, Niveau
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from praktijkleren import audit
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

CREBO_RE = re.compile(r"^[0-9]{5}$")
KERNTAAK_RE = re.compile(r"^[BP][0-9]+-K[0-9]+$")


def importeer_kwalificaties(ctx: ImportContext, bestand: Bestand) -> None:
    """Add the unknown part of the file to the kwalificatiestructuur; not in a single-pilot
    upload (national reference data)."""
    if ctx.only_pilot is not None:
        ctx.result.errors.append(melding(bestand.name, 1, "-", m.LANDELIJK))
        return
    rows, errors = lees(bestand, KWALIFICATIE_COLUMNS, KWALIFICATIE_OPTIONAL)
    controleer(rows, errors, "kwalificaties", KWALIFICATIE_COLUMNS)
    _valideer(rows, errors)
    if errors:
        ctx.fouten(errors)
        return
    warnings = ImportErrors(bestand.name)
    _voeg_toe(ctx, rows, warnings)
    ctx.waarschuwingen(warnings)


def _valideer(rows: list[Row], errors: ImportErrors) -> None:
    """Codes well formed, each werkproces once, and one name/niveau/domein per crebo and one
    name per kerntaak within the file."""
    seen: dict[Hashable, int] = {}
    kwalificaties: dict[str, Row] = {}
    kerntaken: dict[tuple[str, str], Row] = {}
    for row in rows:
        crebo, kt, code = row["crebo"], row["kerntaak_code"], row["werkproces_code"]
        if crebo and not CREBO_RE.match(crebo):
            errors.add(row.line, "crebo", m.GEEN_CREBO, crebo=crebo)
        if row["niveau"] and row["niveau"] not in Niveau.values:
            errors.add(row.line, "niveau", m.GEEN_NIVEAU, waarde=row["niveau"])
        if kt and not KERNTAAK_RE.match(kt):
            errors.add(row.line, "kerntaak_code", m.GEEN_KERNTAAK, code=kt)
        if code and kt and not re.match(rf"^{re.escape(kt)}-W[0-9]+$", code):
            errors.add(row.line, "werkproces_code", m.GEEN_WERKPROCES_VAN, code=code, kerntaak=kt)
        if crebo and code:
            dubbel(seen, (crebo, code), row, errors, "werkproces_code")
        first = kwalificaties.setdefault(crebo, row)
        for column in ("naam", "niveau", "domein"):
            if first[column] != row[column]:
                errors.add(
                    row.line,
                    column,
                    m.KWALIFICATIE_ANDERS,
                    regel=first.line,
                    crebo=crebo,
                    waarde=first[column],
                )
        first_kt = kerntaken.setdefault((crebo, kt), row)
        if first_kt["kerntaak_naam"] != row["kerntaak_naam"]:
            errors.add(
                row.line,
                "kerntaak_naam",
                m.KERNTAAK_ANDERS,
                regel=first_kt.line,
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


def _voeg_toe(ctx: ImportContext, rows: list[Row], warnings: ImportErrors) -> None:
    kwalificaties = {k.crebo: k for k in Kwalificatie.objects.select_related("dossier")}
    kerntaken = {(k.kwalificatie_id, k.code): k for k in Kerntaak.objects.all()}
    werkprocessen = {(w.kwalificatie_id, w.code): w for w in Werkproces.objects.all()}
    dossiers = {d.naam: d for d in Kwalificatiedossier.objects.all()}
    # Kwalificaties and kerntaken counted (and compared) once: on the first row naming them.
    gezien: set[Hashable] = set()
    toegevoegd: dict[str, dict[str, Any]] = {}  # crebo -> what was added, for the audit
    for row in rows:
        crebo, kt_code, wp_code = row["crebo"], row["kerntaak_code"], row["werkproces_code"]
        kwal = kwalificaties.get(crebo)
        if kwal is None:
            kwal = kwalificaties[crebo] = Kwalificatie.objects.create(
                crebo=crebo,
                naam=row["naam"],
                niveau=row["niveau"],
                domein=row["domein"],
                dossier=dossiers.get(row["dossier"]),
                herkomst=Herkomst.IMPORT,
            )
            gezien.add(crebo)
            toegevoegd.setdefault(crebo, {})["kwalificatie"] = kwal.naam
            ctx.tel("kwalificaties", "created")
        elif crebo not in gezien:
            gezien.add(crebo)
            ctx.tel("kwalificaties", "unchanged")
            _verschil(warnings, row, kwal, {"naam": "naam", "niveau": "niveau", "domein": "domein"})
            _verschil(warnings, row, kwal, {"dossier": "dossier"}, given_only=True)
        kt = kerntaken.get((kwal.pk, kt_code))
        if kt is None:
            kt = kerntaken[(kwal.pk, kt_code)] = Kerntaak.objects.create(
                kwalificatie=kwal, code=kt_code, naam=row["kerntaak_naam"], herkomst=Herkomst.IMPORT
            )
            gezien.add((crebo, kt_code))
            toegevoegd.setdefault(crebo, {}).setdefault("kerntaken", []).append(kt_code)
            ctx.tel("kerntaken", "created")
        elif (crebo, kt_code) not in gezien:
            gezien.add((crebo, kt_code))
            ctx.tel("kerntaken", "unchanged")
            _verschil(warnings, row, kt, {"kerntaak_naam": "naam"})
        wp = werkprocessen.get((kwal.pk, wp_code))
        if wp is None:
            Werkproces.objects.create(
                kerntaak=kt,
                kwalificatie=kwal,
                code=wp_code,
                naam=row["werkproces_naam"],
                omschrijving=row["werkproces_omschrijving"],
                herkomst=Herkomst.IMPORT,
            )
            toegevoegd.setdefault(crebo, {}).setdefault("werkprocessen", []).append(wp_code)
            ctx.tel("werkprocessen", "created")
        else:
            ctx.tel("werkprocessen", "unchanged")
            _verschil(warnings, row, wp, {"werkproces_naam": "naam"})
            _verschil(warnings, row, wp, {"werkproces_omschrijving": "omschrijving"}, True)
    for crebo, changes in toegevoegd.items():
        audit.record(
            actor=ctx.actor,
            action="import_praktijkloket.kwalificatie",
            obj=kwalificaties[crebo],
            changes={"herkomst": Herkomst.IMPORT.value, **changes},
        )
