"""What the portal shows a participant, in plain words (B1): where they are, what comes next,
who they can ask, and their documents. Everything is read through `laden` (the participant of
the session only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from ondertekening.kern import is_open, stuk
from trajecten.constants import TrajectStatus

from . import laden


@dataclass(frozen=True)
class Contact:
    rol: str
    naam: str
    email: str = ""
    telefoon: str = ""


def uitleg_document(kort: str) -> str:
    """What an agreement is, in words (the abbreviations mean nothing to most people)."""
    return {
        "OOK": _("Onderwijsovereenkomst (OOK): what you and the school (the mbo) agree about "
                 "your learning."),
        "POK": _("Praktijkovereenkomst (POK): what you, the school and the company agree about "
                 "learning at work."),
        "PLOK": _("Praktijkleerovereenkomst (PLOK): what you agree with the employer and the "
                  "gemeente or UWV about your work, and your wage or benefit, while you learn."),
    }.get(kort.upper(), "")  # fmt: skip


def stap(deelnemer: Deelnemer, trajecten: list[Any]) -> tuple[str, str]:
    """Where the participant is now, and what comes next, in two short sentences."""
    lopend = [t for t in trajecten if t.status == TrajectStatus.LOPEND]
    gepland = [t for t in trajecten if t.status == TrajectStatus.GEPLAND]
    s = deelnemer.status
    if s == DeelnemerStatus.AANGEMELD:
        return _("You have been signed up."), _(
            "The school (the mbo) will invite you for a talk. In that talk you look together "
            "at what suits you."
        )
    if s == DeelnemerStatus.INTAKE_GEPLAND:
        return _("A talk with the school has been planned."), _(
            "In the talk you discuss what you want to learn and how. After the talk you get advice."
        )
    if s == DeelnemerStatus.ADVIES_GEGEVEN and not trajecten:
        return _("You have had your advice."), _(
            "The next step is finding a company where you can learn. The school and your "
            "contact person help you with that."
        )
    if gepland and not lopend:
        return _("Your learning at a company is being prepared."), _(
            "First everyone signs the agreements. Then you can start."
        )
    if lopend or s == DeelnemerStatus.IN_TRAJECT:
        return _("You are learning at a company."), _(
            "Your praktijkopleider (the person who teaches you at work) follows how you are "
            "doing. Below you see what you have already learned."
        )
    if s == DeelnemerStatus.AFGEROND:
        return _("You have finished your route."), _(
            "Your verklaring shows what you have learned. You can share it with an employer."
        )
    if s == DeelnemerStatus.GESTOPT:
        return _("Your route has stopped."), _("Do you have questions? Ask your contact person.")
    return _("Your route did not start."), _("Do you have questions? Ask your contact person.")


def contacten(deelnemer: Deelnemer, trajecten: list[Any]) -> list[Contact]:
    """The people the participant can ask, with what the dossier has of them."""
    uit: list[Contact] = []
    if deelnemer.mbo_contact:
        u = deelnemer.mbo_contact
        uit.append(Contact(_("Your contact at the school"), u.get_full_name() or u.email, u.email))
    for t in trajecten:
        if t.status not in (TrajectStatus.GEPLAND, TrajectStatus.LOPEND):
            continue
        if t.praktijkopleider:
            u = t.praktijkopleider
            uit.append(
                Contact(
                    _("Your praktijkopleider at %(bedrijf)s") % {"bedrijf": t.leerbedrijf or "-"},
                    u.get_full_name() or u.email,
                    u.email,
                )
            )
        if t.jobcoach:
            u = t.jobcoach
            uit.append(Contact(_("Your jobcoach"), u.get_full_name() or u.email, u.email))
    if deelnemer.verwezen_door and deelnemer.verwezen_door.is_active:
        u = deelnemer.verwezen_door
        organisatie = deelnemer.verwijzer_organisatie
        rol = (
            _("The person who signed you up, at %(organisatie)s") % {"organisatie": organisatie}
            if organisatie
            else _("The person who signed you up")
        )
        uit.append(Contact(rol, u.get_full_name() or u.email, u.email))
    return list(dict.fromkeys(uit))  # once each (a jobcoach on two trajecten)


def documenten(deelnemer: Deelnemer) -> list[dict[str, Any]]:
    """The participant's agreements: open to sign, or signed (with the signed PDF when there)."""
    rijen = []
    for o in laden.ondertekeningen(deelnemer):
        if o.vervallen_op:
            continue
        s = stuk(o)
        rijen.append(
            {
                "o": o,
                "titel": s.titel,
                "uitleg": uitleg_document(s.kort),
                "open": is_open(o),
                "getekend_op": o.getekend_op,
                "volgorde": (s.volgorde, o.pk),
            }
        )
    return sorted(rijen, key=lambda r: r["volgorde"])


def overzicht(deelnemer: Deelnemer) -> dict[str, Any]:
    trajecten = list(laden.trajecten(deelnemer))
    nu, volgende = stap(deelnemer, trajecten)
    return {
        "nu": nu,
        "volgende": volgende,
        "contacten": contacten(deelnemer, trajecten),
        "documenten": documenten(deelnemer),
        "verklaringen": list(laden.verklaringen(deelnemer)),
        "heeft_voortgang": laden.werkprocessen(deelnemer).exists(),
    }
