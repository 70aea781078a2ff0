"""Privacy of participants (AVG): history of changes to personal data, inzage (export),
anonymising on request, and automatic anonymising of referrals that never started."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.models import AuditEvent, User
from praktijkleren.validators import controleer_invoer, telefoonnummer

from .aanmelding import DEELNEMER_REGELS, DEELNEMER_TEKSTEN, leg_gebeurtenis_vast
from .constants import DeelnemerStatus, Doelgroep, EventSoort, Geslacht, ToestemmingDoel
from .inzage import Sectie, Weergave, secties, toon, weergave
from .models import Deelnemer, DeelnemerEvent, DossierInzage, Toestemming
from .validators import normaliseer_doelgroepen

PERSONAL_FIELDS = [
    "voornaam", "achternaam", "geboortedatum", "geslacht", "email", "telefoon", "situatie",
    "uitkering", "doelgroepen", "wens", "voorkeur_sector", "voorkeur_leerbedrijf",
    "vertegenwoordiger_naam", "vertegenwoordiger_email",
]  # fmt: skip
# Personal fields that hold a date (the audit trail keeps them as ISO text).
DATUMVELDEN = frozenset({"geboortedatum"})
ANONIEM = "Geanonimiseerd"
NOT_STARTED = [
    DeelnemerStatus.AANGEMELD, DeelnemerStatus.INTAKE_GEPLAND, DeelnemerStatus.ADVIES_GEGEVEN,
    DeelnemerStatus.NIET_GESTART,
]  # fmt: skip


@dataclass(frozen=True)
class PrivacyHandler:
    """One app's part of a participant's personal data: what it exports for an inzage request
    (`exporteer`: section name -> rows) and how it clears that data when the dossier is
    anonymised. Apps above deelnemers register theirs in `AppConfig.ready()`, so personal data
    leaves and is erased one way only (docs/privacy.md). `weergave` says how the inzage letter
    shows each section (a title and a label per key; deelnemers.inzage)."""

    exporteer: Callable[[Deelnemer, Callable[[Any], Any]], dict[str, Any]]
    anonimiseer: Callable[[Deelnemer], None]
    weergave: Mapping[str, Weergave] = field(default_factory=dict)


_handlers: dict[str, PrivacyHandler] = {}


def registreer_privacy(key: str, handler: PrivacyHandler) -> None:
    _handlers[key] = handler


def _registry_sections(
    deelnemer: Deelnemer, iso: Callable[[Any], Any]
) -> Iterator[tuple[str, Any]]:
    for handler in _handlers.values():
        yield from handler.exporteer(deelnemer, iso).items()


@transaction.atomic
def wijzig_persoonsgegevens(
    *, actor: User | None, deelnemer: Deelnemer, data: dict[str, Any]
) -> Deelnemer:
    """Change personal data; who changed what and when is kept (audit trail with old and new)."""
    if deelnemer.geanonimiseerd_op:
        raise ValidationError(
            _("This participant has been anonymised; the data cannot be changed.")
        )
    controleer_invoer(
        data, regels=DEELNEMER_REGELS, teksten=DEELNEMER_TEKSTEN, datums=["geboortedatum"]
    )
    if data.get("telefoon"):
        try:
            data = {**data, "telefoon": telefoonnummer(data["telefoon"])}
        except ValidationError as exc:
            raise ValidationError({"telefoon": exc.messages}) from exc
    if data.get("geboortedatum") and data["geboortedatum"] > timezone.localdate():
        raise ValidationError({"geboortedatum": _("The date of birth is in the future.")})
    if "doelgroepen" in data:
        try:
            data = {**data, "doelgroepen": normaliseer_doelgroepen(data["doelgroepen"])}
        except ValidationError as exc:
            raise ValidationError({"doelgroepen": exc.messages}) from exc
    before = audit.snapshot(deelnemer, PERSONAL_FIELDS)
    for name in PERSONAL_FIELDS:
        if name in data:
            setattr(deelnemer, name, data[name])
    deelnemer.full_clean(exclude=["pilot", "verwijzer_organisatie", "mbo_instelling"])
    deelnemer.save()
    changes = audit.diff(before, audit.snapshot(deelnemer, PERSONAL_FIELDS))
    if changes:
        audit.record(actor=actor, action="deelnemer.persoonsgegevens", obj=deelnemer,
                     pilot_id=deelnemer.pilot_id, changes=changes)  # fmt: skip
        leg_gebeurtenis_vast(deelnemer=deelnemer, actor=actor, soort=EventSoort.GEGEVENS,
                  tekst=", ".join(sorted(changes)))  # fmt: skip
    return deelnemer


def wijzigingen(deelnemer: Deelnemer) -> Any:
    """The history of changes to this participant's personal data."""
    return AuditEvent.objects.filter(
        object_type="deelnemers.deelnemer", object_id=str(deelnemer.pk),
        action="deelnemer.persoonsgegevens",
    ).select_related("actor")  # fmt: skip


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _gegevens(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "deelnemer": {name: iso(getattr(deelnemer, name)) for name in PERSONAL_FIELDS}
        | {
            "pilot": deelnemer.pilot.naam, "status": deelnemer.status,
            "aangemeld_op": iso(deelnemer.aangemeld_op),
            "verwijzer_organisatie": str(deelnemer.verwijzer_organisatie or ""),
        },
        "toestemmingen": [
            {"gegeven": t.gegeven, "doelen": t.doelen, "vastgelegd_op": iso(t.vastgelegd_op),
             "vastgelegd_door": str(t.vastgelegd_door or "")}
            for t in deelnemer.toestemmingen.select_related("vastgelegd_door")
        ],
        **{key: section for key, section in _registry_sections(deelnemer, iso)},
        "tijdlijn": [
            {"at": iso(e.at), "soort": e.soort, "tekst": e.tekst} for e in deelnemer.events.all()
        ],
        "inzages": [
            {"at": iso(v.at), "door": str(v.user)}
            for v in deelnemer.inzages.select_related("user")
        ],
    }  # fmt: skip


def inzage(deelnemer: Deelnemer) -> dict[str, Any]:
    """Everything the platform holds about a participant, for an inzage request: the machine
    readable export (JSON), with the keys and ISO dates of docs/privacy.md."""
    return _gegevens(deelnemer, _iso)


def _weergaven() -> dict[str, Weergave]:
    eigen = {
        "deelnemer": weergave(
            Deelnemer,
            [*PERSONAL_FIELDS, "pilot", "status", "aangemeld_op", "verwijzer_organisatie"],
            titel=_("Personal data"),
            # The referral form does not ask for the gender: X is its default, not an answer.
            niet_gegeven={"geslacht": Geslacht.X},
            keuzes={"doelgroepen": Doelgroep.choices},
        ),
        "toestemmingen": weergave(
            Toestemming,
            ["gegeven", "vastgelegd_op", "vastgelegd_door"],
            labels={"doelen": _("Purposes")},
            keuzes={"doelen": ToestemmingDoel.choices},
        ),
        "tijdlijn": weergave(
            DeelnemerEvent, ["at", "soort", "tekst"], titel=_("What happened in your dossier")
        ),
        "inzages": weergave(
            DossierInzage,
            ["at"],
            titel=_("Who viewed your dossier"),
            labels={"door": _("Viewed by")},
        ),
    }
    for handler in _handlers.values():
        eigen |= handler.weergave
    return eigen


def leesbare_wijzigingen(events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    """The history of changes to personal data as people read it: each field by its label,
    codes by their labels and dates in Dutch (the audit trail keeps keys and ISO dates)."""
    weergave_ = _weergaven()["deelnemer"]

    def waarde(veld: str, value: Any) -> str:
        if isinstance(value, str) and veld in DATUMVELDEN:
            with suppress(ValueError):
                value = date.fromisoformat(value)
        return toon(value, weergave_.keuzes.get(veld))

    def label(veld: str) -> str:
        return str(capfirst(weergave_.labels.get(veld, veld)))

    return [
        {
            "at": event.at,
            "actor": event.actor,
            "regels": [
                (label(veld), waarde(veld, oud), waarde(veld, nieuw))
                for veld, (oud, nieuw) in event.changes.items()
            ],
        }
        for event in events
    ]


def inzage_brief(deelnemer: Deelnemer) -> list[Sectie]:
    """The same data for the letter to the person (the inzage PDF): labelled sections with local
    times, only what exists for this person."""
    return secties(_gegevens(deelnemer, lambda value: value), _weergaven())


@transaction.atomic
def anonimiseer(*, actor: User | None, deelnemer: Deelnemer, reden: str) -> Deelnemer:
    """Remove everything that identifies the participant. What monitoring needs stays: pilot,
    status, dates, gender, the year of birth (age group), organisations and routes."""
    if not reden.strip():
        raise ValidationError(
            {"reden": _("Give the reason for anonymising (e.g. the request of the participant).")}
        )
    if deelnemer.geanonimiseerd_op:
        return deelnemer
    geboren = deelnemer.geboortedatum
    deelnemer.voornaam, deelnemer.achternaam = ANONIEM, f"#{deelnemer.pk}"
    deelnemer.geboortedatum = date(geboren.year, 7, 1)  # the year keeps the age group
    for name in (
        "email",
        "telefoon",
        "wens",
        "voorkeur_sector",
        "voorkeur_leerbedrijf",
        "referentie",
        "status_reden",
        "vertegenwoordiger_naam",
        "vertegenwoordiger_email",
    ):
        setattr(deelnemer, name, "")
    deelnemer.geanonimiseerd_op = timezone.now()
    deelnemer.save()
    for handler in _handlers.values():
        handler.anonimiseer(deelnemer)
    deelnemer.events.update(tekst="")
    # Old values in the audit trail would undo the anonymising.
    wijzigingen(deelnemer).update(changes={})
    leg_gebeurtenis_vast(
        deelnemer=deelnemer, actor=actor, soort=EventSoort.GEANONIMISEERD, tekst=reden.strip()[:300]
    )
    audit.record(
        actor=actor, action="deelnemer.anonimiseer", obj=deelnemer, pilot_id=deelnemer.pilot_id
    )
    return deelnemer


def months_ago(today: date, months: int) -> date:
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    import calendar

    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def anonimiseer_verlopen(*, today: date | None = None) -> int:
    """Anonymise referrals that never started once their pilot's retention period has passed
    (safe to run twice: anonymised participants are skipped)."""
    from pilots.models import Pilot

    today = today or timezone.localdate()
    done = 0
    for pilot in Pilot.objects.all():
        verlopen = Deelnemer.objects.filter(
            Q(
                pilot=pilot,
                status__in=NOT_STARTED,
                geanonimiseerd_op__isnull=True,
                trajecten__isnull=True,
            )
            & Q(aangemeld_op__lt=months_ago(today, pilot.bewaartermijn_maanden))
        )
        for deelnemer in verlopen:
            reden = _("Retention period of %(n)d months passed without a start") % {
                "n": pilot.bewaartermijn_maanden
            }
            anonimiseer(actor=None, deelnemer=deelnemer, reden=reden)
            done += 1
    return done
