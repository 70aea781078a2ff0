"""Write operations of the begeleidingsinstrument (step 6 of the process): dated entries per
agreed werkproces, its status up to the praktijkopleider's judgement "beheerst", and the mbo's
quality-review moments.

Who may do what is decided in SQL by `TrajectQuerySet.for_user`: action "voortgang" (record
entries and move a werkproces between niet gestart and bezig), "beoordelen" (mark it beheerst:
the traject's own praktijkopleider only) and "change" (quality reviews: mbo and projectleider).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.mail import queue_notification
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout
from trajecten.constants import (
    KwaliteitsMomentSoort,
    KwaliteitsUitkomst,
    TrajectStatus,
    VoortgangSoort,
    WerkprocesStatus,
)
from trajecten.models import KwaliteitsMoment, Traject, TrajectWerkproces, VoortgangEntry

STARR_KEYS = ("situatie", "taak", "actie", "resultaat", "reflectie")
STARR_REQUIRED = ("situatie", "actie", "reflectie")
ENDED = (TrajectStatus.AFGEROND, TrajectStatus.GESTOPT)


def mag(user: Any, traject: Traject, action: str) -> bool:
    """May the user do `action` ("voortgang", "beoordelen", "change") on this traject?"""
    return Traject.objects.filter(pk=traject.pk).for_user(user, action).exists()


def _require(user: Any, traject: Traject, action: str) -> None:
    if not mag(user, traject, action):
        raise PermissionDenied


def _require_open(traject: Traject) -> None:
    if traject.status in ENDED:
        raise ValidationError(_("This traject has ended; its progress can no longer be changed."))


def _require_started(traject: Traject) -> None:
    """Nothing is marked beheerst before the traject has started: not while it is planned, nor
    before its start date."""
    today = timezone.localdate()
    if traject.startdatum and traject.startdatum > today:
        raise ValidationError(
            {
                "status": _(
                    "The traject starts on %(datum)s: a werkproces can be marked beheerst only "
                    "once the traject has started."
                )
                % {"datum": date_format(traject.startdatum, "j F Y")}
            }
        )
    if traject.status == TrajectStatus.GEPLAND:
        raise ValidationError(
            {
                "status": _(
                    "The traject has not started yet: a werkproces can be marked beheerst only "
                    "once the traject has started."
                )
            }
        )


def _check_datum(datum: date | None, errors: dict[str, str]) -> None:
    if datum is None:
        errors["datum"] = _("Enter the date.")
    elif fout := datum_fout(datum):
        errors["datum"] = fout
    elif datum > timezone.localdate():
        errors["datum"] = _("The date cannot be in the future.")


@transaction.atomic
def voeg_entry_toe(
    *,
    actor: User | None,
    traject_werkproces: TrajectWerkproces,
    soort: str,
    datum: date | None,
    tekst: str = "",
    starr: dict[str, str] | None = None,
) -> VoortgangEntry:
    """Record a dated entry for an agreed werkproces: a work assignment, the participant's STARR
    reflection (situatie, actie and reflectie required) or an observation. The first entry moves
    a werkproces that has not started to "bezig"."""
    tw = TrajectWerkproces.objects.select_for_update().get(pk=traject_werkproces.pk)
    traject = Traject.objects.select_related("deelnemer").get(pk=tw.traject_id)
    _require(actor, traject, "voortgang")
    _require_open(traject)
    errors: dict[str, str] = {}
    if soort not in VoortgangSoort.values:
        errors["soort"] = _("Choose the kind of entry.")
    _check_datum(datum, errors)
    controleer_invoer({"tekst": tekst, **(starr or {})}, teksten=["tekst", *STARR_KEYS])
    tekst = (tekst or "").strip()
    clean_starr: dict[str, str] = {}
    if soort == VoortgangSoort.STARR:
        clean_starr = {k: str((starr or {}).get(k) or "").strip() for k in STARR_KEYS}
        messages = {
            "situatie": _("Describe the situation (S of STARR)."),
            "actie": _("Describe what the participant did (A of STARR)."),
            "reflectie": _("Write the participant's reflection (R of STARR)."),
        }
        for key in STARR_REQUIRED:
            if not clean_starr[key]:
                errors[key] = messages[key]
    elif soort in VoortgangSoort.values and not tekst:
        errors["tekst"] = (
            _("Describe the work assignment.")
            if soort == VoortgangSoort.OPDRACHT
            else _("Describe what you observed.")
        )
    if errors or datum is None:
        raise ValidationError(errors)
    entry = VoortgangEntry.objects.create(
        traject_werkproces=tw,
        soort=soort,
        datum=datum,
        tekst=tekst,
        starr=clean_starr,
        auteur=actor,
    )
    pilot_id = traject.deelnemer.pilot_id
    audit.record(actor=actor, action="voortgang.entry", obj=entry, pilot_id=pilot_id,
                 changes={"traject_werkproces": tw.pk, "soort": soort})  # fmt: skip
    if tw.status == WerkprocesStatus.NIET_GESTART:
        tw.status = WerkprocesStatus.BEZIG
        tw.save(update_fields=["status"])
        change = {"status": [WerkprocesStatus.NIET_GESTART, WerkprocesStatus.BEZIG]}
        audit.record(
            actor=actor, action="voortgang.status", obj=tw, pilot_id=pilot_id, changes=change
        )
    return entry


@transaction.atomic
def zet_werkproces_status(
    *,
    actor: User | None,
    traject_werkproces: TrajectWerkproces,
    status: str,
    samenvattend_oordeel: str = "",
) -> TrajectWerkproces:
    """Change a werkproces's status. Only the traject's own praktijkopleider marks it beheerst,
    only once the traject has started (not planned, start date reached), and only with a
    samenvattend oordeel; taking "beheerst" back (praktijkopleider, mbo or
    projectleider) clears the judgement on the werkproces, and the audit record keeps it."""
    tw = TrajectWerkproces.objects.select_for_update().get(pk=traject_werkproces.pk)
    traject = Traject.objects.select_related("deelnemer").get(pk=tw.traject_id)
    _require(actor, traject, "voortgang")
    if status not in WerkprocesStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status == WerkprocesStatus.BEHEERST:
        _require(actor, traject, "beoordelen")
    elif tw.status == WerkprocesStatus.BEHEERST and not (
        mag(actor, traject, "beoordelen") or mag(actor, traject, "change")
    ):
        # A jobcoach does not undo the praktijkopleider's judgement.
        raise PermissionDenied
    _require_open(traject)
    if status == WerkprocesStatus.BEHEERST:
        _require_started(traject)
    oordeel = (samenvattend_oordeel or "").strip()
    if status == WerkprocesStatus.BEHEERST and not oordeel:
        raise ValidationError(
            {
                "samenvattend_oordeel": _(
                    "Write a samenvattend oordeel before marking the werkproces beheerst."
                )
            }
        )
    if status == tw.status and status != WerkprocesStatus.BEHEERST:
        raise ValidationError({"status": _("The werkproces already has this status.")})
    before = {
        "status": tw.status,
        "samenvattend_oordeel": tw.samenvattend_oordeel,
        "beheerst_op": tw.beheerst_op.isoformat() if tw.beheerst_op else None,
        "beoordeeld_door": tw.beoordeeld_door_id,
    }
    tw.status = status
    if status == WerkprocesStatus.BEHEERST:
        tw.samenvattend_oordeel = oordeel
        tw.beheerst_op = timezone.localdate()
        tw.beoordeeld_door = actor
    else:
        tw.samenvattend_oordeel = ""
        tw.beheerst_op = None
        tw.beoordeeld_door = None
    tw.save(update_fields=["status", "samenvattend_oordeel", "beheerst_op", "beoordeeld_door"])
    after = {
        "status": tw.status,
        "samenvattend_oordeel": tw.samenvattend_oordeel,
        "beheerst_op": tw.beheerst_op.isoformat() if tw.beheerst_op else None,
        "beoordeeld_door": tw.beoordeeld_door_id,
    }
    audit.record(
        actor=actor,
        action="voortgang.beheerst" if status == WerkprocesStatus.BEHEERST else "voortgang.status",
        obj=tw,
        pilot_id=traject.deelnemer.pilot_id,
        changes=audit.diff(before, after),
    )
    return tw


@transaction.atomic
def registreer_kwaliteitsmoment(
    *,
    actor: User | None,
    traject: Traject,
    moment: str,
    datum: date | None,
    uitkomst: str,
    toelichting: str = "",
) -> KwaliteitsMoment:
    """Record one of the mbo's quality reviews (start, mid, end) with its outcome. An outcome
    other than "on track" needs an explanation, and is e-mailed to the praktijkopleider and the
    jobcoach (after commit)."""
    _require(actor, traject, "change")
    errors: dict[str, str] = {}
    if moment not in KwaliteitsMomentSoort.values:
        errors["moment"] = _("Choose the review moment.")
    if uitkomst not in KwaliteitsUitkomst.values:
        errors["uitkomst"] = _("Choose the outcome.")
    _check_datum(datum, errors)
    toelichting = (toelichting or "").strip()
    needs_reason = uitkomst in KwaliteitsUitkomst.values and uitkomst != KwaliteitsUitkomst.OP_KOERS
    if needs_reason and not toelichting:
        errors["toelichting"] = _("Explain what needs attention or must be adjusted.")
    if errors or datum is None:
        raise ValidationError(errors)
    km = KwaliteitsMoment.objects.create(
        traject=traject,
        moment=moment,
        datum=datum,
        uitkomst=uitkomst,
        toelichting=toelichting,
        door=actor,
    )
    audit.record(actor=actor, action="kwaliteitsmoment.create", obj=km,
                 pilot_id=traject.deelnemer.pilot_id,
                 changes={"moment": moment, "uitkomst": uitkomst})  # fmt: skip
    if needs_reason:
        _meld_kwaliteitsmoment(km)
    return km


def _meld_kwaliteitsmoment(km: KwaliteitsMoment) -> None:
    traject = km.traject
    to = sorted({p.email for p in (traject.praktijkopleider, traject.jobcoach) if p and p.email})
    if not to:
        return
    context = {
        "deelnemer": traject.deelnemer,
        "moment": km.get_moment_display(),
        "uitkomst": km.get_uitkomst_display(),
        "toelichting": km.toelichting,
    }
    queue_notification(
        to=to,
        subject=_("Quality review of %(deelnemer)s: %(uitkomst)s") % context,
        template="trajecten/email/kwaliteitsmoment.txt",
        link=traject.get_absolute_url() + "#kwaliteit",
        context=context,
    )


@transaction.atomic
def voeg_reflectie_toe_als_deelnemer(
    *,
    deelnemer_id: int,
    traject_werkproces: TrajectWerkproces,
    datum: date | None,
    starr: dict[str, str],
) -> VoortgangEntry:
    """The participant writes their own STARR reflection in the portal (no account: recorded as
    `door_deelnemer`). Only on a werkproces of their own traject, while it has not ended;
    situatie, actie and reflectie are required."""
    tw = TrajectWerkproces.objects.select_for_update().get(pk=traject_werkproces.pk)
    traject = Traject.objects.select_related("deelnemer").get(pk=tw.traject_id)
    if traject.deelnemer_id != deelnemer_id:
        raise PermissionDenied
    _require_open(traject)
    errors: dict[str, str] = {}
    _check_datum(datum, errors)
    controleer_invoer(dict(starr), teksten=list(STARR_KEYS))
    schoon = {k: str(starr.get(k) or "").strip() for k in STARR_KEYS}
    messages = {
        "situatie": _("Write down the situation: where were you, what was going on?"),
        "actie": _("Write down what you did."),
        "reflectie": _("Write down what you learned, or what you would do differently."),
    }
    for key in STARR_REQUIRED:
        if not schoon[key]:
            errors[key] = messages[key]
    if errors or datum is None:
        raise ValidationError(errors)
    entry = VoortgangEntry.objects.create(
        traject_werkproces=tw,
        soort=VoortgangSoort.STARR,
        datum=datum,
        starr=schoon,
        door_deelnemer=True,
    )
    audit.record(actor=None, action="voortgang.reflectie_deelnemer", obj=entry,
                 pilot_id=traject.deelnemer.pilot_id,
                 changes={"traject_werkproces": tw.pk, "soort": VoortgangSoort.STARR})  # fmt: skip
    return entry
