"""Write operations on the kwalificatiestructuur."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from praktijkleren.importing import ImportErrors, ImportFailed, Row, read_csv

from .constants import Niveau
from .models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces

COLUMNS = [
    "crebo", "naam", "niveau", "domein",
    "kerntaak_code", "kerntaak_naam", "werkproces_code", "werkproces_naam",
]  # fmt: skip
OPTIONAL_COLUMNS = ["dossier", "werkproces_omschrijving"]
CREBO_RE = re.compile(r"^[0-9]{5}$")
KERNTAAK_RE = re.compile(r"^[BP][0-9]+-K[0-9]+$")


@dataclass
class ImportResult:
    kwalificaties_created: int = 0
    kwalificaties_updated: int = 0
    werkprocessen_created: int = 0
    werkprocessen_updated: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


# Column -> the model field whose max_length bounds it.
MAX_LENGTHS = {
    "naam": Kwalificatie._meta.get_field("naam").max_length,
    "domein": Kwalificatie._meta.get_field("domein").max_length,
    "dossier": Kwalificatiedossier._meta.get_field("naam").max_length,
    "kerntaak_code": Kerntaak._meta.get_field("code").max_length,
    "kerntaak_naam": Kerntaak._meta.get_field("naam").max_length,
    "werkproces_code": Werkproces._meta.get_field("code").max_length,
    "werkproces_naam": Werkproces._meta.get_field("naam").max_length,
}


def _validate(rows: list[Row], errors: ImportErrors) -> None:
    seen_wp: dict[tuple[str, str], int] = {}
    kwal: dict[str, tuple[str, str, str, int]] = {}
    kerntaak: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        for column in COLUMNS:
            if not row[column]:
                errors.add(row.line, column, "required value is empty")
        for column, limit in MAX_LENGTHS.items():
            if limit and len(row[column]) > limit:
                errors.add(
                    row.line, column, f"too long ({len(row[column])} characters, at most {limit})"
                )
        crebo, code, kt = row["crebo"], row["werkproces_code"], row["kerntaak_code"]
        if crebo and not CREBO_RE.match(crebo):
            errors.add(row.line, "crebo", f"'{crebo}' is not a five-digit crebo number")
        if row["niveau"] and row["niveau"] not in Niveau.values:
            errors.add(row.line, "niveau", f"'{row['niveau']}' is not one of Entree, 2, 3, 4")
        if kt and not KERNTAAK_RE.match(kt):
            errors.add(row.line, "kerntaak_code", f"'{kt}' is not a kerntaak code like B1-K1")
        if code and kt and not re.match(rf"^{re.escape(kt)}-W[0-9]+$", code):
            errors.add(
                row.line, "werkproces_code", f"'{code}' is not a werkproces of kerntaak {kt}"
            )
        if crebo and code:
            if (crebo, code) in seen_wp:
                errors.add(
                    row.line,
                    "werkproces_code",
                    f"{crebo}:{code} appears twice (first on line {seen_wp[(crebo, code)]})",
                )
            seen_wp.setdefault((crebo, code), row.line)
        facts = (row["naam"], row["niveau"], row["domein"], row.line)
        first = kwal.setdefault(crebo, facts)
        for i, column in enumerate(("naam", "niveau", "domein")):
            if first[i] != facts[i]:
                errors.add(
                    row.line,
                    column,
                    f"differs from line {first[3]} for crebo {crebo} ('{first[i]}')",
                )
        first_kt = kerntaak.setdefault((crebo, kt), (row["kerntaak_naam"], row.line))
        if first_kt[0] != row["kerntaak_naam"]:
            errors.add(
                row.line, "kerntaak_naam", f"differs from line {first_kt[1]} for {crebo} {kt}"
            )


def import_kwalificaties(*, path: Path | str) -> ImportResult:
    """Import a kwalificaties.csv file (one row per werkproces), all or nothing.

    Idempotent: the key is crebo + werkproces_code; a changed row updates the record. Raises
    ImportFailed with every error as `file:line: column: reason`; nothing is stored then."""
    errors = ImportErrors(Path(path).name)
    rows = list(read_csv(path, required=COLUMNS, optional=OPTIONAL_COLUMNS, errors=errors))
    _validate(rows, errors)
    if errors:
        raise ImportFailed(errors.messages)

    result = ImportResult()
    with transaction.atomic():
        kwalificaties = {k.crebo: k for k in Kwalificatie.objects.all()}
        kerntaken = {(k.kwalificatie_id, k.code): k for k in Kerntaak.objects.all()}
        werkprocessen = {(w.kwalificatie_id, w.code): w for w in Werkproces.objects.all()}
        dossiers = {d.naam: d for d in Kwalificatiedossier.objects.all()}
        for row in rows:
            dossier = None
            if row["dossier"]:
                dossier = dossiers.get(row["dossier"])
                if dossier is None:
                    dossier = dossiers[row["dossier"]] = Kwalificatiedossier.objects.create(
                        naam=row["dossier"]
                    )
            fields: dict[str, Any] = {
                "naam": row["naam"],
                "niveau": row["niveau"],
                "domein": row["domein"],
            }
            if dossier is not None:
                fields["dossier"] = dossier
            kwal = kwalificaties.get(row["crebo"])
            if kwal is None:
                kwal = kwalificaties[row["crebo"]] = Kwalificatie.objects.create(
                    crebo=row["crebo"], **fields
                )
                result.kwalificaties_created += 1
            elif _update(kwal, fields):
                result.kwalificaties_updated += 1
            kt_code = row["kerntaak_code"]
            kt = kerntaken.get((kwal.pk, kt_code))
            if kt is None:
                kt = kerntaken[(kwal.pk, kt_code)] = Kerntaak.objects.create(
                    kwalificatie=kwal, code=kt_code, naam=row["kerntaak_naam"]
                )
            else:
                _update(kt, {"naam": row["kerntaak_naam"]})
            wp_fields: dict[str, Any] = {"kerntaak": kt, "naam": row["werkproces_naam"]}
            if row["werkproces_omschrijving"]:
                wp_fields["omschrijving"] = row["werkproces_omschrijving"]
            wp = werkprocessen.get((kwal.pk, row["werkproces_code"]))
            if wp is None:
                Werkproces.objects.create(
                    kwalificatie=kwal, code=row["werkproces_code"], **wp_fields
                )
                result.werkprocessen_created += 1
            elif _update(wp, wp_fields):
                result.werkprocessen_updated += 1
    return result


def _update(obj: Any, fields: dict[str, Any]) -> bool:
    changed = [k for k, v in fields.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, fields[k])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)
