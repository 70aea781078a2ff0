"""Write operations on the erkenning register. Every write records an audit event; a change of
status sends `erkenningen.signals.erkenning_gewijzigd` inside the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kwalificaties.models import Kwalificatie
from pilots import roles
from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie
from pilots.roles import Cap
from praktijkleren import audit
from praktijkleren.importing import ImportErrors, ImportFailed

from .constants import ErkenningSoort, ErkenningStatus
from .importeren import lees_register
from .models import Erkenning
from .signals import erkenning_gewijzigd

LEERBEDRIJF_SOORTEN = (OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF)
# What a record states; a change of one of these is a change of the recognition.
FEITEN = ["status", "sinds"]
VELDEN = ["status", "sinds", "bron", "gecontroleerd_op", "contact"]
MAX_LENGTHS = {"bron": 200, "contact": 200}  # as on the model


def mag_vastleggen(user: Any) -> bool:
    """The mbo-medewerker and the projectleider of any pilot, and the beheerder."""
    return roles.has_cap(user, Cap.ERKENNING_RECORD)


def mag_bevestigen(user: Any) -> bool:
    """SBB (the national role sbb_monitor); the beheerder holds every capability."""
    return roles.has_national(user, Cap.ERKENNING_CONFIRM)


def leg_vast(
    *,
    actor: Any,
    organisatie: Organisatie,
    kwalificatie: Kwalificatie,
    soort: str,
    status: str,
    sinds: date | None,
    bron: str,
    gecontroleerd_op: date,
    contact: str | None = None,
) -> Erkenning:
    """Record (or change) the recognition of `organisatie` for `kwalificatie` of this `soort`.
    `contact` None keeps the contact already recorded. Raises PermissionDenied for users who
    may not record, ValidationError with a message per field."""
    if not mag_vastleggen(actor):
        raise PermissionDenied(_("You may not record recognitions."))
    with transaction.atomic():
        erkenning, _uitkomst = _schrijf(
            actor=actor,
            organisatie=organisatie,
            kwalificatie=kwalificatie,
            soort=soort,
            status=status,
            sinds=sinds,
            bron=bron,
            gecontroleerd_op=gecontroleerd_op,
            contact=contact,
        )
    return erkenning


def bevestig(*, actor: Any, erkenning: Erkenning) -> Erkenning:
    """SBB confirms the recognition as recorded."""
    if not mag_bevestigen(actor):
        raise PermissionDenied(_("Only SBB may confirm a recognition."))
    with transaction.atomic():
        erkenning = Erkenning.objects.select_for_update().get(pk=erkenning.pk)
        erkenning.bevestigd_door = actor
        erkenning.bevestigd_op = timezone.now()
        erkenning.save(update_fields=["bevestigd_door", "bevestigd_op"])
        audit.record(
            actor=actor,
            action="erkenning.bevestigen",
            obj=erkenning,
            pilot_id=None,
            changes={
                "status": erkenning.status,
                "gecontroleerd_op": str(erkenning.gecontroleerd_op),
            },
        )
    return erkenning


def _valideer(
    *,
    organisatie: Organisatie,
    soort: str,
    status: str,
    sinds: date | None,
    bron: str,
    gecontroleerd_op: date | None,
    contact: str,
) -> None:
    errors: dict[str, list[str]] = {}
    vandaag = timezone.localdate()

    def fout(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if soort == ErkenningSoort.LEERBEDRIJF:
        if organisatie.soort not in LEERBEDRIJF_SOORTEN:
            fout(
                "organisatie",
                _("%(org)s is not a leerbedrijf or sw-bedrijf; SBB recognises leerbedrijven only.")
                % {"org": organisatie.naam},
            )
        elif not organisatie.leerbedrijf_id:
            fout(
                "organisatie",
                _("%(org)s has no SBB leerbedrijf-ID: record it on the organisation first.")
                % {"org": organisatie.naam},
            )
    elif soort == ErkenningSoort.DERDE_LEERWEG:
        if organisatie.soort != OrganisatieSoort.MBO_INSTELLING:
            fout(
                "organisatie",
                _(
                    "%(org)s is not an mbo-instelling; only an mbo-instelling is recognised to "
                    "provide the derde leerweg."
                )
                % {"org": organisatie.naam},
            )
    else:
        fout("soort", _("Choose leerbedrijf (SBB) or derde leerweg (DUO)."))
    if status not in ErkenningStatus.values:
        fout("status", _("Choose recognised, applied for, revoked or not recognised."))
    if status == ErkenningStatus.ERKEND and sinds is None:
        fout("sinds", _("Give the date since when the recognition holds."))
    if sinds is not None and sinds > vandaag:
        fout("sinds", _("The date since cannot be in the future."))
    if gecontroleerd_op is None:
        fout("gecontroleerd_op", _("Give the date on which the register was checked."))
    elif gecontroleerd_op > vandaag:
        fout("gecontroleerd_op", _("The date checked cannot be in the future."))
    elif sinds is not None and sinds > gecontroleerd_op:
        fout("sinds", _("The date since cannot be after the date checked."))
    if not bron.strip():
        fout("bron", _("Give the source, for example 'SBB register' or 'DUO'."))
    for field, value in (("bron", bron), ("contact", contact)):
        limit = MAX_LENGTHS[field]
        if len(value) > limit:
            fout(field, _("At most %(limit)d characters.") % {"limit": limit})
    if errors:
        raise ValidationError(errors)


def _schrijf(
    *,
    actor: Any,
    organisatie: Organisatie,
    kwalificatie: Kwalificatie,
    soort: str,
    status: str,
    sinds: date | None,
    bron: str,
    gecontroleerd_op: date,
    contact: str | None,
) -> tuple[Erkenning, str]:
    """The upsert, in the caller's transaction. Returns the record and "nieuw", "gewijzigd"
    (status or since changed), "bijgewerkt" (source, date checked or contact changed) or
    "ongewijzigd" (nothing written)."""
    bron = bron.strip()
    existing = (
        Erkenning.objects.select_for_update()
        .filter(organisatie=organisatie, kwalificatie=kwalificatie, soort=soort)
        .first()
    )
    if contact is None:
        contact = existing.contact if existing else ""
    contact = contact.strip()
    _valideer(
        organisatie=organisatie,
        soort=soort,
        status=status,
        sinds=sinds,
        bron=bron,
        gecontroleerd_op=gecontroleerd_op,
        contact=contact,
    )
    waarden = {
        "status": status,
        "sinds": sinds,
        "bron": bron,
        "gecontroleerd_op": gecontroleerd_op,
        "contact": contact,
    }
    if existing is None:
        erkenning = Erkenning(organisatie=organisatie, kwalificatie=kwalificatie, soort=soort)
        voor: dict[str, Any] = {}
        oud_status = None
        uitkomst = "nieuw"
    else:
        erkenning = existing
        voor = audit.snapshot(erkenning, VELDEN)
        oud_status = erkenning.status
        veranderd = [k for k, v in waarden.items() if getattr(erkenning, k) != v]
        if not veranderd:
            return erkenning, "ongewijzigd"
        uitkomst = "gewijzigd" if set(veranderd) & set(FEITEN) else "bijgewerkt"
    for k, v in waarden.items():
        setattr(erkenning, k, v)
    erkenning.vastgelegd_door = actor if getattr(actor, "pk", None) else None
    erkenning.vastgelegd_op = timezone.now()
    if uitkomst == "gewijzigd":
        # SBB confirmed the facts as they were; changed facts need a new confirmation.
        erkenning.bevestigd_door = None
        erkenning.bevestigd_op = None
    erkenning.save()
    changes: dict[str, Any] = audit.diff(voor, audit.snapshot(erkenning, VELDEN))
    if existing is None:
        changes.update(organisatie=organisatie.pk, kwalificatie=kwalificatie.crebo, soort=soort)
    audit.record(
        actor=actor, action="erkenning.vastleggen", obj=erkenning, pilot_id=None, changes=changes
    )
    if oud_status != erkenning.status:
        erkenning_gewijzigd.send(
            sender=Erkenning, erkenning=erkenning, oud_status=oud_status, actor=actor
        )
    return erkenning, uitkomst


@dataclass
class ImportResultaat:
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0

    def __str__(self) -> str:
        return _("erkenningen: %(new)d new, %(changed)d changed, %(unchanged)d unchanged") % {
            "new": self.nieuw,
            "changed": self.gewijzigd,
            "unchanged": self.ongewijzigd,
        }


def importeer(path_or_file: Path | str | IO[bytes], *, actor: Any = None) -> ImportResultaat:
    """Import a CSV of SBB's register (leerbedrijf-ID, crebo, status, datum), all or nothing.

    The key is leerbedrijf-ID + crebo (soort leerbedrijf). `datum` is the status date (since);
    the date checked is the import date and the source "SBB register (import <filename>)".
    Idempotent: a second run changes nothing ("0 changed"); on a later day it refreshes the date
    checked of unchanged rows (counted as unchanged). Raises ImportFailed with every error as
    `file:line: column: reason`; nothing is stored then. `actor` None is the command line."""
    if actor is not None and not mag_vastleggen(actor):
        raise PermissionDenied(_("You may not record recognitions."))
    if hasattr(path_or_file, "read"):
        raw = path_or_file.read()  # type: ignore[union-attr]
        naam = Path(str(getattr(path_or_file, "name", "") or "upload.csv")).name
    else:
        naam = Path(path_or_file).name  # type: ignore[arg-type]
        try:
            raw = Path(path_or_file).read_bytes()  # type: ignore[arg-type]
        except OSError as exc:
            raise ImportFailed(
                [
                    f"{naam}:0: -: "
                    + _("cannot read the file (%(reason)s)") % {"reason": exc.strerror}
                ]
            ) from exc
    errors = ImportErrors(naam)
    regels = lees_register(raw, errors)
    if errors:
        raise ImportFailed(errors.messages)
    resultaat = ImportResultaat()
    bron = _("SBB register (import %(file)s)") % {"file": naam}
    vandaag = timezone.localdate()
    with transaction.atomic():
        for regel in regels:
            try:
                _erkenning, uitkomst = _schrijf(
                    actor=actor,
                    organisatie=regel.organisatie,
                    kwalificatie=regel.kwalificatie,
                    soort=ErkenningSoort.LEERBEDRIJF,
                    status=regel.status,
                    sinds=regel.datum,
                    bron=bron,
                    gecontroleerd_op=vandaag,
                    contact=None,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    errors.add(regel.line, "-", message)
                continue
            if uitkomst == "nieuw":
                resultaat.nieuw += 1
            elif uitkomst == "gewijzigd":
                resultaat.gewijzigd += 1
            else:
                resultaat.ongewijzigd += 1
        if errors:
            # Raised inside the transaction: whatever was written is rolled back.
            raise ImportFailed(errors.messages)
    return resultaat
