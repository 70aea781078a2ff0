"""Write operations on trajecten (step 4 of the process): agreeing the route and the werkprocessen,
and starting once the agreements are signed and both recognitions are in order."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from deelnemers.aanmelding import leg_gebeurtenis_vast, wijzig_status
from deelnemers.constants import DeelnemerStatus, EventSoort
from deelnemers.models import Deelnemer
from pilots.constants import OrganisatieSoort
from pilots.roles import Role
from pilots.selectors import heeft_rol
from praktijkleren import audit
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout
from trajecten.constants import TrajectStatus
from trajecten.models import Traject, TrajectWerkproces
from trajecten.pages import open_startvoorwaarden

MAX_KWALIFICATIES = 3
LEERBEDRIJF_SOORTEN = (OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF)


@transaction.atomic
def maak_traject(
    *,
    actor: User | None,
    deelnemer: Deelnemer,
    werkprocessen: list[Any],
    leerbedrijf: Any,
    mbo_instelling: Any,
    startdatum: date,
    geplande_einddatum: date,
    praktijkopleider: Any = None,
    jobcoach: Any = None,
    **fields: Any,
) -> Traject:
    """Agree a traject: leerbedrijf, mbo-instelling, dates and werkprocessen from one to three
    kwalificaties. The erkenning register says whether the agreements may be signed."""
    errors: dict[str, str] = {}
    if leerbedrijf is None or leerbedrijf.soort not in LEERBEDRIJF_SOORTEN:
        errors["leerbedrijf"] = _("Choose a leerbedrijf or sw-bedrijf.")
    if mbo_instelling is None or mbo_instelling.soort != OrganisatieSoort.MBO_INSTELLING:
        errors["mbo_instelling"] = _("Choose an mbo-instelling.")
    for veld, datum in (("startdatum", startdatum), ("geplande_einddatum", geplande_einddatum)):
        if fout := datum_fout(datum):
            errors[veld] = fout
    controleer_invoer(
        fields, regels=["kosten_betaald_door", "bpv_adres"], teksten=["extra_onderwijs"]
    )
    # An implausible date makes the comparison meaningless; its own message is enough.
    if (
        not {"startdatum", "geplande_einddatum"} & errors.keys()
        and geplande_einddatum <= startdatum
    ):
        errors["geplande_einddatum"] = _("The planned end date must be after the start date.")
    if not werkprocessen:
        errors["werkprocessen"] = _("Choose at least one werkproces.")
    kwalificaties = {wp.kwalificatie_id: wp.kwalificatie for wp in werkprocessen}
    if len(kwalificaties) > MAX_KWALIFICATIES:
        errors["werkprocessen"] = _(
            "Choose werkprocessen from at most %(n)d kwalificaties (now %(m)d)."
        ) % {"n": MAX_KWALIFICATIES, "m": len(kwalificaties)}
    uren = fields.get("uren_per_week")
    if uren is not None and not 1 <= uren <= 40:
        errors["uren_per_week"] = _("Hours per week must be between 1 and 40.")
    errors.update(
        _begeleider_fouten(
            pilot_id=deelnemer.pilot_id, praktijkopleider=praktijkopleider, jobcoach=jobcoach
        )
    )
    if errors:
        raise ValidationError(errors)
    traject = Traject.objects.create(
        deelnemer=deelnemer,
        leerbedrijf=leerbedrijf,
        mbo_instelling=mbo_instelling,
        praktijkopleider=praktijkopleider,
        jobcoach=jobcoach,
        startdatum=startdatum,
        geplande_einddatum=geplande_einddatum,
        status=TrajectStatus.GEPLAND,
        **fields,
    )
    TrajectWerkproces.objects.bulk_create(
        TrajectWerkproces(traject=traject, werkproces=wp) for wp in werkprocessen
    )
    for person in (praktijkopleider, jobcoach):
        if person is not None:
            assign_perm("trajecten.view_traject", person, traject)
    leg_gebeurtenis_vast(
        deelnemer=deelnemer, actor=actor, soort=EventSoort.TRAJECT, tekst=str(leerbedrijf)
    )
    audit.record(actor=actor, action="traject.create", obj=traject, pilot_id=deelnemer.pilot_id)
    return traject


def _begeleider_fouten(*, pilot_id: int, praktijkopleider: Any, jobcoach: Any) -> dict[str, str]:
    """The praktijkopleider and jobcoach must hold that role, actively, in the participant's
    pilot: they are granted the traject and so see the participant."""
    errors = {}
    if praktijkopleider is not None and not heeft_rol(
        user=praktijkopleider, pilot=pilot_id, role=Role.PRAKTIJKOPLEIDER
    ):
        errors["praktijkopleider"] = _(
            "%(naam)s is not an active praktijkopleider in this pilot. Choose a praktijkopleider "
            "of this pilot."
        ) % {"naam": praktijkopleider.get_full_name() or praktijkopleider.email}
    if jobcoach is not None and not heeft_rol(user=jobcoach, pilot=pilot_id, role=Role.JOBCOACH):
        errors["jobcoach"] = _(
            "%(naam)s is not an active jobcoach in this pilot. Choose a jobcoach of this pilot."
        ) % {"naam": jobcoach.get_full_name() or jobcoach.email}
    return errors


@transaction.atomic
def maak_leerlijn(*, actor: User | None, pilot: Any, naam: str, werkprocessen: list[Any]) -> Any:
    """Save a reusable set of werkprocessen for the pilot (names are unique within the pilot)."""
    from trajecten.models import Leerlijn

    naam = naam.strip()
    errors: dict[str, str] = {}
    if Leerlijn.objects.filter(pilot=pilot, naam__iexact=naam).exists():
        errors["naam"] = _("This pilot already has a leerlijn named %(naam)s.") % {"naam": naam}
    if not werkprocessen:
        errors["werkprocessen"] = _("Choose at least one werkproces.")
    if errors:
        raise ValidationError(errors)
    leerlijn = Leerlijn.objects.create(pilot=pilot, naam=naam)
    leerlijn.werkprocessen.set(werkprocessen)
    audit.record(actor=actor, action="leerlijn.create", obj=leerlijn, pilot_id=pilot.pk)
    return leerlijn


@transaction.atomic
def start_traject(*, actor: User | None, traject: Traject) -> Traject:
    """Start a planned traject. The mbo-instelling must have concluded the OOK and POK first:
    both fully signed in their current version."""
    traject = Traject.objects.select_for_update().select_related("deelnemer").get(pk=traject.pk)
    if traject.status != TrajectStatus.GEPLAND:
        raise ValidationError(_("Only a planned traject can be started."))
    if traject.startdatum and traject.startdatum > timezone.localdate():
        raise ValidationError(
            _("The traject cannot start before its start date, %(datum)s.")
            % {"datum": date_format(traject.startdatum, "j F Y")}
        )
    blokkades = traject.erkenning_blokkades()
    if blokkades:
        raise ValidationError(blokkades)
    open_ = open_startvoorwaarden(traject)
    if open_:
        raise ValidationError(
            _("The traject can start once the OOK and POK are signed by all parties "
              "(not yet: %(welke)s).") % {"welke": ", ".join(open_)}
        )  # fmt: skip
    traject.status = TrajectStatus.LOPEND
    traject.save(update_fields=["status"])
    deelnemer = traject.deelnemer
    if deelnemer.status != DeelnemerStatus.IN_TRAJECT:
        wijzig_status(actor=actor, deelnemer=deelnemer, status=DeelnemerStatus.IN_TRAJECT)
    audit.record(actor=actor, action="traject.start", obj=traject, pilot_id=deelnemer.pilot_id)
    return traject
