"""Reads of the erkenning register: the API the trajecten and overeenkomsten layers call to know
whether a traject may start and its agreements may be sent for signing.

Both recognitions are needed for every crebo of the traject's werkprocessen: the leerbedrijf
recognised by SBB, and the mbo-instelling recognised by DUO to provide the crebo in the derde
leerweg. Nobody can override them. Messages are in the active language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kwalificaties.models import Kwalificatie
from pilots.models import Organisatie

from .constants import ErkenningSoort, ErkenningStatus
from .models import Erkenning


@dataclass(frozen=True)
class Bevinding:
    """The finding for one organisation, crebo and soort."""

    soort: str
    organisatie: Organisatie | None
    kwalificatie: Kwalificatie
    erkenning: Erkenning | None
    in_orde: bool
    aangevraagd: bool
    melding: str


def status_voor(
    organisatie: Organisatie, kwalificatie: Kwalificatie, soort: str
) -> Erkenning | None:
    """The recorded recognition, or None when nothing is recorded (counts as not recognised)."""
    return (
        Erkenning.objects.select_related("organisatie", "kwalificatie")
        .filter(organisatie=organisatie, kwalificatie=kwalificatie, soort=soort)
        .first()
    )


def _uniek(kwalificaties: Iterable[Kwalificatie]) -> list[Kwalificatie]:
    return sorted({k.pk: k for k in kwalificaties}.values(), key=lambda k: k.crebo)


def standaard_contact(soort: str) -> str:
    if soort == ErkenningSoort.LEERBEDRIJF:
        return _("the SBB adviser of the leerbedrijf (sbb.nl)")
    return _("the mbo-instelling, which applies for the derde-leerweg recognition at DUO")


def _melding(
    soort: str, organisatie: Organisatie | None, kwal: Kwalificatie, e: Erkenning | None
) -> str:
    args: dict[str, Any] = {"crebo": kwal.crebo, "naam": kwal.naam}
    leerbedrijf = soort == ErkenningSoort.LEERBEDRIJF
    if organisatie is None:
        if leerbedrijf:
            return (
                _(
                    "No leerbedrijf has been chosen yet: its SBB recognition for crebo "
                    "%(crebo)s (%(naam)s) cannot be checked."
                )
                % args
            )
        return (
            _(
                "No mbo-instelling has been chosen yet: its derde-leerweg recognition for crebo "
                "%(crebo)s (%(naam)s) cannot be checked."
            )
            % args
        )
    args["org"] = organisatie.naam
    status = e.status if e is not None else ErkenningStatus.GEEN
    if e is not None:
        args["referentie"] = e.referentie
    if status == ErkenningStatus.ERKEND:
        if leerbedrijf:
            return _("%(org)s is recognised for crebo %(crebo)s (%(naam)s): %(referentie)s.") % args
        return (
            _(
                "%(org)s may provide crebo %(crebo)s (%(naam)s) in the derde leerweg: "
                "%(referentie)s."
            )
            % args
        )
    if status == ErkenningStatus.AANGEVRAAGD:
        args["contact"] = (e.contact if e is not None else "") or standaard_contact(soort)
        if leerbedrijf:
            return (
                _(
                    "Recognition applied for: %(org)s is not yet recognised for crebo %(crebo)s "
                    "(%(naam)s). Contact: %(contact)s."
                )
                % args
            )
        return (
            _(
                "Recognition applied for: %(org)s may not yet provide crebo %(crebo)s "
                "(%(naam)s) in the derde leerweg. Contact: %(contact)s."
            )
            % args
        )
    if status == ErkenningStatus.INGETROKKEN:
        if leerbedrijf:
            return (
                _(
                    "The recognition of %(org)s for crebo %(crebo)s (%(naam)s) has been revoked "
                    "(%(referentie)s): apply for the recognition at SBB again."
                )
                % args
            )
        return (
            _(
                "The DUO recognition of %(org)s to provide crebo %(crebo)s (%(naam)s) in the "
                "derde leerweg has been revoked (%(referentie)s)."
            )
            % args
        )
    if leerbedrijf:
        return (
            _(
                "%(org)s is not recognised for crebo %(crebo)s (%(naam)s): apply for the "
                "recognition at SBB."
            )
            % args
        )
    return (
        _(
            "%(org)s has no recognition from DUO to provide crebo %(crebo)s (%(naam)s) in the "
            "derde leerweg."
        )
        % args
    )


def toets(
    *,
    leerbedrijf: Organisatie | None,
    mbo_instelling: Organisatie | None,
    kwalificaties: Iterable[Kwalificatie],
) -> list[Bevinding]:
    """One finding per crebo (by crebo) and soort: the leerbedrijf's SBB recognition, then the
    mbo-instelling's derde-leerweg recognition. Only "erkend" is in order; "aangevraagd" is
    blocking too, with whom to contact."""
    kwals = _uniek(kwalificaties)
    orgs = {ErkenningSoort.LEERBEDRIJF: leerbedrijf, ErkenningSoort.DERDE_LEERWEG: mbo_instelling}
    records = {
        (e.organisatie_id, e.kwalificatie_id, e.soort): e
        for e in Erkenning.objects.select_related("organisatie", "kwalificatie").filter(
            organisatie__in=[o.pk for o in orgs.values() if o is not None],
            kwalificatie__in=[k.pk for k in kwals],
        )
    }
    bevindingen = []
    for kwal in kwals:
        for soort, org in orgs.items():
            e = records.get((org.pk, kwal.pk, soort)) if org is not None else None
            bevindingen.append(
                Bevinding(
                    soort=soort,
                    organisatie=org,
                    kwalificatie=kwal,
                    erkenning=e,
                    in_orde=e is not None and e.in_orde,
                    aangevraagd=e is not None and e.status == ErkenningStatus.AANGEVRAAGD,
                    melding=_melding(soort, org, kwal, e),
                )
            )
    return bevindingen


def blokkades(
    *,
    leerbedrijf: Organisatie | None,
    mbo_instelling: Organisatie | None,
    kwalificaties: Iterable[Kwalificatie],
) -> list[str]:
    """The messages of the findings not in order; empty when both recognitions hold for every
    crebo (then signing and starting may go ahead)."""
    return [
        b.melding
        for b in toets(
            leerbedrijf=leerbedrijf, mbo_instelling=mbo_instelling, kwalificaties=kwalificaties
        )
        if not b.in_orde
    ]


def referenties(
    *, leerbedrijf: Organisatie | None, kwalificaties: Iterable[Kwalificatie]
) -> list[dict[str, str]]:
    """JSON-able rows for the POK: the leerbedrijf's SBB recognition per crebo. `status_label`
    and `referentie` are in the active language (documents render in Dutch)."""
    rows = []
    for kwal in _uniek(kwalificaties):
        e = (
            status_voor(leerbedrijf, kwal, ErkenningSoort.LEERBEDRIJF)
            if leerbedrijf is not None
            else None
        )
        status = e.status if e is not None else ErkenningStatus.GEEN
        rows.append(
            {
                "crebo": kwal.crebo,
                "kwalificatie": kwal.naam,
                "status": str(status),
                "status_label": str(ErkenningStatus(status).label),
                "sinds": e.sinds.isoformat() if e is not None and e.sinds else "",
                "gecontroleerd_op": e.gecontroleerd_op.isoformat() if e is not None else "",
                "bron": e.bron if e is not None else "",
                "referentie": e.referentie if e is not None else "",
            }
        )
    return rows
