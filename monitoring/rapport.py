"""The bi-monthly monitor: periods, figures from the records, drafts, submitting, reopening and
reminders. Figures are computed in SQL per pilot and period; a submitted report keeps them as
they were."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.models import Deelnemer
from intake.constants import Route
from intake.models import Advies, Intake
from pilots.models import Membership, Pilot
from pilots.roles import Role
from praktijkleren import audit
from praktijkleren.mail import queue_notification
from praktijkleren.models import User
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Traject, Uitstroom
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from . import definities
from .constants import INDIENTERMIJN_DAGEN, RapportStatus
from .models import MonitorRapport
from .namen import namen_in_teksten
from .tabellen import aanvullende_tabellen

GESTART = [TrajectStatus.LOPEND, TrajectStatus.AFGEROND, TrajectStatus.GESTOPT]


def periode_van(dag: date) -> tuple[date, date]:
    """The two-month period (Jan-Feb, Mar-Apr, ...) that contains `dag`."""
    eerste_maand = dag.month - (dag.month - 1) % 2
    start = date(dag.year, eerste_maand, 1)
    laatste = eerste_maand + 1
    return start, date(dag.year, laatste, calendar.monthrange(dag.year, laatste)[1])


def vorige_periode(vandaag: date) -> tuple[date, date]:
    start, _eind = periode_van(vandaag)
    return periode_van(start - timedelta(days=1))


def cijfers(pilot: Pilot, start: date, eind: date) -> dict[str, Any]:
    """The figures of one pilot for one period, from the records."""
    trajecten = Traject.objects.filter(deelnemer__pilot=pilot)
    in_periode = {"startdatum__gte": start, "startdatum__lte": eind}
    eind_in_periode = {"einddatum__gte": start, "einddatum__lte": eind}
    t = trajecten.aggregate(
        trajecten_gestart=Count("pk", filter=Q(status__in=GESTART, **in_periode)),
        trajecten_afgerond=Count("pk", filter=Q(status=TrajectStatus.AFGEROND, **eind_in_periode)),
        trajecten_gestopt=Count("pk", filter=Q(status=TrajectStatus.GESTOPT, **eind_in_periode)),
    )
    adviezen = dict(
        Advies.objects.filter(
            deelnemer__pilot=pilot, gegeven_op__date__gte=start, gegeven_op__date__lte=eind
        )
        .values_list("route")
        .annotate(n=Count("pk"))
        .values_list("route", "n")
    )
    uitstroom = dict(
        Uitstroom.objects.filter(traject__deelnemer__pilot=pilot, datum__gte=start, datum__lte=eind)
        .values_list("soort")
        .annotate(n=Count("pk"))
        .values_list("soort", "n")
    )
    return {
        "periode": f"{start:%Y-%m}/{eind:%m}",
        # Participants and "active" as everywhere else (monitoring.definities).
        "actieve_deelnemers": definities.actief(pilot, start, eind),
        "nieuwe_aanmeldingen": Deelnemer.objects.filter(
            pilot=pilot, aangemeld_op__gte=start, aangemeld_op__lte=eind
        ).count(),
        "intakes": Intake.objects.filter(
            deelnemer__pilot=pilot, vastgelegd_op__date__gte=start, vastgelegd_op__date__lte=eind
        ).count(),
        "adviezen": {route: adviezen.get(route, 0) for route in Route.values},
        "trajecten_gestart": t["trajecten_gestart"],
        "trajecten_afgerond": t["trajecten_afgerond"],
        "trajecten_gestopt": t["trajecten_gestopt"],
        "praktijkverklaringen": Registratie.objects.filter(
            pilot=pilot, uitgegeven_op__gte=start, uitgegeven_op__lte=eind
        )
        .exclude(status=RegistratieStatus.INGETROKKEN)
        .count(),
        "uitstroom": {soort: uitstroom.get(soort, 0) for soort in UitstroomSoort.values},
        "streefaantal": pilot.streefaantal,
        "realisatie": definities.deelnemers(pilot=pilot, peildatum=eind).count(),
        # What is collected, over the participants active in the period (monitoring.tabellen).
        "tabellen": aanvullende_tabellen(
            definities.actieve_deelnemers(pilot, start, eind), van=start, tot=eind, pilots=[pilot]
        ),
    }


def rapport_cijfers(rapport: MonitorRapport) -> dict[str, Any]:
    """A submitted report's frozen figures; a draft's figures as they are now."""
    if rapport.status == RapportStatus.INGEDIEND and rapport.cijfers:
        return rapport.cijfers
    return cijfers(rapport.pilot, rapport.periode_start, rapport.periode_eind)


# The projectleider's texts: the story and what the pilots' plan asks pilots to report.
VERHAAL = (
    "verschillen",
    "wijzigingen",
    "werving_leerbedrijven",
    "financiering",
    "administratieve_last",
)


def maak_concept(
    *, actor: User | None, pilot: Pilot, vandaag: date | None = None
) -> tuple[MonitorRapport, bool]:
    """The draft report of `pilot` for the last finished period, made once: (report, made now).
    The beat task and the demo call it without an actor; a person needs to change the pilot."""
    if (
        actor is not None
        and not Pilot.objects.for_user(actor, "change").filter(pk=pilot.pk).exists()
    ):
        raise PermissionDenied
    start, eind = vorige_periode(vandaag or timezone.localdate())
    bestaand = MonitorRapport.objects.filter(pilot=pilot, periode_start=start).first()
    if bestaand is not None:
        return bestaand, False
    try:
        with transaction.atomic():
            rapport = MonitorRapport.objects.create(
                pilot=pilot, periode_start=start, periode_eind=eind
            )
            audit.record(actor=actor, action="monitor.concept", obj=rapport, pilot_id=pilot.pk)
    except IntegrityError:  # made at the same moment by another click or run
        return MonitorRapport.objects.get(pilot=pilot, periode_start=start), False
    return rapport, True


def maak_concepten(*, vandaag: date | None = None) -> int:
    """On the first day after a period (beat): a draft report per pilot for that period, by
    `maak_concept`. Safe to run twice: a pilot that has its report for the period is skipped."""
    start, _eind = vorige_periode(vandaag or timezone.localdate())
    return sum(
        maak_concept(actor=None, pilot=pilot, vandaag=vandaag)[1]
        for pilot in Pilot.objects.exclude(monitor_rapporten__periode_start=start)
    )


def _te_wijzigen(actor: User | None, rapport: MonitorRapport) -> MonitorRapport:
    """The report locked for a change by its projectleider; a submitted one is not changed."""
    rapport = MonitorRapport.objects.select_for_update().get(pk=rapport.pk)
    if not MonitorRapport.objects.filter(pk=rapport.pk).for_user(actor, "change").exists():
        raise PermissionDenied
    if rapport.status == RapportStatus.INGEDIEND:
        raise ValidationError(_("This report has already been submitted."))
    return rapport


def _geen_namen(rapport: MonitorRapport, teksten: dict[str, str]) -> None:
    """SBB must never see who the participants are: a text naming one is refused, per field."""
    gevonden = namen_in_teksten(rapport.pilot, teksten)
    if gevonden:
        raise ValidationError(
            {
                veld: _(
                    "This text names %(namen)s, a participant of this pilot. SBB may not see "
                    "names of participants: remove the name or describe the person without it."
                )
                % {"namen": ", ".join(f"“{naam}”" for naam in namen)}
                for veld, namen in gevonden.items()
            }
        )


@transaction.atomic
def bewaar_concept(
    *, actor: User | None, rapport: MonitorRapport, **teksten: str
) -> MonitorRapport:
    """The projectleider saves the story and the fields without submitting (draft or reopened
    report). Texts naming a participant are not stored; a field not given keeps its text."""
    rapport = _te_wijzigen(actor, rapport)
    onbekend = set(teksten) - set(VERHAAL)
    if onbekend:
        raise TypeError(f"unknown fields: {sorted(onbekend)}")
    nieuw = {veld: (tekst or "").strip() for veld, tekst in teksten.items()}
    _geen_namen(rapport, nieuw)
    gewijzigd = sorted(veld for veld, tekst in nieuw.items() if getattr(rapport, veld) != tekst)
    for veld, tekst in nieuw.items():
        setattr(rapport, veld, tekst)
    rapport.opgeslagen_op = timezone.now()
    rapport.pdf_gemaakt_op = None  # a stored PDF shows the old texts
    rapport.save(update_fields=[*nieuw, "opgeslagen_op", "pdf_gemaakt_op"])
    audit.record(
        actor=actor,
        action="monitor.opslaan",
        obj=rapport,
        pilot_id=rapport.pilot_id,
        changes={"velden": gewijzigd},
    )
    return rapport


def controleer_indienen(*, rapport: MonitorRapport, teksten: dict[str, str]) -> dict[str, str]:
    """The texts as they would be submitted (stripped), or a ValidationError per field: the
    story is required and no text may name a participant. Used before the confirmation step."""
    teksten = {veld: (tekst or "").strip() for veld, tekst in teksten.items()}
    if not teksten.get("verschillen"):
        raise ValidationError(
            {"verschillen": _("Describe the differences between expectation and realisation.")}
        )
    _geen_namen(rapport, teksten)
    return teksten


@transaction.atomic
def dien_in(
    *,
    actor: User | None,
    rapport: MonitorRapport,
    verschillen: str,
    wijzigingen: str,
    werving_leerbedrijven: str | None = None,
    financiering: str | None = None,
    administratieve_last: str | None = None,
) -> MonitorRapport:
    """The projectleider submits the report: the story is required, no text may name a
    participant, the figures are frozen. A structured field not given keeps its saved text."""
    rapport = _te_wijzigen(actor, rapport)
    teksten = {"verschillen": verschillen, "wijzigingen": wijzigingen}
    for veld, tekst in (
        ("werving_leerbedrijven", werving_leerbedrijven),
        ("financiering", financiering),
        ("administratieve_last", administratieve_last),
    ):
        teksten[veld] = getattr(rapport, veld) if tekst is None else tekst
    teksten = controleer_indienen(rapport=rapport, teksten=teksten)
    rapport.cijfers = cijfers(rapport.pilot, rapport.periode_start, rapport.periode_eind)
    for veld, tekst in teksten.items():
        setattr(rapport, veld, tekst)
    rapport.status = RapportStatus.INGEDIEND
    rapport.ingediend_op = timezone.now()
    rapport.ingediend_door = actor
    rapport.save()
    audit.record(actor=actor, action="monitor.indienen", obj=rapport, pilot_id=rapport.pilot_id)
    return rapport


@transaction.atomic
def heropen(*, actor: User | None, rapport: MonitorRapport) -> MonitorRapport:
    """Only SBB reopens a submitted report; the projectleider can then change and resubmit it."""
    rapport = MonitorRapport.objects.select_for_update().get(pk=rapport.pk)
    if not MonitorRapport.objects.filter(pk=rapport.pk).for_user(actor, "reopen").exists():
        raise PermissionDenied
    rapport.status = RapportStatus.HEROPEND
    rapport.heropend_op = timezone.now()
    rapport.save(update_fields=["status", "heropend_op"])
    audit.record(actor=actor, action="monitor.heropenen", obj=rapport, pilot_id=rapport.pilot_id)
    return rapport


def stuur_herinneringen(*, vandaag: date | None = None) -> int:
    """Daily: remind the projectleiders of reports still not submitted 14 days after their
    period ended (once per report)."""
    vandaag = vandaag or timezone.localdate()
    grens = vandaag - timedelta(days=INDIENTERMIJN_DAGEN)
    verstuurd = 0
    for rapport in (
        MonitorRapport.objects.filter(periode_eind__lt=grens, herinnering_op__isnull=True)
        .exclude(status=RapportStatus.INGEDIEND)
        .select_related("pilot")
    ):
        aan = sorted(
            set(
                Membership.objects.filter(
                    pilot=rapport.pilot, role=Role.PROJECTLEIDER, active=True, user__is_active=True
                ).values_list("user__email", flat=True)
            )
        )
        with transaction.atomic():
            if (
                MonitorRapport.objects.filter(pk=rapport.pk, herinnering_op__isnull=True).update(
                    herinnering_op=timezone.now()
                )
                == 0
            ):
                continue
            if aan:
                queue_notification(
                    to=aan,
                    subject=_("Monitor report %(periode)s of %(pilot)s is not submitted yet")
                    % {"periode": rapport.periode_label, "pilot": rapport.pilot.naam},
                    template="monitoring/email/herinnering.txt",
                    link=rapport.get_absolute_url(),
                    context={"r": rapport},
                )
                verstuurd += 1
    return verstuurd
