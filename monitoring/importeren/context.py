"""What one run of `importeer_praktijkloket` shares between its file importers: the result
(counts, errors and warnings), who imports for which pilot, the pilots, organisations and
partnerships the files name (looked up per batch, one query for all a batch needs, and kept as
small records), the organisations and partnerships a batch adds (written in bulk by `bewaar`),
and the rows that earlier files rejected."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models
from django.db.models import Q

from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie, Partner, Pilot
from praktijkleren.importing import ImportErrors, Row
from praktijkleren.importmeldingen import melding
from praktijkleren.models import User

from . import meldingen as m
from .opslag import Nieuw, Opslag, bewaar_gebeurtenissen, gebeurtenis
from .wijzigingen import benoem, wijziging

# At most this many changed records are listed with their fields (the counts cover all).
MAX_WIJZIGINGEN = 500


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation as the import uses it: its key and name, not the whole model (a run may
    name tens of thousands of leerbedrijven)."""

    pk: int
    naam: str


# An organisation found (`Org`) or added in the current batch (its values, saved by `bewaar`).
Orgachtig = Org | Nieuw


def per_pilot(keys: Iterable[tuple[int, str]]) -> Q:
    """Participants by (pilot pk, deelnemer_id) as a condition their unique index answers: per
    pilot its references, and the index's own condition (a reference is given). `keys` must
    not be empty."""
    refs: dict[int, set[str]] = {}
    for pilot_id, ref in keys:
        refs.setdefault(pilot_id, set()).add(ref)
    q = Q()
    for pilot_id, pilot_refs in refs.items():
        q |= Q(pilot_id=pilot_id, referentie__in=pilot_refs)
    return q & ~Q(referentie="")


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
        counts = self.counts.get(kind)
        if counts is None:
            counts = self.counts[kind] = Counter()
        counts[what] += n

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
    transaction. An importer looks up what a batch names (`zoek_pilots`, `zoek_leerbedrijven`),
    checks its rows, calls `bewaar` before writing its own records (they refer to the
    organisations added), and `benoem` after."""

    result: ImportResultaat
    actor: User | None
    # A projectleider's upload: every row must belong to this pilot. None: any pilot.
    only_pilot: Pilot | None
    instellingen: dict[str, Orgachtig]  # name -> mbo-instelling (the oldest of that name)
    pilots: dict[str, Pilot | None] = field(default_factory=dict)  # code -> pilot; None: unknown
    # leerbedrijf_id -> organisation; None: not stored (yet).
    leerbedrijven: dict[str, Orgachtig | None] = field(default_factory=dict)
    gewijzigd: dict[int, Counter[str]] = field(default_factory=dict)  # pilot pk -> audit counts
    # (pilot code, deelnemer_id) of deelnemers rows in error, so verklaringen can say why.
    afgekeurd: set[tuple[str, str]] = field(default_factory=set)
    # Keys of the participants this run created: their register entries are new too.
    nieuwe_deelnemers: set[int] = field(default_factory=set)
    # (pilot pk, organisatie pk, rol) of the partnerships counted this run.
    partners_geteld: set[tuple[int, int, str]] = field(default_factory=set)
    # (file, leerbedrijf_id) whose differing name was reported already.
    gewaarschuwd: set[tuple[str, str]] = field(default_factory=set)
    # What the current batch adds: organisations, partnerships, the changes to name.
    organisaties: Opslag[Organisatie] = field(default_factory=lambda: Opslag(Organisatie))
    nieuwe_partners: list[tuple[Pilot, Orgachtig, str]] = field(default_factory=list)
    te_benoemen: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def laad(
        cls, *, result: ImportResultaat, actor: User | None, pilot: Pilot | None
    ) -> ImportContext:
        """A context with the mbo-instellingen as stored now (a few hundred at most)."""
        instellingen: dict[str, Orgachtig] = {}
        for pk, naam in (
            Organisatie.objects.filter(soort=OrganisatieSoort.MBO_INSTELLING)
            .order_by("pk")
            .values_list("pk", "naam")
        ):
            instellingen.setdefault(naam, Org(pk, naam))
        return cls(result=result, actor=actor, only_pilot=pilot, instellingen=instellingen)

    # --- lookups per batch -----------------------------------------------------------------------

    def zoek_pilots(self, codes: Iterable[str]) -> None:
        """Look up the pilots of these codes that were not looked up before (one query)."""
        nieuw = {c for c in codes if c and c not in self.pilots}
        if nieuw:
            gevonden = {p.code: p for p in Pilot.objects.filter(code__in=nieuw)}
            for code in nieuw:
                self.pilots[code] = gevonden.get(code)

    def zoek_leerbedrijven(self, ids: Iterable[str]) -> None:
        """Look up the leerbedrijven of these ids not looked up before (one query)."""
        nieuw = {i for i in ids if i and i not in self.leerbedrijven}
        if nieuw:
            rows = Organisatie.objects.filter(leerbedrijf_id__in=nieuw).values_list(
                "leerbedrijf_id", "pk", "naam"
            )
            gevonden = {lb_id: Org(pk, naam) for lb_id, pk, naam in rows}
            for lb_id in nieuw:
                self.leerbedrijven[lb_id] = gevonden.get(lb_id)

    # --- results ---------------------------------------------------------------------------------

    def tel(self, kind: str, what: str, pilot: Pilot | None = None) -> None:
        """Count a record as created, updated or unchanged; a change also for the pilot's audit."""
        self.result.tel(kind, what)
        if pilot is not None and what != "unchanged":
            counts = self.gewijzigd.get(pilot.pk)
            if counts is None:
                counts = self.gewijzigd[pilot.pk] = Counter()
            counts[f"{kind}_{what}"] += 1

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
        """Set the fields that differ on `obj` and return their names; the caller writes them
        with its batch (an unchanged record is not written at all, not even `updated_at`). What
        changes (old -> new) is kept for the preview, `naam` naming the record there."""
        changed = [k for k, v in fields.items() if getattr(obj, k) != v]
        if changed and len(self.result.wijzigingen) < MAX_WIJZIGINGEN:
            entry = wijziging(
                obj, fields, changed, soort=soort, bestand=bestand, regel=row.line, naam=naam
            )
            self.result.wijzigingen.append(entry)
            self.te_benoemen.append(entry)
        for k in changed:
            setattr(obj, k, fields[k])
        return changed

    def benoem(self) -> None:
        """Name the organisations in the batch's changes (one query for them all)."""
        benoem(self.te_benoemen)
        self.te_benoemen = []

    def record_audit(self) -> None:
        """One audit event per pilot whose data changed, with the counts."""
        bewaar_gebeurtenissen(
            [
                gebeurtenis(
                    actor=self.actor,
                    action="import_praktijkloket",
                    model=Pilot,
                    pk=pilot_pk,
                    pilot_id=pilot_pk,
                    changes=dict(counts),
                )
                for pilot_pk, counts in self.gewijzigd.items()
            ]
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

    def leerbedrijf(self, row: Row, errors: ImportErrors) -> Orgachtig | Literal[False] | None:
        """The leerbedrijf of the row (looked up with `zoek_leerbedrijven`): None when not
        given, False after an error. An unknown one is added with the batch."""
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
        nieuw = self.organisaties.maak(
            naam=naam, soort=OrganisatieSoort.LEERBEDRIJF, leerbedrijf_id=lb_id
        )
        self.leerbedrijven[lb_id] = nieuw
        self.tel("organisaties", "created")
        return nieuw

    def instelling(self, naam: str) -> Orgachtig:
        """The mbo-instelling of that name; an unknown one is added with the batch."""
        org = self.instellingen.get(naam)
        if org is None:
            org = self.instellingen[naam] = self.organisaties.maak(
                naam=naam, soort=OrganisatieSoort.MBO_INSTELLING
            )
            self.tel("organisaties", "created")
        return org

    def partner(self, pilot: Pilot, organisatie: Orgachtig, rol: str) -> None:
        """Make the organisation a partner of the pilot in this role, unless it is already
        (written by `bewaar`)."""
        self.nieuwe_partners.append((pilot, organisatie, rol))

    # --- writing a batch -------------------------------------------------------------------------

    def bewaar(self) -> None:
        """Write the organisations the batch added (one INSERT), then the partnerships it named
        that are new (one query to find the stored ones, one INSERT, one for their audit)."""
        nieuwe_organisaties = self.organisaties.rijen
        self.organisaties.bewaar()
        for nieuw in nieuwe_organisaties:
            assert nieuw.pk is not None
            kept = Org(nieuw.pk, nieuw.naam)
            if lb_id := nieuw.waarden.get("leerbedrijf_id"):
                self.leerbedrijven[lb_id] = kept
            else:
                self.instellingen[nieuw.naam] = kept
        wensen: dict[tuple[int, int, str], tuple[Pilot, Orgachtig]] = {}
        for pilot, org, rol in self.nieuwe_partners:
            assert org.pk is not None  # written above
            key = (pilot.pk, org.pk, rol)
            if key not in self.partners_geteld:
                wensen.setdefault(key, (pilot, org))
        self.nieuwe_partners = []
        if not wensen:
            return
        self.partners_geteld.update(wensen)
        stored = set(
            Partner.objects.filter(
                pilot_id__in={k[0] for k in wensen}, organisatie_id__in={k[1] for k in wensen}
            ).values_list("pilot_id", "organisatie_id", "rol")
        )
        partners = Opslag(Partner)
        namen: list[str] = []
        for key, (pilot, org) in wensen.items():
            if key in stored:
                self.tel("partners", "unchanged", pilot)
                continue
            partners.maak(pilot_id=pilot.pk, organisatie_id=org.pk, rol=key[2])
            namen.append(org.naam)
            self.tel("partners", "created", pilot)
        toegevoegd = partners.rijen
        partners.bewaar()
        # As `pilots.services.voeg_partner_toe` records each, for all of them at once.
        bewaar_gebeurtenissen(
            [
                gebeurtenis(
                    actor=self.actor,
                    action="partner.create",
                    model=Partner,
                    pk=partner.pk,
                    pilot_id=partner.pilot_id,
                    changes={"organisatie": naam, "rol": partner.rol},
                )
                for partner, naam in zip(toegevoegd, namen, strict=True)
            ]
        )
