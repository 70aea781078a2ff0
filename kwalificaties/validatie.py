"""The checks of the kwalificaties import files, before anything is stored: every error as
`file:line: column: reason` (English on the command line; the page shows it translated and
grouped, see `meldingen`)."""

from __future__ import annotations

import re
from datetime import date

from praktijkleren.importing import GEEN_DATUM, TE_LANG, VERPLICHT, ImportErrors, Row

from . import meldingen as m
from .constants import Niveau
from .models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces

# The one-row-per-werkproces file (kwalificaties.csv of ../shared/formats).
LEGACY_COLUMNS = [
    "crebo", "naam", "niveau", "domein",
    "kerntaak_code", "kerntaak_naam", "werkproces_code", "werkproces_naam",
]  # fmt: skip
LEGACY_OPTIONAL = ["dossier", "werkproces_omschrijving"]
# SBB's crebo list.
CREBOLIJST_COLUMNS = ["crebo", "kwalificatie", "kwalificatiedossier", "niveau", "domein"]
CREBOLIJST_OPTIONAL = ["dossier_crebo", "versie", "bron", "geldig_vanaf", "geldig_tot"]
# The kerntaken and werkprocessen of the dossiers, one row per werkproces.
WERKPROCES_COLUMNS = [
    "crebo", "kerntaak_code", "kerntaak_naam", "werkproces_code", "werkproces_naam",
]  # fmt: skip
WERKPROCES_OPTIONAL = ["werkproces_omschrijving"]

CREBO_RE = re.compile(r"^[0-9]{5}$")
KERNTAAK_RE = re.compile(r"^[BP][0-9]+-K[0-9]+$")
NIVEAUS = {"entree": Niveau.ENTREE, "1": Niveau.ENTREE, "2": "2", "3": "3", "4": "4"}


def _limit(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length  # type: ignore[attr-defined,return-value]


MAX_LENGTHS = {
    "naam": _limit(Kwalificatie, "naam"),
    "kwalificatie": _limit(Kwalificatie, "naam"),
    "domein": _limit(Kwalificatie, "domein"),
    "dossier": _limit(Kwalificatiedossier, "naam"),
    "kwalificatiedossier": _limit(Kwalificatiedossier, "naam"),
    "versie": _limit(Kwalificatiedossier, "versie"),
    "bron": _limit(Kwalificatiedossier, "bron"),
    "kerntaak_code": _limit(Kerntaak, "code"),
    "kerntaak_naam": _limit(Kerntaak, "naam"),
    "werkproces_code": _limit(Werkproces, "code"),
    "werkproces_naam": _limit(Werkproces, "naam"),
}


def niveau_van(value: str) -> str:
    return str(NIVEAUS.get(value.strip().lower(), value))


def parse_datum(value: str) -> date | None:
    """YYYY-MM-DD or DD-MM-YYYY; None when empty or not a date."""
    value = value.strip()
    m = re.match(r"^([0-9]{2})-([0-9]{2})-([0-9]{4})$", value)
    if m:
        value = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _common(row: Row, required: list[str], errors: ImportErrors) -> None:
    for column in required:
        if not row[column]:
            errors.add(row.line, column, VERPLICHT)
    for column, limit in MAX_LENGTHS.items():
        if limit and len(row[column]) > limit:
            errors.add(row.line, column, TE_LANG, lengte=len(row[column]), max=limit)
    crebo = row["crebo"]
    if crebo and not CREBO_RE.match(crebo):
        errors.add(row.line, "crebo", m.GEEN_CREBO, crebo=crebo)


def _werkproces(
    row: Row, errors: ImportErrors, seen: dict[tuple[str, str], int], kt_names: dict
) -> None:
    crebo, code, kt = row["crebo"], row["werkproces_code"], row["kerntaak_code"]
    if kt and not KERNTAAK_RE.match(kt):
        errors.add(row.line, "kerntaak_code", m.GEEN_KERNTAAK, code=kt)
    if code and kt and not re.match(rf"^{re.escape(kt)}-W[0-9]+$", code):
        errors.add(row.line, "werkproces_code", m.GEEN_WERKPROCES_VAN, code=code, kerntaak=kt)
    if crebo and code:
        if (crebo, code) in seen:
            errors.add(
                row.line,
                "werkproces_code",
                m.TWEE_KEER,
                sleutel=f"{crebo}:{code}",
                regel=seen[(crebo, code)],
            )
        seen.setdefault((crebo, code), row.line)
    first_kt = kt_names.setdefault((crebo, kt), (row["kerntaak_naam"], row.line))
    if first_kt[0] != row["kerntaak_naam"]:
        errors.add(
            row.line,
            "kerntaak_naam",
            m.KERNTAAK_ANDERS,
            regel=first_kt[1],
            crebo=crebo,
            kerntaak=kt,
        )


def _niveau(row: Row, errors: ImportErrors) -> None:
    if row["niveau"] and row["niveau"].strip().lower() not in NIVEAUS:
        errors.add(row.line, "niveau", m.GEEN_NIVEAU, waarde=row["niveau"])


def valideer_legacy(rows: list[Row], errors: ImportErrors) -> None:
    seen: dict[tuple[str, str], int] = {}
    kwal: dict[str, tuple[str, str, str, int]] = {}
    kt_names: dict = {}
    for row in rows:
        _common(row, LEGACY_COLUMNS, errors)
        _niveau(row, errors)
        _werkproces(row, errors, seen, kt_names)
        facts = (row["naam"], row["niveau"], row["domein"], row.line)
        first = kwal.setdefault(row["crebo"], facts)
        for i, column in enumerate(("naam", "niveau", "domein")):
            if first[i] != facts[i]:
                errors.add(
                    row.line,
                    column,
                    m.KWALIFICATIE_ANDERS,
                    regel=first[3],
                    crebo=row["crebo"],
                    waarde=first[i],
                )


def valideer_crebolijst(rows: list[Row], errors: ImportErrors) -> None:
    seen: dict[str, int] = {}
    dossiers: dict[tuple[str, str], Row] = {}
    for row in rows:
        _common(row, CREBOLIJST_COLUMNS, errors)
        _niveau(row, errors)
        crebo = row["crebo"]
        if crebo in seen:
            errors.add(row.line, "crebo", m.TWEE_KEER, sleutel=crebo, regel=seen[crebo])
        seen.setdefault(crebo, row.line)
        code = row["dossier_crebo"]
        if code and not CREBO_RE.match(code):
            errors.add(row.line, "dossier_crebo", m.GEEN_CREBO, crebo=code)
        for column in ("geldig_vanaf", "geldig_tot"):
            if row[column] and parse_datum(row[column]) is None:
                errors.add(row.line, column, GEEN_DATUM, waarde=row[column])
        vanaf, tot = parse_datum(row["geldig_vanaf"]), parse_datum(row["geldig_tot"])
        if vanaf and tot and tot < vanaf:
            errors.add(row.line, "geldig_tot", m.TOT_VOOR_VANAF)
        first = dossiers.setdefault((code, row["kwalificatiedossier"]), row)
        for column in ("versie", "bron"):
            if first[column] != row[column]:
                errors.add(
                    row.line,
                    column,
                    m.DOSSIER_ANDERS,
                    regel=first.line,
                    dossier=code or row["kwalificatiedossier"],
                    waarde=first[column],
                )
    names: dict[str, tuple[str, int]] = {}
    for (code, naam), row in dossiers.items():
        if code:
            other = names.setdefault(code, (naam, row.line))
            if other[0] != naam:
                errors.add(
                    row.line,
                    "kwalificatiedossier",
                    m.DOSSIER_NAAM,
                    code=code,
                    naam=other[0],
                    regel=other[1],
                )


def valideer_werkprocessen(rows: list[Row], errors: ImportErrors, crebos: set[str]) -> None:
    seen: dict[tuple[str, str], int] = {}
    kt_names: dict = {}
    for row in rows:
        _common(row, WERKPROCES_COLUMNS, errors)
        if row["crebo"] and CREBO_RE.match(row["crebo"]) and row["crebo"] not in crebos:
            errors.add(row.line, "crebo", m.ONBEKENDE_KWALIFICATIE, crebo=row["crebo"])
        _werkproces(row, errors, seen, kt_names)
