"""The end of a traject (step 7): closing it as completed or stopped early, the outflow, the
follow-ups at 6 and 12 months, and the reminder for trajecten past their planned end.

The two daily tasks (`vraag_nametingen`, `stuur_einddatum_herinneringen`) are safe to run twice:
a unique row (Nameting, Herinnering) is written in a savepoint before the e-mail is queued, and
the e-mail is only sent when that savepoint commits.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deelnemers.aanmelding import mbo_contacts, notify, wijzig_status
from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Herinnering
from pilots import roles
from pilots.models import Membership
from pilots.roles import Cap, Role
from praktijkleren import audit
from praktijkleren.mail import queue_notification, site_url
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Nameting, Traject, Uitstroom
from trajecten.models.uitstroom import Behaald

AFGESLOTEN = (TrajectStatus.AFGEROND, TrajectStatus.GESTOPT)
OPEN = (TrajectStatus.GEPLAND, TrajectStatus.LOPEND)
NAMETING_MAANDEN = (6, 12)
# A follow-up is asked only while it is current: within 6 months of its due date. A traject that
# ended long ago (imported, or closed late) does not get a stale question about month 6.
NAMETING_VENSTER_MAANDEN = 6
EINDE_HERINNERING = "traject-einde"


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier), clipped to the end of a shorter month."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def sluit_traject(
    *,
    actor: User | None,
    traject: Traject,
    afloop: str,
    einddatum: date | None,
    stopreden: str = "",
    today: date | None = None,
) -> Traject:
    """End a planned or running traject as completed (afgerond) or stopped early (gestopt, with a
    reason). The end date lies between the start date and today. When the participant has no
    other open traject, their status follows (completed or stopped)."""
    today = today or timezone.localdate()
    # Lock the row: two people closing at once must not both succeed.
    traject = Traject.objects.select_for_update().select_related("deelnemer").get(pk=traject.pk)
    if traject.status not in OPEN:
        raise ValidationError(
            _("This traject has already ended (%(status)s) and cannot be closed again.")
            % {"status": traject.get_status_display()}
        )
    errors: dict[str, str] = {}
    controleer_invoer({"stopreden": stopreden}, teksten=["stopreden"])
    stopreden = stopreden.strip()
    if afloop not in AFGESLOTEN:
        errors["afloop"] = _("Choose whether the traject was completed or stopped early.")
    elif afloop == TrajectStatus.GESTOPT and not stopreden:
        errors["stopreden"] = _("Give the reason why the traject stopped early.")
    if einddatum is None:
        errors["einddatum"] = _("Enter the end date.")
    elif fout := datum_fout(einddatum):
        errors["einddatum"] = fout
    elif einddatum > today:
        errors["einddatum"] = _("The end date cannot be in the future.")
    elif traject.startdatum and einddatum < traject.startdatum:
        errors["einddatum"] = _("The end date cannot be before the start date (%(start)s).") % {
            "start": date_format(traject.startdatum, "DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)
    assert einddatum is not None
    vorige = traject.status
    traject.status = afloop
    traject.einddatum = einddatum
    traject.stopreden = stopreden if afloop == TrajectStatus.GESTOPT else ""
    traject.save(update_fields=["status", "einddatum", "stopreden"])
    deelnemer = traject.deelnemer
    audit.record(
        actor=actor,
        action="traject.afsluiten",
        obj=traject,
        pilot_id=deelnemer.pilot_id,
        changes={
            "status": [vorige, afloop],
            "einddatum": einddatum.isoformat(),
            "stopreden": traject.stopreden,
        },
    )
    andere_open = deelnemer.trajecten.exclude(pk=traject.pk).filter(status__in=OPEN).exists()
    if not andere_open:
        status = (
            DeelnemerStatus.AFGEROND
            if afloop == TrajectStatus.AFGEROND
            else DeelnemerStatus.GESTOPT
        )
        if deelnemer.status != status:
            wijzig_status(actor=actor, deelnemer=deelnemer, status=status, reden=traject.stopreden)
    return traject


@transaction.atomic
def leg_uitstroom_vast(
    *,
    actor: User | None,
    traject: Traject,
    soort: str,
    datum: date | None,
    toelichting: str = "",
    behaald: str = Behaald.GEEN,
    behaald_crebo: str = "",
) -> Uitstroom:
    """Record where the participant went after an ended traject, and, as an outcome of its own,
    any mbo-certificaat or mbo-diploma obtained (with its crebo). One outflow per traject: a
    second call corrects the recorded one. The date is not before the traject's end date."""
    traject = Traject.objects.select_for_update().select_related("deelnemer").get(pk=traject.pk)
    if traject.status not in AFGESLOTEN or traject.einddatum is None:
        raise ValidationError(_("Close the traject first; then record the outflow."))
    errors: dict[str, str] = {}
    if soort not in UitstroomSoort.values:
        errors["soort"] = _("Choose the outflow from the list.")
    if datum is None:
        errors["datum"] = _("Enter the date of the outflow.")
    elif fout := datum_fout(datum):
        errors["datum"] = fout
    elif datum < traject.einddatum:
        errors["datum"] = _(
            "The outflow date cannot be before the end of the traject (%(einde)s)."
        ) % {"einde": date_format(traject.einddatum, "DATE_FORMAT")}
    behaald = behaald or Behaald.GEEN
    behaald_crebo = (behaald_crebo or "").strip()
    if behaald not in Behaald.values:
        errors["behaald"] = _("Choose from the list what the participant obtained.")
    elif behaald == Behaald.GEEN:
        behaald_crebo = ""
    elif not behaald_crebo:
        errors["behaald_crebo"] = _("Enter the crebo of the mbo-certificaat or mbo-diploma.")
    elif not (len(behaald_crebo) == 5 and behaald_crebo.isdigit()):
        errors["behaald_crebo"] = _("A crebo is five digits.")
    if errors:
        raise ValidationError(errors)
    assert datum is not None
    toelichting = toelichting.strip()
    bestaand = Uitstroom.objects.filter(traject=traject).first()
    if bestaand is None:
        uitstroom = Uitstroom.objects.create(
            traject=traject,
            soort=soort,
            datum=datum,
            toelichting=toelichting,
            behaald=behaald,
            behaald_crebo=behaald_crebo,
            vastgelegd_door=actor,
        )
        audit.record(
            actor=actor,
            action="uitstroom.create",
            obj=uitstroom,
            pilot_id=traject.deelnemer.pilot_id,
            changes=audit.snapshot(uitstroom),
        )
        return uitstroom
    velden = ["soort", "datum", "toelichting", "behaald", "behaald_crebo"]
    before = audit.snapshot(bestaand, velden)
    bestaand.soort, bestaand.datum, bestaand.toelichting = soort, datum, toelichting
    bestaand.behaald, bestaand.behaald_crebo = behaald, behaald_crebo
    bestaand.vastgelegd_door = actor
    bestaand.save(update_fields=[*velden, "vastgelegd_door"])
    after = audit.snapshot(bestaand, velden)
    audit.record(
        actor=actor,
        action="uitstroom.update",
        obj=bestaand,
        pilot_id=traject.deelnemer.pilot_id,
        changes=audit.diff(before, after),
    )
    return bestaand


def _actief_in_pilot(user: Any, pilot_id: int) -> bool:
    return bool(
        user is not None
        and user.is_active
        and Membership.objects.filter(user_id=user.pk, pilot_id=pilot_id, active=True).exists()
    )


def nameting_ontvanger(traject: Traject) -> Any:
    """Whom to ask: the verwijzer who referred the participant while they are still active in
    the pilot, or else the traject's jobcoach (idem); None when neither is."""
    pilot_id = traject.deelnemer.pilot_id
    for person in (traject.deelnemer.verwezen_door, traject.jobcoach):
        if _actief_in_pilot(person, pilot_id):
            return person
    return None


def _te_vragen(maanden: int, today: date) -> Any:
    """Ended trajecten whose follow-up at `maanden` is due today and not yet asked."""
    return (
        Traject.objects.filter(
            status__in=AFGESLOTEN,
            einddatum__lte=add_months(today, -maanden),
            einddatum__gt=add_months(today, -maanden - NAMETING_VENSTER_MAANDEN),
        )
        .exclude(nametingen__maanden=maanden)
        .select_related("deelnemer__pilot", "deelnemer__verwezen_door", "jobcoach")
        .order_by("pk")
    )


def vraag_nametingen(*, today: date | None = None) -> int:
    """Daily: for each ended traject whose end date lies 6 (or 12) months back, ask the verwijzer
    (or else the jobcoach) once for the participant's situation now, with a link to answer.
    Without either, the mbo contacts are asked. Returns the number of questions sent."""
    today = today or timezone.localdate()
    verstuurd = 0
    for maanden in NAMETING_MAANDEN:
        for traject in _te_vragen(maanden, today):
            ontvanger = nameting_ontvanger(traject)
            aan = [ontvanger.email] if ontvanger is not None else mbo_contacts(traject.deelnemer)
            try:
                with transaction.atomic():
                    nameting = Nameting.objects.create(
                        traject=traject, maanden=maanden, gevraagd_op=today, gevraagd_aan=ontvanger
                    )
                    audit.record(
                        actor=None,
                        action="nameting.gevraagd",
                        obj=nameting,
                        pilot_id=traject.deelnemer.pilot_id,
                        changes={"aan": ", ".join(aan)},
                    )
                    notify(
                        to=aan,
                        template="trajecten/email/uitstroom_nameting.txt",
                        subject=_("How is %(naam)s doing, %(maanden)d months after the traject?")
                        % {"naam": traject.deelnemer, "maanden": maanden},
                        traject=traject,
                        deelnemer=traject.deelnemer,
                        maanden=maanden,
                        link=site_url(reverse("trajecten:nameting", args=[nameting.pk])),
                    )
            except IntegrityError:
                continue  # asked by a run that overlapped this one
            verstuurd += 1
    return verstuurd


@transaction.atomic
def beantwoord_nameting(
    *,
    actor: User | None,
    nameting: Nameting,
    situatie: str,
    toelichting: str = "",
    today: date | None = None,
) -> Nameting:
    """Store the answer to a follow-up: the participant's situation now, with an explanation.
    Answering again corrects the answer."""
    nameting = (
        Nameting.objects.select_for_update()
        .select_related("traject__deelnemer")
        .get(pk=nameting.pk)
    )
    pilot_id = nameting.traject.deelnemer.pilot_id
    if not (
        nameting.gevraagd_aan_id == getattr(actor, "pk", None)
        or roles.has_cap(actor, Cap.DEELNEMER_CHANGE, pilot_id)
    ):
        raise ValidationError(_("Only the person asked or the mbo can answer this follow-up."))
    if situatie not in UitstroomSoort.values:
        raise ValidationError({"situatie": _("Choose the participant's situation from the list.")})
    before = audit.snapshot(nameting, ["situatie", "toelichting"])
    nameting.situatie = situatie
    nameting.toelichting = toelichting.strip()
    nameting.beantwoord_op = today or timezone.localdate()
    nameting.beantwoord_door = actor
    nameting.save(update_fields=["situatie", "toelichting", "beantwoord_op", "beantwoord_door"])
    after = audit.snapshot(nameting, ["situatie", "toelichting"])
    audit.record(
        actor=actor,
        action="nameting.beantwoord",
        obj=nameting,
        pilot_id=pilot_id,
        changes=audit.diff(before, after),
    )
    return nameting


def _projectleiders(pilot_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            pilot_id=pilot_id, role=Role.PROJECTLEIDER, active=True, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def stuur_einddatum_herinneringen(*, today: date | None = None) -> int:
    """Daily: a running traject whose planned end date has passed is announced once to the mbo
    contacts and the projectleider(s), so it gets closed or extended. Once per traject and planned
    end date: moving the planned end date and passing it again gives a new reminder."""
    today = today or timezone.localdate()
    verstuurd = 0
    trajecten = (
        Traject.objects.filter(status=TrajectStatus.LOPEND, geplande_einddatum__lt=today)
        .select_related("deelnemer__pilot", "deelnemer__mbo_contact", "leerbedrijf")
        .order_by("pk")
    )
    for traject in trajecten:
        deelnemer = traject.deelnemer
        assert traject.geplande_einddatum is not None
        soort = f"{EINDE_HERINNERING}:{traject.pk}:{traject.geplande_einddatum.isoformat()}"
        if Herinnering.objects.filter(deelnemer=deelnemer, soort=soort).exists():
            continue
        aan = sorted(set(mbo_contacts(deelnemer)) | set(_projectleiders(deelnemer.pilot_id)))
        if not aan:
            continue
        try:
            with transaction.atomic():
                Herinnering.objects.create(
                    deelnemer=deelnemer, soort=soort, datum=today, aan=", ".join(aan)[:1000]
                )
                queue_notification(
                    to=aan,
                    subject=_("Traject of %(naam)s is past its planned end date")
                    % {"naam": deelnemer},
                    template="trajecten/email/uitstroom_einddatum.txt",
                    link=traject.get_absolute_url(),
                    context={"traject": traject, "deelnemer": deelnemer},
                )
        except IntegrityError:
            continue  # reminded by a run that overlapped this one
        verstuurd += 1
    return verstuurd
