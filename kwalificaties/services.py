"""Write operations on the kwalificatiestructuur, and the check that keeps example data off real
documents.

`import_kwalificaties` takes what SBB publishes:
- a crebo list (CSV or XLSX: crebo, kwalificatie, kwalificatiedossier, niveau, domein and
  optionally dossier_crebo, versie, bron, geldig_vanaf, geldig_tot), and
- the kerntaken and werkprocessen (CSV, or the sheet `werkprocessen` of the XLSX: crebo,
  kerntaak_code, kerntaak_naam, werkproces_code, werkproces_naam).
The older one-row-per-werkproces file (kwalificaties.csv of ../shared/formats) is still read.
For every kwalificatie in a werkprocessen file, that file is its complete set in the dossier's
version: new werkprocessen are added, changed ones updated, and those no longer in it retired
(`actief` false, `vervallen_op`), never deleted. All or nothing; idempotent.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.importing import ImportErrors, ImportFailed, Row

from . import bestanden
from .constants import Herkomst
from .models import Kerntaak, Kwalificatie, Kwalificatiedossier, KwalificatieImport, Werkproces
from .validatie import (
    CREBOLIJST_COLUMNS,
    CREBOLIJST_OPTIONAL,
    WERKPROCES_COLUMNS,
    WERKPROCES_OPTIONAL,
    niveau_van,
    parse_datum,
    valideer_crebolijst,
    valideer_legacy,
    valideer_werkprocessen,
)
from .validatie import LEGACY_COLUMNS as COLUMNS
from .validatie import LEGACY_OPTIONAL as OPTIONAL_COLUMNS

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "ImportResult",
    "controleer_officieel",
    "import_kwalificaties",
]


@dataclass
class ImportResult:
    kwalificaties_created: int = 0
    kwalificaties_updated: int = 0
    werkprocessen_created: int = 0
    werkprocessen_updated: int = 0
    werkprocessen_retired: int = 0
    dossiers_created: int = 0
    dossiers_updated: int = 0
    # (kind, what, detail): kind is "nieuw", "gewijzigd" or "vervallen"; for the preview.
    wijzigingen: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.wijzigingen)

    def add(self, kind: str, what: str, detail: str = "") -> None:
        self.wijzigingen.append((kind, what, detail))

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k != "wijzigingen"} | {
            "wijzigingen": [list(w) for w in self.wijzigingen]
        }


class _Rollback(Exception):
    pass


def import_kwalificaties(
    *,
    path: Path | str,
    werkprocessen: Path | str | None = None,
    herkomst: str = Herkomst.OFFICIEEL,
    actor: Any = None,
    dry_run: bool = False,
    naam: str | None = None,
    werkprocessen_naam: str | None = None,
) -> ImportResult:
    """Import a crebo list (or the one-row-per-werkproces file) and, optionally, the kerntaken
    and werkprocessen. `herkomst` marks what is created (example data: Herkomst.VOORBEELD; it
    never overwrites or retires official rows). `dry_run` computes what would change (the
    preview) and stores nothing. Raises ImportFailed with every error as
    `file:line: column: reason`; nothing is stored then. `naam`/`werkprocessen_naam` name the
    files in messages (an upload is stored under another name)."""
    messages: list[str] = []
    with bestanden.Tabellen(path, naam) as hoofd:
        messages += hoofd.errors.messages
        crebo_rows: list[Row] = []
        wp_rows: list[tuple[str, Row]] = []  # (file name, row)
        legacy = False
        if hoofd.tabellen:
            errors = ImportErrors(hoofd.naam)
            cols = bestanden.header(hoofd.tabellen[0])
            legacy = "werkproces_code" in cols and "kwalificatie" not in cols
            if legacy:
                rows = hoofd.rows(0, COLUMNS, OPTIONAL_COLUMNS, errors)
                valideer_legacy(rows, errors)
                crebo_rows = rows
                wp_rows = [(hoofd.naam, r) for r in rows]
            else:
                crebo_rows = hoofd.rows(0, CREBOLIJST_COLUMNS, CREBOLIJST_OPTIONAL, errors)
                valideer_crebolijst(crebo_rows, errors)
            messages += errors.messages
            if len(hoofd.tabellen) > 1:
                blad = ImportErrors(f"{hoofd.naam}[werkprocessen]")
                rows = hoofd.rows(1, WERKPROCES_COLUMNS, WERKPROCES_OPTIONAL, blad)
                valideer_werkprocessen(rows, blad, _bekende_crebos(crebo_rows))
                wp_rows += [(blad.filename, r) for r in rows]
                messages += blad.messages
        if werkprocessen is not None:
            with bestanden.Tabellen(werkprocessen, werkprocessen_naam) as tweede:
                messages += tweede.errors.messages
                if tweede.tabellen:
                    errors = ImportErrors(tweede.naam)
                    rows = tweede.rows(0, WERKPROCES_COLUMNS, WERKPROCES_OPTIONAL, errors)
                    valideer_werkprocessen(rows, errors, _bekende_crebos(crebo_rows))
                    wp_rows += [(tweede.naam, r) for r in rows]
                    messages += errors.messages
    if messages:
        raise ImportFailed(messages)
    result = ImportResult()
    try:
        with transaction.atomic():
            _store(crebo_rows, wp_rows, legacy, herkomst, result)
            if dry_run:
                raise _Rollback
            _audit(actor, result)
    except _Rollback:
        pass
    return result


def _bekende_crebos(crebo_rows: list[Row]) -> set[str]:
    return {r["crebo"] for r in crebo_rows} | set(
        Kwalificatie.objects.values_list("crebo", flat=True)
    )


def _store(
    crebo_rows: list[Row],
    wp_rows: list[tuple[str, Row]],
    legacy: bool,
    herkomst: str,
    result: ImportResult,
) -> None:
    kwalificaties = {k.crebo: k for k in Kwalificatie.objects.select_related("dossier")}
    dossiers_by_code = {d.code: d for d in Kwalificatiedossier.objects.exclude(code="")}
    dossiers_by_naam = {d.naam: d for d in Kwalificatiedossier.objects.filter(code="")}
    # The dossiers first: version, source and validity (the span of its kwalificaties).
    per_dossier: dict[tuple[str, str], list[Row]] = {}
    for row in crebo_rows:
        naam = row["kwalificatiedossier"] if not legacy else row["dossier"]
        if naam:
            per_dossier.setdefault((row["dossier_crebo"], naam), []).append(row)
    dossier_of: dict[str, Kwalificatiedossier] = {}
    for (code, naam), rows in per_dossier.items():
        vanaf = [parse_datum(r["geldig_vanaf"]) for r in rows]
        tot = [parse_datum(r["geldig_tot"]) for r in rows]
        fields: dict[str, Any] = {"naam": naam}
        if not legacy:
            fields |= {
                "versie": rows[0]["versie"],
                "bron": rows[0]["bron"],
                "geldig_vanaf": min((d for d in vanaf if d), default=None),
                "geldig_tot": None if None in tot else max(tot),  # type: ignore[type-var]
            }
        dossier = dossiers_by_code.get(code) if code else dossiers_by_naam.get(naam)
        label = f"{_('Kwalificatiedossier')} {code + ' ' if code else ''}{naam}"
        if dossier is None:
            dossier = Kwalificatiedossier.objects.create(code=code, **fields)
            (dossiers_by_code if code else dossiers_by_naam)[code or naam] = dossier
            result.dossiers_created += 1
            result.add("nieuw", label, fields.get("versie", ""))
        elif changed := _update(dossier, fields):
            result.dossiers_updated += 1
            result.add("gewijzigd", label, _beschrijf(changed))
        for r in rows:
            dossier_of[r["crebo"]] = dossier
    seen_crebo: set[str] = set()
    for row in crebo_rows:
        crebo = row["crebo"]
        if crebo in seen_crebo:
            continue  # the one-row-per-werkproces file repeats the kwalificatie
        seen_crebo.add(crebo)
        fields = {
            "naam": row["naam"] if legacy else row["kwalificatie"],
            "niveau": niveau_van(row["niveau"]),
            "domein": row["domein"],
        }
        if not legacy:
            fields |= {
                "geldig_vanaf": parse_datum(row["geldig_vanaf"]),
                "geldig_tot": parse_datum(row["geldig_tot"]),
            }
        if crebo in dossier_of:
            fields["dossier"] = dossier_of[crebo]
        if herkomst == Herkomst.OFFICIEEL:
            fields["herkomst"] = Herkomst.OFFICIEEL  # takes over one an import added
        kwal = kwalificaties.get(crebo)
        label = f"{_('Kwalificatie')} {crebo} {fields['naam']}"
        if kwal is None:
            kwal = kwalificaties[crebo] = Kwalificatie.objects.create(
                crebo=crebo, **{"herkomst": herkomst, **fields}
            )
            result.kwalificaties_created += 1
            result.add("nieuw", label, f"{kwal.get_niveau_display()}, {kwal.domein}")
        elif changed := _update(kwal, fields):
            result.kwalificaties_updated += 1
            result.add("gewijzigd", label, _beschrijf(changed))
        if crebo in dossier_of:
            kwal.dossier = dossier_of[crebo]  # the instance with this import's version
    _store_werkprocessen(wp_rows, kwalificaties, legacy, herkomst, result)


def _store_werkprocessen(
    wp_rows: list[tuple[str, Row]],
    kwalificaties: dict[str, Kwalificatie],
    legacy: bool,
    herkomst: str,
    result: ImportResult,
) -> None:
    if not wp_rows:
        return
    crebos = {row["crebo"] for _name, row in wp_rows}
    kerntaken = {
        (k.kwalificatie_id, k.code): k
        for k in Kerntaak.objects.filter(kwalificatie__crebo__in=crebos)
    }
    werkprocessen = {
        (w.kwalificatie_id, w.code): w
        for w in Werkproces.objects.filter(kwalificatie__crebo__in=crebos)
    }
    officieel = herkomst == Herkomst.OFFICIEEL
    in_file: set[int] = set()
    for _name, row in wp_rows:
        kwal = kwalificaties[row["crebo"]]
        versie = kwal.dossier.versie if kwal.dossier else ""
        kt_code = row["kerntaak_code"]
        kt = kerntaken.get((kwal.pk, kt_code))
        if kt is None:
            kt = kerntaken[(kwal.pk, kt_code)] = Kerntaak.objects.create(
                kwalificatie=kwal, code=kt_code, naam=row["kerntaak_naam"], herkomst=herkomst
            )
        elif officieel or kt.herkomst != Herkomst.OFFICIEEL:
            _update(kt, {"naam": row["kerntaak_naam"], "herkomst": herkomst})
        wp_fields: dict[str, Any] = {
            "kerntaak": kt,
            "naam": row["werkproces_naam"],
            "herkomst": herkomst,
            "actief": True,
            "vervallen_op": None,
        }
        if not legacy:
            wp_fields["versie"] = versie
        if row["werkproces_omschrijving"]:
            wp_fields["omschrijving"] = row["werkproces_omschrijving"]
        code = row["werkproces_code"]
        label = f"{_('Werkproces')} {kwal.crebo} {code} {row['werkproces_naam']}"
        wp = werkprocessen.get((kwal.pk, code))
        if wp is None:
            wp = Werkproces.objects.create(kwalificatie=kwal, code=code, **wp_fields)
            result.werkprocessen_created += 1
            result.add("nieuw", label, versie)
        elif not officieel and wp.herkomst == Herkomst.OFFICIEEL:
            pass  # example data never overwrites the kwalificatiestructuur
        elif changed := _update(wp, wp_fields):
            result.werkprocessen_updated += 1
            result.add("gewijzigd", label, _beschrijf(changed))
        in_file.add(wp.pk)
    if legacy or not officieel:
        return
    # The file is the complete set of each of its kwalificaties: retire what it no longer has.
    today = timezone.localdate()
    crebo_of = {k.pk: crebo for crebo, k in kwalificaties.items()}
    for (_kwal_id, code), wp in sorted(werkprocessen.items(), key=lambda i: i[0]):
        if wp.pk in in_file or not wp.actief:
            continue
        wp.actief, wp.vervallen_op = False, today
        wp.save(update_fields=["actief", "vervallen_op"])
        result.werkprocessen_retired += 1
        result.add(
            "vervallen",
            f"{_('Werkproces')} {crebo_of[wp.kwalificatie_id]} {code} {wp.naam}",
            wp.versie,
        )


def _update(obj: Any, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changed = {k: (getattr(obj, k), v) for k, v in fields.items() if getattr(obj, k) != v}
    for k in changed:
        setattr(obj, k, fields[k])
    if changed:
        obj.save(update_fields=list(changed))
    return changed


def _beschrijf(changed: dict[str, tuple[Any, Any]]) -> str:
    parts = []
    for k, (old, new) in changed.items():
        if k in ("kerntaak", "dossier", "actief", "vervallen_op"):
            parts.append(k)
        else:
            parts.append(f"{k}: '{old or ''}' → '{new or ''}'")
    return "; ".join(parts)


def _audit(actor: Any, result: ImportResult) -> None:
    if not result.changed:
        return
    # One event per kwalificatie that changed (its crebo in the label of each change).
    per_crebo: dict[str, list[list[str]]] = {}
    for kind, what, detail in result.wijzigingen:
        match = re.search(r"\b([0-9]{5})\b", what)
        if match:
            per_crebo.setdefault(match.group(1), []).append([kind, what, detail])
    for kwal in Kwalificatie.objects.filter(crebo__in=per_crebo):
        audit.record(
            actor=actor,
            action="kwalificaties.import",
            obj=kwal,
            changes={"wijzigingen": per_crebo[kwal.crebo]},
        )


# --- The beheerder's import in the browser: upload, preview, confirm --------------------------


def upload_import(*, actor: Any, crebolijst: Any, werkprocessen: Any = None) -> KwalificatieImport:
    """Keep the uploaded files until the beheerder confirms (uploads are Django UploadedFiles)."""
    imp = KwalificatieImport(
        crebolijst_naam=Path(crebolijst.name).name,
        werkprocessen_naam=Path(werkprocessen.name).name if werkprocessen else "",
        aangemaakt_door=actor if getattr(actor, "pk", None) else None,
    )
    imp.crebolijst.save(f"crebolijst{Path(crebolijst.name).suffix.lower()}", crebolijst, save=False)
    if werkprocessen:
        suffix = Path(werkprocessen.name).suffix.lower()
        imp.werkprocessen.save(f"werkprocessen{suffix}", werkprocessen, save=False)
    imp.save()
    audit.record(
        actor=actor,
        action="kwalificaties.import.upload",
        obj=imp,
        changes={"bestanden": [imp.crebolijst_naam, imp.werkprocessen_naam]},
    )
    return imp


def _run(imp: KwalificatieImport, *, actor: Any = None, dry_run: bool) -> ImportResult:
    # The stored files are read through the storage API only (they may live in object storage,
    # issue 16): copied to a private temporary folder for the reader, removed afterwards.
    with tempfile.TemporaryDirectory(prefix="kwalificaties-") as tmp:

        def lokaal(bestand: Any) -> Path:
            doel = Path(tmp) / Path(bestand.name).name
            with bestand.open("rb") as bron, doel.open("wb") as uit:
                shutil.copyfileobj(bron, uit)
            return doel

        return import_kwalificaties(
            path=lokaal(imp.crebolijst),
            werkprocessen=lokaal(imp.werkprocessen) if imp.werkprocessen else None,
            naam=imp.crebolijst_naam,
            werkprocessen_naam=imp.werkprocessen_naam or None,
            actor=actor,
            dry_run=dry_run,
        )


def bekijk_import(imp: KwalificatieImport) -> tuple[ImportResult | None, list[str]]:
    """What confirming would change (nothing is stored), or the errors."""
    try:
        return _run(imp, dry_run=True), []
    except ImportFailed as exc:
        return None, exc.messages


@transaction.atomic
def bevestig_import(*, actor: Any, imp: KwalificatieImport) -> ImportResult:
    """Store what the preview showed (all or nothing). Raises ImportFailed, or ValueError when it
    was confirmed before."""
    imp = KwalificatieImport.objects.select_for_update().get(pk=imp.pk)
    if imp.doorgevoerd_op is not None:
        raise ValueError("already confirmed")
    result = _run(imp, actor=actor, dry_run=False)
    imp.doorgevoerd_op = timezone.now()
    imp.resultaat = result.as_dict()
    imp.save(update_fields=["doorgevoerd_op", "resultaat"])
    audit.record(
        actor=actor,
        action="kwalificaties.import.bevestig",
        obj=imp,
        changes={k: v for k, v in imp.resultaat.items() if k != "wijzigingen"},
    )
    return result


# --- Examples never reach a real document ---------------------------------------------------


def controleer_officieel(werkprocessen: Any) -> list[str]:
    """Why these werkprocessen cannot go on an agreement or verklaring (empty when they can).
    Only with settings.KWALIFICATIES_ALLEEN_OFFICIEEL (production): a werkproces from example
    data or added by an import is refused, naming the kwalificatie to load."""
    if not getattr(settings, "KWALIFICATIES_ALLEEN_OFFICIEEL", False):
        return []
    fouten = []
    for wp in werkprocessen:
        if wp.herkomst == Herkomst.OFFICIEEL:
            continue
        values = {"code": wp.code, "crebo": wp.kwalificatie.crebo, "naam": wp.kwalificatie.naam}
        if wp.herkomst == Herkomst.VOORBEELD:
            fouten.append(
                _("Werkproces %(code)s of crebo %(crebo)s (%(naam)s) comes from example data: "
                  "load the kwalificatiedossier with import_kwalificaties.") % values
            )  # fmt: skip
        else:
            fouten.append(
                _("Werkproces %(code)s of crebo %(crebo)s (%(naam)s) was added by an import, "
                  "not from the kwalificatiedossier: load the kwalificatiedossier with "
                  "import_kwalificaties.") % values
            )  # fmt: skip
    return fouten


def herkomst_merk(wp: Any) -> str:
    """What a list shows beside a werkproces that is not (or no longer) the official one:
    'voorbeeldgegevens', 'uit een import', 'vervallen'; empty for a current official one."""
    merken = []
    if wp.herkomst == Herkomst.VOORBEELD:
        merken.append(_("example data"))
    elif wp.herkomst == Herkomst.IMPORT:
        merken.append(_("added by an import"))
    if not wp.actief:
        merken.append(_("retired"))
    return ", ".join(merken)
