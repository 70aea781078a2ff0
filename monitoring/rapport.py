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
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.models import Deelnemer
from intake.constants import Route
from intake.models import Advies, Intake
from pilots.models import Membership, Pilot
from pilots.roles import Role
from praktijkleren import audit
from praktijkleren.mail import queue_email
from praktijkleren.models import User
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Traject, Uitstroom
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from .constants import INDIENTERMIJN_DAGEN, RapportStatus
from .models import MonitorRapport

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
        actieve_deelnemers=Count(
            "deelnemer",
            distinct=True,
            filter=Q(status__in=GESTART, startdatum__lte=eind)
            & (Q(einddatum__isnull=True) | Q(einddatum__gte=start)),
        ),
        trajecten_gestart=Count("pk", filter=Q(status__in=GESTART, **in_periode)),
        trajecten_afgerond=Count("pk", filter=Q(status=TrajectStatus.AFGEROND, **eind_in_periode)),
        trajecten_gestopt=Count("pk", filter=Q(status=TrajectStatus.GESTOPT, **eind_in_periode)),
        realisatie=Count(
            "deelnemer", distinct=True, filter=Q(status__in=GESTART, startdatum__lte=eind)
        ),
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
        "actieve_deelnemers": t["actieve_deelnemers"],
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
        "realisatie": t["realisatie"],
    }


def rapport_cijfers(rapport: MonitorRapport) -> dict[str, Any]:
    """A submitted report's frozen figures; a draft's figures as they are now."""
    if rapport.status == RapportStatus.INGEDIEND and rapport.cijfers:
        return rapport.cijfers
    return cijfers(rapport.pilot, rapport.periode_start, rapport.periode_eind)


def maak_concepten(*, vandaag: date | None = None) -> int:
    """On the first day after a period: a draft report per pilot for that period. Safe to run
    twice: a pilot that has its report for the period is skipped (and the database refuses a
    second one)."""
    start, eind = vorige_periode(vandaag or timezone.localdate())
    gemaakt = 0
    for pilot in Pilot.objects.exclude(monitor_rapporten__periode_start=start):
        try:
            with transaction.atomic():
                MonitorRapport.objects.create(pilot=pilot, periode_start=start, periode_eind=eind)
        except IntegrityError:  # made at the same moment by another run
            continue
        gemaakt += 1
    return gemaakt


@transaction.atomic
def dien_in(
    *, actor: User | None, rapport: MonitorRapport, verschillen: str, wijzigingen: str
) -> MonitorRapport:
    """The projectleider submits the report: the story is required, the figures are frozen."""
    rapport = MonitorRapport.objects.select_for_update().get(pk=rapport.pk)
    if not MonitorRapport.objects.filter(pk=rapport.pk).for_user(actor, "change").exists():
        raise PermissionDenied
    if rapport.status == RapportStatus.INGEDIEND:
        raise ValidationError(_("This report has already been submitted."))
    fouten = {}
    if not verschillen.strip():
        fouten["verschillen"] = _("Describe the differences between expectation and realisation.")
    if fouten:
        raise ValidationError(fouten)
    rapport.cijfers = cijfers(rapport.pilot, rapport.periode_start, rapport.periode_eind)
    rapport.verschillen = verschillen.strip()
    rapport.wijzigingen = wijzigingen.strip()
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
                queue_email(
                    subject=_("Monitor report %(periode)s of %(pilot)s is not submitted yet")
                    % {"periode": rapport.periode_label, "pilot": rapport.pilot.naam},
                    body=render_to_string("monitoring/email/herinnering.txt", {"r": rapport}),
                    to=aan,
                )
                verstuurd += 1
    return verstuurd
