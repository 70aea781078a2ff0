"""The checks of the kwalificaties import files, before anything is stored: every error as
`file:line: column: reason` (English: the command-line tool's and the beheerder's language)."""

from __future__ import annotations

import re
from datetime import date

from praktijkleren.importing import ImportErrors, Row

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
            errors.add(row.line, column, "required value is empty")
    for column, limit in MAX_LENGTHS.items():
        if limit and len(row[column]) > limit:
            errors.add(
                row.line, column, f"too long ({len(row[column])} characters, at most {limit})"
            )
    crebo = row["crebo"]
    if crebo and not CREBO_RE.match(crebo):
        errors.add(row.line, "crebo", f"'{crebo}' is not a five-digit crebo number")


def _werkproces(
    row: Row, errors: ImportErrors, seen: dict[tuple[str, str], int], kt_names: dict
) -> None:
    crebo, code, kt = row["crebo"], row["werkproces_code"], row["kerntaak_code"]
    if kt and not KERNTAAK_RE.match(kt):
        errors.add(row.line, "kerntaak_code", f"'{kt}' is not a kerntaak code like B1-K1")
    if code and kt and not re.match(rf"^{re.escape(kt)}-W[0-9]+$", code):
        errors.add(row.line, "werkproces_code", f"'{code}' is not a werkproces of kerntaak {kt}")
    if crebo and code:
        if (crebo, code) in seen:
            errors.add(
                row.line,
                "werkproces_code",
                f"{crebo}:{code} appears twice (first on line {seen[(crebo, code)]})",
            )
        seen.setdefault((crebo, code), row.line)
    first_kt = kt_names.setdefault((crebo, kt), (row["kerntaak_naam"], row.line))
    if first_kt[0] != row["kerntaak_naam"]:
        errors.add(row.line, "kerntaak_naam", f"differs from line {first_kt[1]} for {crebo} {kt}")


def _niveau(row: Row, errors: ImportErrors) -> None:
    if row["niveau"] and row["niveau"].strip().lower() not in NIVEAUS:
        errors.add(row.line, "niveau", f"'{row['niveau']}' is not one of Entree, 2, 3, 4")


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
                    f"differs from line {first[3]} for crebo {row['crebo']} ('{first[i]}')",
                )


def valideer_crebolijst(rows: list[Row], errors: ImportErrors) -> None:
    seen: dict[str, int] = {}
    dossiers: dict[tuple[str, str], Row] = {}
    for row in rows:
        _common(row, CREBOLIJST_COLUMNS, errors)
        _niveau(row, errors)
        crebo = row["crebo"]
        if crebo in seen:
            errors.add(row.line, "crebo", f"{crebo} appears twice (first on line {seen[crebo]})")
        seen.setdefault(crebo, row.line)
        code = row["dossier_crebo"]
        if code and not CREBO_RE.match(code):
            errors.add(row.line, "dossier_crebo", f"'{code}' is not a five-digit crebo number")
        for column in ("geldig_vanaf", "geldig_tot"):
            if row[column] and parse_datum(row[column]) is None:
                errors.add(row.line, column, f"'{row[column]}' is not a date (YYYY-MM-DD)")
        vanaf, tot = parse_datum(row["geldig_vanaf"]), parse_datum(row["geldig_tot"])
        if vanaf and tot and tot < vanaf:
            errors.add(row.line, "geldig_tot", "is before geldig_vanaf")
        first = dossiers.setdefault((code, row["kwalificatiedossier"]), row)
        for column in ("versie", "bron"):
            if first[column] != row[column]:
                errors.add(
                    row.line,
                    column,
                    f"differs from line {first.line} for dossier "
                    f"{code or row['kwalificatiedossier']} ('{first[column]}')",
                )
    names: dict[str, tuple[str, int]] = {}
    for (code, naam), row in dossiers.items():
        if code:
            other = names.setdefault(code, (naam, row.line))
            if other[0] != naam:
                errors.add(
                    row.line,
                    "kwalificatiedossier",
                    f"dossier {code} is named '{other[0]}' on line {other[1]}",
                )


def valideer_werkprocessen(rows: list[Row], errors: ImportErrors, crebos: set[str]) -> None:
    seen: dict[tuple[str, str], int] = {}
    kt_names: dict = {}
    for row in rows:
        _common(row, WERKPROCES_COLUMNS, errors)
        if row["crebo"] and CREBO_RE.match(row["crebo"]) and row["crebo"] not in crebos:
            errors.add(
                row.line,
                "crebo",
                f"unknown kwalificatie {row['crebo']} (not in the crebo list nor stored)",
            )
        _werkproces(row, errors, seen, kt_names)
