"""Making an mbo-verklaring: the mbo-instelling wraps the signed praktijkverklaring with the exam
results (structured rows: examenonderdeel, date, result, any mbo-certificaat earned), the other
results (lessons followed) and the brancheorganisatie per kwalificatie. Issuing it (the
examencommissie) is `services.geef_uit`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout, heeft_stuurtekens

from .constants import PraktijkverklaringStatus, RegistratieStatus
from .melding import meld_klaar_voor_uitgifte
from .models import Examenresultaat, MboVerklaring, Praktijkverklaring, Registratie

CREBO = re.compile(r"^\d{5}$")
MAX_EXAMENRESULTATEN = 20


def kwalificaties_van(praktijkverklaring: Praktijkverklaring) -> list[dict[str, str]]:
    """The kwalificaties the praktijkverklaring's werkprocessen come from, in printed order."""
    gezien: dict[str, dict[str, str]] = {}
    for wp in praktijkverklaring.inhoud.get("werkprocessen") or []:
        crebo = str(wp.get("crebo") or "")
        if crebo and crebo not in gezien:
            gezien[crebo] = {"crebo": crebo, "kwalificatie": str(wp.get("kwalificatie") or "")}
    return list(gezien.values())


def eerdere_brancheorganisaties(mbo_instelling_id: int | None) -> dict[str, str]:
    """Per crebo, the brancheorganisatie the institution recorded last time: a suggestion."""
    gevonden: dict[str, str] = {}
    rijen = (
        MboVerklaring.objects.filter(mbo_instelling_id=mbo_instelling_id)
        .exclude(brancheorganisaties=[])
        .order_by("-pk")
        .values_list("brancheorganisaties", flat=True)[:50]
    )
    for rij in rijen:
        for b in rij or []:
            if isinstance(b, dict) and b.get("crebo") and b.get("naam"):
                gevonden.setdefault(str(b["crebo"]), str(b["naam"]))
    return gevonden


def _regel(nummer: int, tekst: str) -> str:
    return _("Exam result %(n)d: %(tekst)s") % {"n": nummer, "tekst": tekst}


def schoon_examenresultaten(
    rijen: Iterable[Mapping[str, Any]], *, startdatum: date | None, today: date | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Validate exam result rows; returns the clean rows and the error messages (Dutch, naming
    the row). A row with every field empty is skipped."""
    today = today or timezone.localdate()
    schoon: list[dict[str, Any]] = []
    fouten: list[str] = []
    for nummer, rij in enumerate(rijen, start=1):
        onderdeel = str(rij.get("examenonderdeel") or "").strip()
        datum = rij.get("datum")
        resultaat = str(rij.get("resultaat") or "").strip()
        crebo = str(rij.get("certificaat_crebo") or "").strip()
        certificaat = str(rij.get("certificaat_naam") or "").strip()
        if not (onderdeel or datum or resultaat or crebo or certificaat):
            continue
        if any(heeft_stuurtekens(t) for t in (onderdeel, resultaat, crebo, certificaat)):
            fouten.append(_regel(nummer, _("remove the line breaks and control characters.")))
        if not onderdeel:
            fouten.append(_regel(nummer, _("enter the examenonderdeel.")))
        elif len(onderdeel) > 200:
            fouten.append(_regel(nummer, _("the examenonderdeel is at most 200 characters.")))
        if not isinstance(datum, date):
            fouten.append(_regel(nummer, _("enter the date of the exam.")))
        elif fout := datum_fout(datum):
            fouten.append(_regel(nummer, fout))
        elif datum > today:
            fouten.append(_regel(nummer, _("the date cannot be in the future.")))
        elif startdatum and datum < startdatum:
            fouten.append(
                _regel(
                    nummer,
                    _("the date cannot be before the start of the traject (%(start)s).")
                    % {"start": date_format(startdatum, "j F Y")},
                )
            )
        if not resultaat:
            fouten.append(_regel(nummer, _("enter the result.")))
        elif len(resultaat) > 50:
            fouten.append(_regel(nummer, _("the result is at most 50 characters.")))
        if crebo and not CREBO.match(crebo):
            fouten.append(_regel(nummer, _("the crebo of the mbo-certificaat is five digits.")))
        if crebo and not certificaat:
            fouten.append(_regel(nummer, _("enter the name of the mbo-certificaat.")))
        if len(certificaat) > 200:
            fouten.append(_regel(nummer, _("the mbo-certificaat is at most 200 characters.")))
        schoon.append(
            {
                "examenonderdeel": onderdeel,
                "datum": datum,
                "resultaat": resultaat,
                "certificaat_crebo": crebo,
                "certificaat_naam": certificaat,
            }
        )
    if len(schoon) > MAX_EXAMENRESULTATEN:
        fouten.append(_("At most %(n)d exam results.") % {"n": MAX_EXAMENRESULTATEN})
    return schoon, fouten


def schoon_brancheorganisaties(
    praktijkverklaring: Praktijkverklaring, brancheorganisaties: Mapping[str, str] | None
) -> tuple[list[dict[str, str]], list[str]]:
    """The brancheorganisatie per kwalificatie of the praktijkverklaring ({crebo: naam}); a crebo
    that is not on it is refused."""
    kwalificaties = {k["crebo"]: k for k in kwalificaties_van(praktijkverklaring)}
    fouten: list[str] = []
    schoon: list[dict[str, str]] = []
    for crebo, naam in (brancheorganisaties or {}).items():
        naam = str(naam or "").strip()
        if crebo not in kwalificaties:
            fouten.append(
                _("Crebo %(crebo)s is not on this praktijkverklaring.") % {"crebo": crebo}
            )
        elif len(naam) > 200:
            fouten.append(_("The name of a brancheorganisatie is at most 200 characters."))
        elif heeft_stuurtekens(naam):
            fouten.append(
                _("The name of a brancheorganisatie contains a line break or control character.")
            )
        elif naam:
            schoon.append({**kwalificaties[crebo], "naam": naam})
    return schoon, fouten


@transaction.atomic
def maak_mbo_verklaring(
    *,
    actor: User | None,
    praktijkverklaring: Praktijkverklaring,
    overige_resultaten: str = "",
    examenresultaten: Iterable[Mapping[str, Any]] = (),
    brancheorganisaties: Mapping[str, str] | None = None,
    vervangt: Registratie | None = None,
) -> MboVerklaring:
    """The mbo-instelling wraps the signed praktijkverklaring with the exam results (rows:
    examenonderdeel, date not in the future nor before the traject's start, result, optional
    mbo-certificaat with its crebo), the other results (lessons; one per line) and the
    brancheorganisatie per kwalificatie ({crebo: naam}). A correction names the register entry
    it supersedes. Nothing is stored when anything is wrong."""
    controleer_invoer({"overige_resultaten": overige_resultaten}, teksten=["overige_resultaten"])
    pv = (
        Praktijkverklaring.objects.select_for_update(of=("self",))
        .select_related("traject__mbo_instelling")
        .get(pk=praktijkverklaring.pk)
    )
    if pv.status != PraktijkverklaringStatus.ONDERTEKEND:
        raise ValidationError(_("The praktijkopleider has not signed the praktijkverklaring yet."))
    if pv.mbo_verklaringen.filter(registratie__isnull=True).exists():
        raise ValidationError(_("An mbo-verklaring for this praktijkverklaring awaits issuing."))
    if pv.mbo_verklaringen.filter(registratie__status=RegistratieStatus.GELDIG).exists() and (
        vervangt is None
    ):
        raise ValidationError(
            _("This praktijkverklaring already has a valid mbo-verklaring. "
              "To correct it, make a new one that supersedes it.")
        )  # fmt: skip
    if vervangt is not None and (
        vervangt.deelnemer_id != pv.traject.deelnemer_id
        or vervangt.status != RegistratieStatus.GELDIG
        or vervangt.instelling_id != pv.traject.mbo_instelling_id
    ):
        raise ValidationError(
            _("Only a valid mbo-verklaring of this participant can be corrected.")
        )
    mbo_instelling = pv.traject.mbo_instelling
    if mbo_instelling is None:
        raise ValidationError(_("The traject needs an mbo-instelling and a leerbedrijf."))
    resultaten, fouten = schoon_examenresultaten(examenresultaten, startdatum=pv.traject.startdatum)
    branches, branche_fouten = schoon_brancheorganisaties(pv, brancheorganisaties)
    if fouten or branche_fouten:
        raise ValidationError(fouten + branche_fouten)
    mv = MboVerklaring.objects.create(
        praktijkverklaring=pv,
        mbo_instelling=mbo_instelling,
        overige_resultaten=overige_resultaten.strip(),
        brancheorganisaties=branches,
        vervangt=vervangt,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    Examenresultaat.objects.bulk_create(
        [Examenresultaat(mbo_verklaring=mv, **rij) for rij in resultaten]
    )
    audit.record(
        actor=actor,
        action="mbo_verklaring.create",
        obj=mv,
        pilot_id=pv.traject.deelnemer.pilot_id,
        changes={
            "examenresultaten": [
                f"{r['examenonderdeel']} {r['datum'].isoformat()} {r['resultaat']}"
                for r in resultaten
            ],
            "brancheorganisaties": [f"{b['crebo']} {b['naam']}" for b in branches],
        },
    )
    # Ready for the examencommissie: tell its members (e-mails sent after commit).
    meld_klaar_voor_uitgifte(mv)
    return mv
