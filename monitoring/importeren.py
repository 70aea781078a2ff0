"""Import of existing registrations (`import_praktijkloket`), contract in
../shared/formats/IMPORT_EXPORT.md.

Files are read in the order pilots, kwalificaties, deelnemers, verklaringen (`.csv`, or `.xlsx`
with the same header on the first sheet). Everything runs in one transaction; every error is
collected as `file:line: column: reason` and, when there is any, nothing is stored.

Mapping onto the models:
- pilots.csv -> `Pilot` (key `code`).
- kwalificaties.csv -> `Kwalificatie`/`Kerntaak`/`Werkproces` through
  `kwalificaties.services.import_kwalificaties` (key crebo + werkproces_code). Not allowed in
  a single-pilot upload (`pilot=`): the kwalificatiestructuur is national reference data.
- deelnemers.csv -> `Deelnemer` (key pilot + `referentie` = deelnemer_id): `aangemeld_op` =
  inschrijfdatum; `mbo_instelling` = the `Organisatie` of soort mbo_instelling with that name
  (created when unknown). Status: aangemeld/in_traject/afgerond/gestopt map onto the
  `DeelnemerStatus` of the same name; an empty status is `afgerond` when an einddatum is given,
  else `in_traject`. Every participant gets one imported `Traject` (their first traject, created
  when missing): startdatum = inschrijfdatum, leerbedrijf = the organisation with
  `leerbedrijf_id` (created as a leerbedrijf with `leerbedrijf_naam` when unknown), einddatum,
  and status gestopt/afgerond when an einddatum is given (gestopt only for status gestopt),
  gepland for status aangemeld, else lopend. No consent rows: nobody was referred here.
- verklaringen.csv -> `verklaringen.Registratie` with herkomst `extern` (no PDF, no seal), key
  pilot + participant + `volgnummer`. `nummer` is `EXT-` + its verification code, made once
  and kept on updates; `uitgegeven_op` = datum_afgifte; `werkprocessen` = the listed
  `crebo:werkproces_code` resolved in the kwalificatiestructuur, as printed on product-issued
  ones; `instelling` = the participant's mbo-instelling; `houder_naam` = the participant's name;
  `brancheorganisaties` = the `;`-separated names; status `geldig`.

A changed row updates its record; an unchanged row is not written at all, so importing the same
files twice changes nothing (not even `updated_at`). One audit event per pilot whose data
changed records the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from django.db import transaction

from deelnemers.constants import DeelnemerStatus, Geslacht
from deelnemers.models import Deelnemer
from kwalificaties.services import COLUMNS as KWALIFICATIE_COLUMNS
from kwalificaties.services import OPTIONAL_COLUMNS as KWALIFICATIE_OPTIONAL
from kwalificaties.services import import_kwalificaties
from pilots.constants import OrganisatieSoort, PilotSoort
from pilots.models import Organisatie, Pilot
from praktijkleren import audit
from praktijkleren.importing import ImportErrors, ImportFailed, Row, parse_date
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

from .importbestanden import (
    DEELNEMER_COLUMNS,
    DEELNEMER_OPTIONAL,
    LIMITS,
    PILOT_COLUMNS,
    PILOT_OPTIONAL,
    SLUG_RE,
    STATUSSEN,
    Bestand,
    Upload,
    bestanden,
    lees,
)


@dataclass
class ImportResultaat:
    """What the import did (or, with dry_run or errors, would have done): per kind the number
    of created, updated and unchanged records, and every error."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    def tel(self, kind: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[what] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def samenvatting(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]


def importeer_praktijkloket(
    *,
    map: Path | str | Mapping[str, bytes | Upload],
    actor: Any = None,
    pilot: Pilot | None = None,
    dry_run: bool = False,
) -> ImportResultaat:
    """Import pilots, kwalificaties, deelnemers and verklaringen (CSV or XLSX), all or nothing.

    `map` is a folder or a mapping of file name -> content (uploaded files). With `pilot`, every
    row must belong to that pilot (a projectleider's own upload). With `dry_run`, everything is
    validated and written inside a transaction that is rolled back: the result tells what would
    change. On errors nothing is stored and `errors` lists them all."""
    result = ImportResultaat(dry_run=dry_run)
    with bestanden(map, result.errors) as files:
        if result.errors:
            return result
        if not files:
            result.errors.append(
                "-:0: -: none of pilots, kwalificaties, deelnemers, verklaringen (.csv or .xlsx)"
            )
            return result
        try:
            with transaction.atomic():
                _Import(files, result, actor=actor, pilot=pilot).run()
                if result.errors or dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as exc:  # pragma: no cover - defensive, errors are collected
            result.errors.extend(exc.messages)
    return result


# --- the import ----------------------------------------------------------------------------------


def _update(obj: Any, fields: dict[str, Any]) -> list[str]:
    changed = [k for k, v in fields.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, fields[k])
    if changed:
        obj.save(update_fields=changed)
    return changed


class _Import:
    def __init__(
        self,
        files: dict[str, Bestand],
        result: ImportResultaat,
        *,
        actor: Any,
        pilot: Pilot | None,
    ) -> None:
        self.files, self.result, self.actor, self.only = files, result, actor, pilot
        self.pilots = {p.code: p for p in Pilot.objects.all()}
        self.leerbedrijven = {
            o.leerbedrijf_id: o for o in Organisatie.objects.exclude(leerbedrijf_id="")
        }
        self.instellingen: dict[str, Organisatie] = {}
        for org in Organisatie.objects.filter(soort=OrganisatieSoort.MBO_INSTELLING).order_by("pk"):
            self.instellingen.setdefault(org.naam, org)
        self.gewijzigd: dict[int, Counter[str]] = {}  # pilot pk -> counts, for the audit
        self.afgekeurd: set[tuple[str, str]] = set()  # (pilot, deelnemer_id) of rows in error

    def run(self) -> None:
        if "pilots" in self.files:
            self.pilots_importeren(self.files["pilots"])
        if "kwalificaties" in self.files:
            self.kwalificaties_importeren(self.files["kwalificaties"])
        if "deelnemers" in self.files:
            self.deelnemers_importeren(self.files["deelnemers"])
        if "verklaringen" in self.files:
            self.verklaringen_importeren(self.files["verklaringen"])
        if not self.result.errors:
            for pilot_pk, counts in self.gewijzigd.items():
                audit.record(
                    actor=self.actor,
                    action="import_praktijkloket",
                    obj=Pilot.objects.get(pk=pilot_pk),
                    pilot_id=pilot_pk,
                    changes=dict(counts),
                )

    # helpers

    def _fouten(self, errors: ImportErrors) -> None:
        # In file order: the per-row checks and the checks per column run in separate passes.
        self.result.errors.extend(sorted(errors.messages, key=lambda m: int(m.split(":")[1])))

    def _tel(self, kind: str, what: str, pilot: Pilot | None = None) -> None:
        self.result.tel(kind, what)
        if pilot is not None and what != "unchanged":
            self.gewijzigd.setdefault(pilot.pk, Counter())[f"{kind}_{what}"] += 1

    def _controleer(
        self, rows: list[Row], errors: ImportErrors, kind: str, required: list[str]
    ) -> None:
        for row in rows:
            for column in required:
                if not row[column]:
                    errors.add(row.line, column, "required value is empty")
            for column, limit in LIMITS.get(kind, {}).items():
                if len(row[column]) > limit:
                    errors.add(
                        row.line,
                        column,
                        f"too long ({len(row[column])} characters, at most {limit})",
                    )

    def _datum(self, row: Row, column: str, errors: ImportErrors) -> date | None:
        value = row[column]
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            errors.add(row.line, column, f"'{value}' is not a date (YYYY-MM-DD)")
        return parsed

    def _geheel(self, row: Row, column: str, errors: ImportErrors, minimum: int = 0) -> int | None:
        value = row[column]
        if not value:
            return None
        if not value.isdigit() or int(value) < minimum:
            errors.add(row.line, column, f"'{value}' is not a whole number of at least {minimum}")
            return None
        return int(value)

    def _pilot(self, row: Row, errors: ImportErrors, column: str = "pilot") -> Pilot | None:
        code = row[column]
        if not code:
            return None
        if self.only is not None and code != self.only.code:
            errors.add(row.line, column, f"'{code}' is not your pilot ({self.only.code})")
            return None
        pilot = self.pilots.get(code)
        if pilot is None:
            errors.add(row.line, column, f"unknown pilot '{code}'")
        return pilot

    def _dubbel(
        self, seen: dict[Any, int], key: Any, row: Row, errors: ImportErrors, column: str
    ) -> bool:
        if key in seen:
            errors.add(row.line, column, f"appears twice (first on line {seen[key]})")
            return True
        seen[key] = row.line
        return False

    def _leerbedrijf(self, row: Row, errors: ImportErrors) -> Organisatie | Literal[False] | None:
        """The leerbedrijf of the row: None when not given, False after an error."""
        lb_id, naam = row["leerbedrijf_id"], row["leerbedrijf_naam"]
        if not lb_id:
            return None
        org = self.leerbedrijven.get(lb_id)
        if org is not None:
            return org
        if not naam:
            errors.add(row.line, "leerbedrijf_naam", f"required for the new leerbedrijf {lb_id}")
            return False
        org = self.leerbedrijven[lb_id] = Organisatie.objects.create(
            naam=naam, soort=OrganisatieSoort.LEERBEDRIJF, leerbedrijf_id=lb_id
        )
        self.result.tel("organisaties", "created")
        return org

    def _instelling(self, naam: str) -> Organisatie:
        org = self.instellingen.get(naam)
        if org is None:
            org = self.instellingen[naam] = Organisatie.objects.create(
                naam=naam, soort=OrganisatieSoort.MBO_INSTELLING
            )
            self.result.tel("organisaties", "created")
        return org

    # pilots.csv

    def pilots_importeren(self, bestand: Bestand) -> None:
        rows, errors = lees(bestand, PILOT_COLUMNS, PILOT_OPTIONAL)
        self._controleer(rows, errors, "pilots", PILOT_COLUMNS)
        seen: dict[Any, int] = {}
        for row in rows:
            before = len(errors.messages)
            code = row["code"]
            if code and not SLUG_RE.match(code):
                errors.add(row.line, "code", f"'{code}' is not a slug (letters, digits, - and _)")
            if code and self.only is not None and code != self.only.code:
                errors.add(row.line, "code", f"'{code}' is not your pilot ({self.only.code})")
            if code:
                self._dubbel(seen, code, row, errors, "code")
            if row["soort"] and row["soort"] not in PilotSoort.values:
                errors.add(row.line, "soort", f"'{row['soort']}' is not regionaal or landelijk")
            tranche = self._geheel(row, "tranche", errors, minimum=1)
            startdatum = self._datum(row, "startdatum", errors)
            streefaantal = self._geheel(row, "streefaantal", errors)
            if len(errors.messages) > before:
                continue
            fields = {
                "naam": row["naam"],
                "soort": row["soort"],
                "tranche": tranche,
                "arbeidsmarktregio": row["arbeidsmarktregio"],
                "startdatum": startdatum,
                "streefaantal": streefaantal,
            }
            pilot = self.pilots.get(code)
            if pilot is None:
                pilot = self.pilots[code] = Pilot.objects.create(code=code, **fields)
                self._tel("pilots", "created", pilot)
            else:
                self._tel("pilots", "updated" if _update(pilot, fields) else "unchanged", pilot)
        self._fouten(errors)

    # kwalificaties.csv

    def kwalificaties_importeren(self, bestand: Bestand) -> None:
        if self.only is not None:
            self.result.errors.append(
                f"{bestand.name}:1: -: the kwalificatiestructuur is national reference data; "
                "it cannot be imported for one pilot"
            )
            return
        rows, _errors = lees(bestand, KWALIFICATIE_COLUMNS, KWALIFICATIE_OPTIONAL)
        try:
            # A savepoint of its own: on errors it stores nothing, and the other files are
            # still checked so that every error is listed.
            done = import_kwalificaties(path=bestand.csv_path)
        except ImportFailed as exc:
            # import_kwalificaties names the file after the path: the CSV copy of an XLSX is
            # stored under the user's file name, so the messages name the user's file.
            self.result.errors.extend(exc.messages)
            return
        self.result.tel("kwalificaties", "created", done.kwalificaties_created)
        self.result.tel("kwalificaties", "updated", done.kwalificaties_updated)
        self.result.tel(
            "kwalificaties",
            "unchanged",
            len({row["crebo"] for row in rows})
            - done.kwalificaties_created
            - done.kwalificaties_updated,
        )
        self.result.tel("werkprocessen", "created", done.werkprocessen_created)
        self.result.tel("werkprocessen", "updated", done.werkprocessen_updated)
        self.result.tel(
            "werkprocessen",
            "unchanged",
            len(rows) - done.werkprocessen_created - done.werkprocessen_updated,
        )

    # deelnemers.csv

    def deelnemers_importeren(self, bestand: Bestand) -> None:
        rows, errors = lees(bestand, DEELNEMER_COLUMNS, DEELNEMER_OPTIONAL)
        self._controleer(rows, errors, "deelnemers", DEELNEMER_COLUMNS)
        pilot_ids = {p.pk for p in self.pilots.values()}
        bestaand = {
            (d.pilot_id, d.referentie): d
            for d in Deelnemer.objects.filter(pilot_id__in=pilot_ids).exclude(referentie="")
        }
        trajecten: dict[int, Traject] = {}
        for t in Traject.objects.filter(deelnemer__in=[d.pk for d in bestaand.values()]).order_by(
            "-pk"
        ):
            trajecten[t.deelnemer_id] = t  # the first (lowest pk) traject wins
        seen: dict[Any, int] = {}
        for row in rows:
            before = len(errors.messages)
            pilot = self._pilot(row, errors)
            if pilot is not None and row["deelnemer_id"]:
                self._dubbel(seen, (pilot.pk, row["deelnemer_id"]), row, errors, "deelnemer_id")
            geboortedatum = self._datum(row, "geboortedatum", errors)
            inschrijfdatum = self._datum(row, "inschrijfdatum", errors)
            einddatum = self._datum(row, "einddatum", errors)
            if row["geslacht"] and row["geslacht"] not in Geslacht.values:
                errors.add(row.line, "geslacht", f"'{row['geslacht']}' is not M, V or X")
            if row["status"] and row["status"] not in STATUSSEN:
                errors.add(
                    row.line,
                    "status",
                    f"'{row['status']}' is not aangemeld, in_traject, afgerond or gestopt",
                )
            if einddatum and inschrijfdatum and einddatum < inschrijfdatum:
                errors.add(row.line, "einddatum", "is before the inschrijfdatum")
            if len(errors.messages) > before:
                self.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
                continue
            leerbedrijf = self._leerbedrijf(row, errors)
            if leerbedrijf is False or pilot is None:
                self.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
                continue
            instelling = self._instelling(row["mbo_instelling"])
            status = STATUSSEN.get(row["status"]) or (
                DeelnemerStatus.AFGEROND if einddatum else DeelnemerStatus.IN_TRAJECT
            )
            fields: dict[str, Any] = {
                "voornaam": row["voornaam"],
                "achternaam": row["achternaam"],
                "geboortedatum": geboortedatum,
                "geslacht": row["geslacht"],
                "aangemeld_op": inschrijfdatum,
                "mbo_instelling_id": instelling.pk,
                "status": status,
            }
            key = (pilot.pk, row["deelnemer_id"])
            deelnemer = bestaand.get(key)
            if deelnemer is None:
                deelnemer = bestaand[key] = Deelnemer.objects.create(
                    pilot=pilot, referentie=row["deelnemer_id"], **fields
                )
                self._tel("deelnemers", "created", pilot)
            else:
                what = "updated" if _update(deelnemer, fields) else "unchanged"
                self._tel("deelnemers", what, pilot)
            if einddatum:
                traject_status = (
                    TrajectStatus.GESTOPT if status == DeelnemerStatus.GESTOPT
                    else TrajectStatus.AFGEROND
                )  # fmt: skip
            elif status == DeelnemerStatus.AANGEMELD:
                traject_status = TrajectStatus.GEPLAND
            else:
                traject_status = TrajectStatus.LOPEND
            t_fields: dict[str, Any] = {
                "leerbedrijf_id": leerbedrijf.pk if leerbedrijf else None,
                "mbo_instelling_id": instelling.pk,
                "startdatum": inschrijfdatum,
                "einddatum": einddatum,
                "status": traject_status,
            }
            traject = trajecten.get(deelnemer.pk)
            if traject is None:
                trajecten[deelnemer.pk] = Traject.objects.create(deelnemer=deelnemer, **t_fields)
                self._tel("trajecten", "created", pilot)
            else:
                what = "updated" if _update(traject, t_fields) else "unchanged"
                self._tel("trajecten", what, pilot)
        self._fouten(errors)

    # verklaringen.csv

    def verklaringen_importeren(self, bestand: Bestand) -> None:
        from .import_verklaringen import importeer_verklaringen

        importeer_verklaringen(self, bestand)
