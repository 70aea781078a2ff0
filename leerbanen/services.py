"""Write operations on leerbanen, searches and matches (step 3 of the process: finding a
leerbaan, with the werkgeversservicepunt). Each runs in one transaction, validates with a message
a user can act on, and writes an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.models import Deelnemer
from deelnemers.services import toestemming_ingetrokken
from pilots import roles
from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie, Partner, Pilot
from pilots.roles import Cap, Role
from praktijkleren import audit
from praktijkleren.mail import queue_notification
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout
from trajecten.services import maak_traject

from .constants import LOPENDE_MATCHES, LeerbaanStatus, MatchStatus, ZoekStatus
from .models import Leerbaan, Match, Zoekvraag, controleer_postcode4, normaliseer_postcode
from .selectors import bezette_plaatsen, huidig_advies, is_positief

LEERBEDRIJF_SOORTEN = (OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF)
VELDEN = [
    "organisatie", "titel", "postcode", "plaats", "subregio", "uren_per_week", "start_vanaf",
    "start_tot", "plaatsen", "contactpersoon", "toelichting",
]  # fmt: skip


def _mag(user: Any, cap: str, pilot_id: int) -> None:
    if not roles.has_cap(user, cap, pilot_id):
        raise PermissionDenied


def _contact_fout(*, pilot: Pilot, organisatie: Any, contactpersoon: Any) -> str | None:
    """The contact person answers matches for the leerbedrijf: an active account with an active
    membership in the pilot on behalf of that organisation, or the pilot's WSP."""
    if contactpersoon is None:
        return _("Choose the contact person who accepts or declines candidates.")
    leden = contactpersoon.memberships.filter(pilot=pilot, active=True)
    if contactpersoon.is_active and (
        leden.filter(organisatie=organisatie).exists() or leden.filter(role=Role.WSP).exists()
    ):
        return None
    return _(
        "%(naam)s is not a member of this pilot on behalf of %(org)s, nor its "
        "werkgeversservicepunt. Choose a contact person of the leerbedrijf (for example its "
        "praktijkopleider) or of the WSP."
    ) % {"naam": contactpersoon.get_full_name() or contactpersoon.email, "org": organisatie}


def _leerbaan_fouten(*, pilot: Pilot, leerbaan: Leerbaan | None, data: dict[str, Any]) -> dict:
    errors: dict[str, str] = {}
    org = data.get("organisatie")
    if (
        org is None
        or org.soort not in LEERBEDRIJF_SOORTEN
        or not Partner.objects.filter(pilot=pilot, organisatie=org).exists()
    ):
        errors["organisatie"] = _(
            "Choose a leerbedrijf or sw-bedrijf that is a partner of the pilot."
        )
    try:
        data["postcode"] = normaliseer_postcode(data.get("postcode") or "")
    except ValidationError as exc:
        errors["postcode"] = exc.messages[0]
    if not (data.get("titel") or "").strip():
        errors["titel"] = _("Give the leerbaan a title, e.g. 'Medewerker magazijn'.")
    if not (data.get("plaats") or "").strip():
        errors["plaats"] = _("Enter the gemeente or place where the leerbaan is.")
    subregio = data.get("subregio")
    if subregio is not None and subregio.pilot_id != pilot.pk:
        errors["subregio"] = _("Choose a subregio of this pilot.")
    if not data["kwalificaties"] and not data["werkprocessen"]:
        errors["kwalificaties"] = _("Choose at least one kwalificatie or werkproces it can teach.")
    uren = data.get("uren_per_week")
    if uren is None or not 1 <= uren <= 40:
        errors["uren_per_week"] = _("Hours per week must be between 1 and 40.")
    for veld in ("start_vanaf", "start_tot"):
        if data.get(veld) is None:
            errors[veld] = _("Enter the start window (from and until).")
        elif fout := datum_fout(data[veld]):
            errors[veld] = fout
    if not {"start_vanaf", "start_tot"} & errors.keys() and data["start_tot"] < data["start_vanaf"]:
        errors["start_tot"] = _("The start window must end on or after its first day.")
    plaatsen = data.get("plaatsen") or 0
    bezet = bezette_plaatsen(leerbaan) if leerbaan is not None else 0
    if plaatsen < 1:
        errors["plaatsen"] = _("A leerbaan has at least one place.")
    elif plaatsen < bezet:
        errors["plaatsen"] = _(
            "%(n)d places are already taken by accepted candidates: the number cannot be lower."
        ) % {"n": bezet}
    if org is not None and "organisatie" not in errors:
        fout = _contact_fout(pilot=pilot, organisatie=org, contactpersoon=data["contactpersoon"])
        if fout:
            errors["contactpersoon"] = fout
    return errors


@transaction.atomic
def leg_leerbaan_vast(
    *,
    actor: User | None,
    pilot: Pilot,
    organisatie: Organisatie | None,
    titel: str,
    postcode: str,
    plaats: str,
    uren_per_week: int | None,
    start_vanaf: date | None,
    start_tot: date | None,
    contactpersoon: User | None,
    kwalificaties: list[Any] = (),  # type: ignore[assignment]
    werkprocessen: list[Any] = (),  # type: ignore[assignment]
    plaatsen: int = 1,
    subregio: Any = None,
    toelichting: str = "",
    leerbaan: Leerbaan | None = None,
) -> Leerbaan:
    """Record a new leerbaan (`leerbaan` None) or change one: the leerbedrijf (a partner of the
    pilot), where it is, which kwalificaties or werkprocessen it can teach, hours, start window,
    places and the contact person who answers proposals. The crebos of the chosen werkprocessen
    are stored with the kwalificaties, so the erkenning of each is shown and counted."""
    _mag(actor, Cap.LEERBAAN_RECORD, pilot.pk)
    controleer_invoer(
        {"titel": titel, "plaats": plaats, "toelichting": toelichting},
        regels=["titel", "plaats"],
        teksten=["toelichting"],
    )
    data: dict[str, Any] = {
        "organisatie": organisatie, "titel": (titel or "").strip(), "postcode": postcode,
        "plaats": (plaats or "").strip(), "subregio": subregio, "uren_per_week": uren_per_week,
        "start_vanaf": start_vanaf, "start_tot": start_tot, "plaatsen": plaatsen,
        "contactpersoon": contactpersoon, "toelichting": (toelichting or "").strip(),
        "kwalificaties": list(kwalificaties), "werkprocessen": list(werkprocessen),
    }  # fmt: skip
    if leerbaan is not None:
        leerbaan = Leerbaan.objects.select_for_update().get(pk=leerbaan.pk)
    errors = _leerbaan_fouten(pilot=pilot, leerbaan=leerbaan, data=data)
    if errors:
        raise ValidationError(errors)
    kwalificaties_alle = {k.pk: k for k in data.pop("kwalificaties")}
    wps = data.pop("werkprocessen")
    kwalificaties_alle.update({wp.kwalificatie_id: wp.kwalificatie for wp in wps})
    data["postcode4"] = data["postcode"][:4]
    if leerbaan is None:
        leerbaan = Leerbaan.objects.create(pilot=pilot, aangemaakt_door=actor, **data)
        changes: dict[str, Any] = {}
        actie = "leerbaan.create"
    else:
        voor = audit.snapshot(leerbaan, VELDEN)
        for veld, waarde in data.items():
            setattr(leerbaan, veld, waarde)
        leerbaan.save()
        changes = audit.diff(voor, audit.snapshot(leerbaan, VELDEN))
        actie = "leerbaan.update"
    leerbaan.kwalificaties.set(list(kwalificaties_alle.values()))
    leerbaan.werkprocessen.set(wps)
    audit.record(actor=actor, action=actie, obj=leerbaan, pilot_id=pilot.pk, changes=changes)
    return leerbaan


@transaction.atomic
def sluit_leerbaan(*, actor: User | None, leerbaan: Leerbaan) -> Leerbaan:
    """Close a leerbaan: it is no longer offered to candidates. Proposals still open for it
    are declined, with this as the reason, so nobody waits for an answer."""
    _mag(actor, Cap.LEERBAAN_RECORD, leerbaan.pilot_id)
    leerbaan = Leerbaan.objects.select_for_update().get(pk=leerbaan.pk)
    if leerbaan.status == LeerbaanStatus.GESLOTEN:
        raise ValidationError(_("This leerbaan is already closed."))
    leerbaan.status = LeerbaanStatus.GESLOTEN
    leerbaan.gesloten_op = timezone.now()
    leerbaan.save(update_fields=["status", "gesloten_op", "updated_at"])
    leerbaan.matches.filter(status=MatchStatus.VOORGESTELD).update(
        status=MatchStatus.AFGEWEZEN,
        reden=_("The leerbaan has been closed."),
        beantwoord_door=actor,
        beantwoord_op=timezone.now(),
    )
    audit.record(actor=actor, action="leerbaan.close", obj=leerbaan, pilot_id=leerbaan.pilot_id)
    return leerbaan


@transaction.atomic
def zoek_leerbaan(
    *,
    actor: User | None,
    deelnemer: Deelnemer,
    postcode4: str = "",
    plaats: str = "",
    subregio: Any = None,
    uren_per_week: int | None = None,
    kwalificaties: list[Any] = (),  # type: ignore[assignment]
    werkprocessen: list[Any] = (),  # type: ignore[assignment]
    start_vanaf: date | None = None,
    sector: str = "",
    toelichting: str = "",
) -> Zoekvraag:
    """Mark a candidate with a positive advice (the current advice is the praktijkverklaring
    route) as looking for a leerbaan, with their wishes; called again it changes the wishes."""
    _mag(actor, Cap.MATCH_PROPOSE, deelnemer.pilot_id)
    controleer_invoer(
        {
            "plaats": plaats,
            "sector": sector,
            "toelichting": toelichting,
            "start_vanaf": start_vanaf,
        },
        regels=["plaats", "sector"],
        teksten=["toelichting"],
        datums=["start_vanaf"],
    )
    errors: dict[str, str] = {}
    advies = huidig_advies(deelnemer)
    if not is_positief(advies):
        errors["__all__"] = _(
            "Only a candidate whose current advice is the praktijkverklaring route can look for "
            "a leerbaan. Record that advice first."
        )
    if deelnemer.geanonimiseerd_op or toestemming_ingetrokken(deelnemer):
        errors["__all__"] = _(
            "This candidate has withdrawn their consent or has been anonymised: their data are "
            "no longer processed, so they cannot be marked as looking for a leerbaan."
        )
    postcode4 = (postcode4 or "").strip()
    if postcode4:
        try:
            controleer_postcode4(postcode4)
        except ValidationError as exc:
            errors["postcode4"] = exc.messages[0]
    if subregio is not None and subregio.pilot_id != deelnemer.pilot_id:
        errors["subregio"] = _("Choose a subregio of this pilot.")
    if uren_per_week is not None and not 1 <= uren_per_week <= 40:
        errors["uren_per_week"] = _("Hours per week must be between 1 and 40.")
    if errors:
        raise ValidationError(errors)
    velden = {
        "advies": advies, "postcode4": postcode4, "plaats": (plaats or "").strip(),
        "subregio": subregio, "uren_per_week": uren_per_week, "start_vanaf": start_vanaf,
        "sector": (sector or "").strip(), "toelichting": (toelichting or "").strip(),
    }  # fmt: skip
    zoekvraag, nieuw = Zoekvraag.objects.select_for_update().get_or_create(
        deelnemer=deelnemer, defaults={**velden, "aangemaakt_door": actor}
    )
    if not nieuw:
        for veld, waarde in velden.items():
            setattr(zoekvraag, veld, waarde)
        if zoekvraag.status == ZoekStatus.GESTOPT:
            zoekvraag.status = ZoekStatus.ZOEKEND
        zoekvraag.save()
    kwalificaties_alle = {k.pk: k for k in kwalificaties}
    kwalificaties_alle.update({wp.kwalificatie_id: wp.kwalificatie for wp in werkprocessen})
    zoekvraag.kwalificaties.set(list(kwalificaties_alle.values()))
    zoekvraag.werkprocessen.set(list(werkprocessen))
    audit.record(
        actor=actor,
        action="zoekvraag.create" if nieuw else "zoekvraag.update",
        obj=zoekvraag,
        pilot_id=deelnemer.pilot_id,
    )
    return zoekvraag


def _open_fout(leerbaan: Leerbaan) -> str | None:
    """Why no candidate can be placed on this leerbaan now, or None."""
    if leerbaan.status != LeerbaanStatus.OPEN:
        return _("This leerbaan is closed.")
    if leerbaan.start_tot < timezone.localdate():
        return _("The start window of this leerbaan has passed.")
    if bezette_plaatsen(leerbaan) >= leerbaan.plaatsen:
        return _("Every place of this leerbaan is taken.")
    return None


@transaction.atomic
def stel_voor(
    *, actor: User | None, zoekvraag: Zoekvraag, leerbaan: Leerbaan, toelichting: str = ""
) -> Match:
    """Propose the candidate for the leerbaan (mbo, verwijzer, WSP, projectleider). The
    leerbaan's contact person is told by e-mail and answers on the platform."""
    pilot_id = zoekvraag.deelnemer.pilot_id
    _mag(actor, Cap.MATCH_PROPOSE, pilot_id)
    controleer_invoer({"toelichting": toelichting}, teksten=["toelichting"])
    leerbaan = Leerbaan.objects.select_for_update().get(pk=leerbaan.pk)
    if leerbaan.pilot_id != pilot_id:
        raise ValidationError(_("The leerbaan belongs to another pilot."))
    if zoekvraag.status != ZoekStatus.ZOEKEND:
        raise ValidationError(_("This candidate is not looking for a leerbaan (any more)."))
    if fout := _open_fout(leerbaan):
        raise ValidationError(fout)
    if Match.objects.filter(
        leerbaan=leerbaan, zoekvraag=zoekvraag, status__in=LOPENDE_MATCHES
    ).exists():
        raise ValidationError(_("This candidate has already been proposed for this leerbaan."))
    match = Match.objects.create(
        leerbaan=leerbaan,
        zoekvraag=zoekvraag,
        toelichting=(toelichting or "").strip(),
        voorgesteld_door=actor,
    )
    audit.record(actor=actor, action="match.propose", obj=match, pilot_id=pilot_id)
    contact = leerbaan.contactpersoon
    if contact.is_active and contact.email:
        transaction.on_commit(
            lambda: queue_notification(
                to=[contact.email],
                subject=_("A candidate for your leerbaan %(titel)s") % {"titel": leerbaan.titel},
                template="leerbanen/email/voorstel.txt",
                link=match.get_absolute_url(),
                context={"leerbaan": leerbaan},
            )
        )
    return match


def _beantwoord(actor: User | None, match: Match) -> Match:
    match = Match.objects.select_for_update().select_related("leerbaan").get(pk=match.pk)
    leerbaan = match.leerbaan
    if actor is None or leerbaan.contactpersoon_id != actor.pk:
        raise PermissionDenied
    if match.status != MatchStatus.VOORGESTELD:
        raise ValidationError(_("This proposal has already been answered."))
    return match


def _meld_antwoord(match: Match) -> None:
    proposer = match.voorgesteld_door
    if proposer is not None and proposer.is_active and proposer.email:
        transaction.on_commit(
            lambda: queue_notification(
                to=[proposer.email],
                subject=_("Answer to your proposal for %(titel)s")
                % {"titel": match.leerbaan.titel},
                template="leerbanen/email/antwoord.txt",
                link=match.get_absolute_url(),
                context={"match": match},
            )
        )


@transaction.atomic
def accepteer(*, actor: User | None, match: Match) -> Match:
    """The leerbaan's contact person accepts the proposed candidate: the candidate holds one of
    the leerbaan's places and has found a leerbaan; the traject can now be agreed."""
    Leerbaan.objects.select_for_update().get(pk=match.leerbaan_id)  # places: one at a time
    match = _beantwoord(actor, match)
    if fout := _open_fout(match.leerbaan):
        raise ValidationError(fout)
    match.status = MatchStatus.GEACCEPTEERD
    match.beantwoord_door, match.beantwoord_op = actor, timezone.now()
    match.save(update_fields=["status", "beantwoord_door", "beantwoord_op"])
    Zoekvraag.objects.filter(pk=match.zoekvraag_id, status=ZoekStatus.ZOEKEND).update(
        status=ZoekStatus.GEVONDEN, updated_at=timezone.now()
    )
    audit.record(actor=actor, action="match.accept", obj=match, pilot_id=match.leerbaan.pilot_id)
    _meld_antwoord(match)
    return match


@transaction.atomic
def wijs_af(*, actor: User | None, match: Match, reden: str) -> Match:
    """The leerbaan's contact person declines the proposed candidate, with a reason the
    proposer reads."""
    match = _beantwoord(actor, match)
    controleer_invoer({"reden": reden}, teksten=["reden"])
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Give the reason for declining the candidate.")})
    match.status = MatchStatus.AFGEWEZEN
    match.reden = reden
    match.beantwoord_door, match.beantwoord_op = actor, timezone.now()
    match.save(update_fields=["status", "reden", "beantwoord_door", "beantwoord_op"])
    audit.record(actor=actor, action="match.decline", obj=match, pilot_id=match.leerbaan.pilot_id)
    _meld_antwoord(match)
    return match


@transaction.atomic
def maak_traject_van_match(
    *, actor: User | None, match: Match, werkprocessen: list[Any], **traject: Any
) -> Any:
    """Agree the traject of an accepted match (`trajecten.services.maak_traject`, with the
    fields of the traject form) and record on the match that this traject came from it."""
    match = (
        Match.objects.select_for_update().select_related("zoekvraag__deelnemer").get(pk=match.pk)
    )
    if match.status != MatchStatus.GEACCEPTEERD:
        raise ValidationError(_("Only an accepted match becomes a traject."))
    if match.traject_id is not None:
        raise ValidationError(_("A traject has already been agreed for this match."))
    deelnemer = match.zoekvraag.deelnemer
    nieuw = maak_traject(actor=actor, deelnemer=deelnemer, werkprocessen=werkprocessen, **traject)
    match.traject = nieuw
    match.geplaatst_op = timezone.localdate()
    match.save(update_fields=["traject", "geplaatst_op"])
    Zoekvraag.objects.filter(pk=match.zoekvraag_id).update(
        status=ZoekStatus.GEPLAATST, updated_at=timezone.now()
    )
    audit.record(actor=actor, action="match.place", obj=match, pilot_id=deelnemer.pilot_id)
    return nieuw


@transaction.atomic
def stop_zoeken(*, deelnemer: Deelnemer, reden: str) -> int:
    """The candidate no longer looks for a leerbaan because their data may no longer be
    processed (consent withdrawn, docs/privacy.md): the search stops and the proposals still
    open are declined with `reden`, so no leerbedrijf answers them. Returns the number of
    proposals closed."""
    zoekvraag = Zoekvraag.objects.select_for_update().filter(deelnemer=deelnemer).first()
    if zoekvraag is None:
        return 0
    open_ = list(zoekvraag.matches.filter(status=MatchStatus.VOORGESTELD))
    for match in open_:
        match.status = MatchStatus.AFGEWEZEN
        match.reden = reden
        match.beantwoord_op = timezone.now()
        match.save(update_fields=["status", "reden", "beantwoord_op"])
    if zoekvraag.status == ZoekStatus.ZOEKEND:
        zoekvraag.status = ZoekStatus.GESTOPT
        zoekvraag.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=None,
        action="zoekvraag.gestopt",
        obj=zoekvraag,
        pilot_id=deelnemer.pilot_id,
        changes={"status": zoekvraag.status, "voorstellen_gesloten": len(open_)},
    )
    return len(open_)
