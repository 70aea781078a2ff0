"""What one run of `importeer_praktijkloket` shares between its file importers: the result
(counts, errors and warnings), who imports for which pilot, the caches of pilots, organisations
and partnerships that later files reuse, and the rows that earlier files rejected."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models

from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie, Partner, Pilot
from pilots.services import voeg_partner_toe
from praktijkleren import audit
from praktijkleren.importing import ImportErrors, Row
from praktijkleren.importmeldingen import melding
from praktijkleren.models import User

from . import meldingen as m
from .wijzigingen import wijziging

# At most this many changed records are listed with their fields (the counts cover all).
MAX_WIJZIGINGEN = 500


@dataclass
class ImportResultaat:
    """What the import did (or, with dry_run or errors, would have done): per kind the number
    of created, updated and unchanged records, and every error."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # `file:line: column: reason` too, but they do not stop the import.
    warnings: list[str] = field(default_factory=list)
    # Per updated record: which fields change from what to what (see `wijzigingen.wijziging`).
    wijzigingen: list[dict[str, Any]] = field(default_factory=list)
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


@dataclass
class ImportContext:
    """The state of one import run, handed to each file's importer in file order (pilots,
    kwalificaties, deelnemers, verklaringen). Build it with `laad` inside the import's
    transaction, so the caches see what this run creates."""

    result: ImportResultaat
    actor: User | None
    # A projectleider's upload: every row must belong to this pilot. None: any pilot.
    only_pilot: Pilot | None
    pilots: dict[str, Pilot]  # code -> pilot, grows with pilots.csv
    leerbedrijven: dict[str, Organisatie]  # leerbedrijf_id -> organisation
    instellingen: dict[str, Organisatie]  # name -> mbo-instelling (the oldest of that name)
    gewijzigd: dict[int, Counter[str]] = field(default_factory=dict)  # pilot pk -> audit counts
    # (pilot code, deelnemer_id) of deelnemers rows in error, so verklaringen can say why.
    afgekeurd: set[tuple[str, str]] = field(default_factory=set)
    # (pilot pk, organisatie pk, rol) of the partnerships stored, and those counted this run.
    partners: set[tuple[int, int, str]] = field(default_factory=set)
    partners_geteld: set[tuple[int, int, str]] = field(default_factory=set)
    # (file, leerbedrijf_id) whose differing name was reported already.
    gewaarschuwd: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def laad(
        cls, *, result: ImportResultaat, actor: User | None, pilot: Pilot | None
    ) -> ImportContext:
        """A context with the pilots and organisations as stored now."""
        pilots = {p.code: p for p in Pilot.objects.all()}
        leerbedrijven = {
            o.leerbedrijf_id: o for o in Organisatie.objects.exclude(leerbedrijf_id="")
        }
        instellingen: dict[str, Organisatie] = {}
        for org in Organisatie.objects.filter(soort=OrganisatieSoort.MBO_INSTELLING).order_by("pk"):
            instellingen.setdefault(org.naam, org)
        partners = set(Partner.objects.values_list("pilot_id", "organisatie_id", "rol"))
        return cls(
            result=result,
            actor=actor,
            only_pilot=pilot,
            pilots=pilots,
            leerbedrijven=leerbedrijven,
            instellingen=instellingen,
            partners=partners,
        )

    # --- results ---------------------------------------------------------------------------------

    def tel(self, kind: str, what: str, pilot: Pilot | None = None) -> None:
        """Count a record as created, updated or unchanged; a change also for the pilot's audit."""
        self.result.tel(kind, what)
        if pilot is not None and what != "unchanged":
            self.gewijzigd.setdefault(pilot.pk, Counter())[f"{kind}_{what}"] += 1

    def fouten(self, errors: ImportErrors) -> None:
        """Add a file's errors to the result, in file order: the per-row checks and the checks
        per column run in separate passes."""
        self.result.errors.extend(sorted(errors.messages, key=lambda m: int(m.split(":")[1])))

    def waarschuwingen(self, warnings: ImportErrors) -> None:
        """Add a file's warnings to the result, in line order."""
        self.result.warnings.extend(sorted(warnings.messages, key=lambda m: int(m.split(":")[1])))

    def update(
        self,
        obj: models.Model,
        fields: Mapping[str, Any],
        *,
        soort: str,
        bestand: str,
        row: Row,
        naam: str,
    ) -> list[str]:
        """Set the fields that differ and save only those; an unchanged record is not written
        at all (not even `updated_at`). What changes (old -> new) is kept for the preview,
        `naam` naming the record there. Returns the changed field names."""
        changed = [k for k, v in fields.items() if getattr(obj, k) != v]
        if changed and len(self.result.wijzigingen) < MAX_WIJZIGINGEN:
            self.result.wijzigingen.append(
                wijziging(
                    obj, fields, changed, soort=soort, bestand=bestand, regel=row.line, naam=naam
                )
            )
        for k in changed:
            setattr(obj, k, fields[k])
        if changed:
            obj.save(update_fields=changed)
        return changed

    def record_audit(self) -> None:
        """One audit event per pilot whose data changed, with the counts."""
        for pilot_pk, counts in self.gewijzigd.items():
            audit.record(
                actor=self.actor,
                action="import_praktijkloket",
                obj=Pilot.objects.get(pk=pilot_pk),
                pilot_id=pilot_pk,
                changes=dict(counts),
            )

    # --- lookups shared by the files -------------------------------------------------------------

    def pilot_van(self, row: Row, errors: ImportErrors, column: str = "pilot") -> Pilot | None:
        """The row's pilot: None when not given, unknown, or not the pilot of this upload."""
        code = row[column]
        if not code:
            return None
        if self.only_pilot is not None and code != self.only_pilot.code:
            errors.add(row.line, column, m.ANDERE_PILOT, code=code, pilot=self.only_pilot.code)
            return None
        pilot = self.pilots.get(code)
        if pilot is None:
            errors.add(row.line, column, m.ONBEKENDE_PILOT, code=code)
        return pilot

    def leerbedrijf(self, row: Row, errors: ImportErrors) -> Organisatie | Literal[False] | None:
        """The leerbedrijf of the row: None when not given, False after an error."""
        lb_id, naam = row["leerbedrijf_id"], row["leerbedrijf_naam"]
        if not lb_id:
            return None
        org = self.leerbedrijven.get(lb_id)
        if org is not None:
            if naam and naam != org.naam and (errors.filename, lb_id) not in self.gewaarschuwd:
                # The registry is shared: its name is kept; say so once per file.
                self.gewaarschuwd.add((errors.filename, lb_id))
                self.result.warnings.append(
                    melding(errors.filename, row.line, "leerbedrijf_naam", m.LEERBEDRIJF_BEHOUDEN)
                )
            return org
        if not naam:
            errors.add(row.line, "leerbedrijf_naam", m.NIEUW_LEERBEDRIJF, id=lb_id)
            return False
        org = self.leerbedrijven[lb_id] = Organisatie.objects.create(
            naam=naam, soort=OrganisatieSoort.LEERBEDRIJF, leerbedrijf_id=lb_id
        )
        self.tel("organisaties", "created")
        return org

    def instelling(self, naam: str) -> Organisatie:
        """The mbo-instelling of that name, created when unknown."""
        org = self.instellingen.get(naam)
        if org is None:
            org = self.instellingen[naam] = Organisatie.objects.create(
                naam=naam, soort=OrganisatieSoort.MBO_INSTELLING
            )
            self.tel("organisaties", "created")
        return org

    def partner(self, pilot: Pilot, organisatie: Organisatie, rol: str) -> None:
        """Make the organisation a partner of the pilot in this role, unless it is already
        (through the pilots service, which records the audit)."""
        key = (pilot.pk, organisatie.pk, rol)
        if key in self.partners_geteld:
            return
        self.partners_geteld.add(key)
        if key in self.partners:
            self.tel("partners", "unchanged", pilot)
            return
        voeg_partner_toe(actor=self.actor, pilot=pilot, organisatie=organisatie, rol=rol)
        self.partners.add(key)
        self.tel("partners", "created", pilot)
