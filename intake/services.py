"""Write operations of the inclusieve adviesfunctie (step 2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deelnemers.constants import DeelnemerStatus, EventSoort
from deelnemers.models import ADVIES_TERMIJN_DAGEN, Deelnemer, Herinnering
from deelnemers.services import leeftijd, leg_gebeurtenis_vast, mbo_contacts, notify
from praktijkleren import audit
from praktijkleren.mail import queue_notification
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer

from .constants import SOFT_CRITERIA, AlternatiefSoort, DuoResultaat, Route, Startkwalificatie
from .models import Advies, Intake

CRITERIA_FIELDS = [
    "leeftijd_uitzondering", "startkwalificatie", "startkwalificatie_reden", "duo_check_op",
    "duo_check_door", "duo_check_resultaat", "notities",
    *SOFT_CRITERIA, *[f"{c}_toelichting" for c in SOFT_CRITERIA],
]  # fmt: skip
# An intake is planned at most this far ahead or back (a typo in the year otherwise puts it in
# 2062, and the advice reminders and the monitor count it wrongly).
INTAKE_MARGE = timedelta(days=366)


def controleer_planning(gepland_op: datetime) -> None:
    """Refuse an intake moment more than a year ahead or back (also used by the form)."""
    nu = timezone.now()
    if not nu - INTAKE_MARGE <= gepland_op <= nu + INTAKE_MARGE:
        raise ValidationError(
            _(
                "Plan the intake within a year from today (not more than a year ahead or "
                "back); %(datum)s is not plausible."
            )
            % {"datum": date_format(timezone.localtime(gepland_op), "DATE_FORMAT")},
            code="intake_buiten_bereik",
        )


@transaction.atomic
def plan_intake(
    *,
    actor: User | None,
    deelnemer: Deelnemer,
    gepland_op: datetime,
    met_verwijzer: bool = True,
    met_kandidaat: bool = True,
    met_leerbedrijf: bool = False,
) -> Intake:
    """Plan the intake conversation; the mbo always takes part. The moment lies within a year
    from now (ahead or back)."""
    try:
        controleer_planning(gepland_op)
    except ValidationError as exc:
        raise ValidationError({"gepland_op": exc.messages}) from exc
    intake = Intake.objects.create(
        deelnemer=deelnemer, gepland_op=gepland_op, gepland_door=actor, met_verwijzer=met_verwijzer,
        met_kandidaat=met_kandidaat, met_leerbedrijf=met_leerbedrijf,
    )  # fmt: skip
    if deelnemer.status == DeelnemerStatus.AANGEMELD:
        deelnemer.status = DeelnemerStatus.INTAKE_GEPLAND
        deelnemer.save(update_fields=["status", "updated_at"])
    if deelnemer.mbo_contact_id is None:
        deelnemer.mbo_contact = actor
        deelnemer.save(update_fields=["mbo_contact", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):  # the timeline is kept in Dutch
        when = date_format(timezone.localtime(gepland_op), "DATETIME_FORMAT")
    leg_gebeurtenis_vast(
        deelnemer=deelnemer, actor=actor, soort=EventSoort.INTAKE_GEPLAND, tekst=when
    )
    audit.record(actor=actor, action="intake.plan", obj=intake, pilot_id=deelnemer.pilot_id)
    return intake


@transaction.atomic
def leg_criteria_vast(*, actor: User | None, intake: Intake, data: dict[str, Any]) -> Intake:
    """Record the hard and soft criteria of an intake, with the checks the pilots agreed on."""
    controleer_invoer(
        data,
        regels=[n for n in CRITERIA_FIELDS if n not in ("notities", "duo_check_op")],
        teksten=["notities"],
        datums=["duo_check_op"],
    )
    for name in CRITERIA_FIELDS:
        if name in data:
            setattr(intake, name, data[name] if data[name] is not None else getattr(intake, name))
    errors: dict[str, str] = {}
    age = leeftijd(intake.deelnemer.geboortedatum, timezone.localdate())
    if age < 18 and not intake.leeftijd_uitzondering.strip():
        errors["leeftijd_uitzondering"] = _(
            "The candidate is %(age)d: record the reason for the exception for 16 and 17 year olds."
        ) % {"age": age}
    if (
        intake.startkwalificatie == Startkwalificatie.VEROUDERD
        and not intake.startkwalificatie_reden.strip()
    ):
        errors["startkwalificatie_reden"] = _(
            "Explain why the startkwalificatie is outdated or unusable."
        )
    if intake.duo_check_resultaat and not (intake.duo_check_op and intake.duo_check_door.strip()):
        errors["duo_check_op"] = _("Record when and by whom the DUO-check was done.")
    if intake.duo_check_op and intake.duo_check_op > timezone.localdate():
        errors["duo_check_op"] = _("The DUO-check date is in the future.")
    if errors:
        raise ValidationError(errors)
    intake.vastgelegd_op = timezone.now()
    intake.save()
    leg_gebeurtenis_vast(
        deelnemer=intake.deelnemer, actor=actor, soort=EventSoort.INTAKE_VASTGELEGD
    )
    audit.record(
        actor=actor, action="intake.criteria", obj=intake, pilot_id=intake.deelnemer.pilot_id
    )
    return intake


def _advies_fouten(
    *,
    deelnemer: Deelnemer,
    intake: Intake | None,
    route: str,
    alternatief_soort: str,
    alternatief: str,
    onderbouwing: str,
    reden_praktijkverklaring: str,
) -> dict[str, str]:
    """The checks on an advice, each with a message that says what to do."""
    errors: dict[str, str] = {}
    if route not in Route.values:
        errors["route"] = _("Choose a route from the list.")
    if alternatief_soort and alternatief_soort not in AlternatiefSoort.values:
        errors["alternatief_soort"] = _(
            "Unknown kind of alternative: %(code)s. Choose werkfit-traject, language lessons, "
            "Entree or other."
        ) % {"code": alternatief_soort}
    elif route == Route.ALTERNATIEF and not alternatief_soort:
        errors["alternatief_soort"] = _(
            "Choose which alternative is advised: werkfit-traject, language lessons, Entree or "
            "other."
        )
    elif route != Route.ALTERNATIEF and alternatief_soort:
        errors["alternatief_soort"] = _(
            "A kind of alternative belongs to the alternative route only: choose the route "
            "'Alternative route' or leave the kind of alternative empty."
        )
    elif alternatief_soort == AlternatiefSoort.ANDERS and not alternatief:
        errors["alternatief"] = _("Describe the other alternative that is advised.")
    if not onderbouwing:
        errors["onderbouwing"] = _("Give the reasoning behind the advice.")
    if intake is not None and intake.deelnemer_id != deelnemer.pk:
        errors["intake"] = _("This intake belongs to another participant.")
    if (
        intake is not None
        and intake.duo_check_resultaat == DuoResultaat.INGESCHREVEN
        and route != Route.ALTERNATIEF
    ):
        errors["route"] = _(
            "The DUO-check shows a current mbo enrolment: praktijkleren in the derde leerweg is "
            "not possible. Advise an alternative or correct the DUO-check."
        )
    if (
        route == Route.PRAKTIJKVERKLARING
        and intake is not None
        and intake.startkwalificatie == Startkwalificatie.AANWEZIG
        and not reden_praktijkverklaring
    ):
        errors["reden_praktijkverklaring"] = _(
            "The intake records a usable startkwalificatie, and the praktijkverklaring is meant "
            "mainly for candidates without one. Explain why a praktijkverklaring still fits this "
            "candidate (for example little confidence in their own learning after negative "
            "school experiences, or only open to learning on the job)."
        )
    return errors


@transaction.atomic
def geef_advies(
    *,
    actor: User | None,
    deelnemer: Deelnemer,
    route: str,
    onderbouwing: str,
    volgende_stap: str,
    alternatief_soort: str = "",
    alternatief: str = "",
    reden_praktijkverklaring: str = "",
    reactie_kandidaat: str = "",
    intake: Intake | None = None,
) -> Advies:
    """Record the (non-binding) advice. Giving it again revises it; earlier advice stays in the
    history. The verwijzer is told the outcome and the next step - not the intake notes.

    The alternative route needs `alternatief_soort` (an `AlternatiefSoort` code; "anders" also
    needs the free text `alternatief`). A praktijkverklaring for a candidate whose intake records
    a usable startkwalificatie needs `reden_praktijkverklaring`; it is kept only on that route."""
    controleer_invoer(
        {"alternatief": alternatief, "volgende_stap": volgende_stap,
         "reactie_kandidaat": reactie_kandidaat, "onderbouwing": onderbouwing,
         "reden_praktijkverklaring": reden_praktijkverklaring},
        regels=["alternatief", "volgende_stap", "reactie_kandidaat"],
        teksten=["onderbouwing", "reden_praktijkverklaring"],
    )  # fmt: skip
    alternatief_soort = (alternatief_soort or "").strip()
    alternatief = (alternatief or "").strip()
    reden_praktijkverklaring = (reden_praktijkverklaring or "").strip()
    errors = _advies_fouten(
        deelnemer=deelnemer, intake=intake, route=route, alternatief_soort=alternatief_soort,
        alternatief=alternatief, onderbouwing=onderbouwing.strip(),
        reden_praktijkverklaring=reden_praktijkverklaring,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if route != Route.PRAKTIJKVERKLARING:
        reden_praktijkverklaring = ""
    advies = Advies.objects.create(
        deelnemer=deelnemer, intake=intake, route=route, alternatief_soort=alternatief_soort,
        alternatief=alternatief, onderbouwing=onderbouwing.strip(),
        reden_praktijkverklaring=reden_praktijkverklaring, volgende_stap=volgende_stap.strip(),
        reactie_kandidaat=reactie_kandidaat.strip(), gegeven_door=actor,
    )  # fmt: skip
    herzien = Advies.objects.filter(deelnemer=deelnemer).count() > 1
    if deelnemer.status in (DeelnemerStatus.AANGEMELD, DeelnemerStatus.INTAKE_GEPLAND):
        deelnemer.status = DeelnemerStatus.ADVIES_GEGEVEN
        deelnemer.save(update_fields=["status", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):  # the timeline is kept in Dutch
        tekst = str(advies.get_route_display())
        if advies.alternatief_soort:
            tekst += f": {advies.get_alternatief_soort_display()}"
        tekst += _(" (revised)") if herzien else ""
    leg_gebeurtenis_vast(deelnemer=deelnemer, actor=actor, soort=EventSoort.ADVIES, tekst=tekst)
    audit.record(actor=actor, action="advies.create", obj=advies, pilot_id=deelnemer.pilot_id)
    if deelnemer.verwezen_door_id and deelnemer.verwezen_door and deelnemer.verwezen_door.is_active:
        notify(
            to=[deelnemer.verwezen_door.email],
            template="intake/email/advies_gegeven.txt",
            subject=_("Advice for %(naam)s") % {"naam": deelnemer},
            link=deelnemer.get_absolute_url(),
            deelnemer=deelnemer,
            advies=advies,
        )
    return advies


def te_laat(qs: Any, *, today: date) -> Any:
    """Dossiers without an advice more than a week after referral."""
    from datetime import timedelta

    return qs.filter(
        status__in=[DeelnemerStatus.AANGEMELD, DeelnemerStatus.INTAKE_GEPLAND],
        aangemeld_op__lt=today - timedelta(days=ADVIES_TERMIJN_DAGEN),
        adviezen__isnull=True,
    )


def stuur_advies_herinneringen(*, today: date | None = None) -> int:
    """Send one reminder per overdue dossier per day to the responsible mbo contact(s). Safe to
    run twice: a unique (dossier, kind, day) row is written before the e-mail is queued."""
    today = today or timezone.localdate()
    sent = 0
    for deelnemer in te_laat(Deelnemer.objects.all(), today=today).select_related(
        "mbo_contact", "pilot"
    ):
        to = mbo_contacts(deelnemer)
        if not to:
            continue
        try:
            with transaction.atomic():
                Herinnering.objects.create(
                    deelnemer=deelnemer, soort="advies_te_laat", datum=today, aan=", ".join(to)
                )
                queue_notification(
                    to=to,
                    subject=_("Reminder: advice for %(naam)s is overdue") % {"naam": deelnemer},
                    template="intake/email/herinnering.txt",
                    link=deelnemer.get_absolute_url(),
                    context={"deelnemer": deelnemer, "today": today},
                )
                leg_gebeurtenis_vast(deelnemer=deelnemer, actor=None, soort=EventSoort.HERINNERING)
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
