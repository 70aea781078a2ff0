"""Reminders about agreements (run daily by Celery beat; each reminder is sent once). The reminder
for pending signatures is the signing flow's (`ondertekening.herinneringen`)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deelnemers.models import Herinnering
from deelnemers.services import mbo_contacts
from pilots.models import Membership
from pilots.roles import Role
from praktijkleren.mail import queue_notification
from trajecten.constants import TrajectStatus

from .constants import OvereenkomstSoort, VersieStatus
from .models import OvereenkomstVersie

PLOK_EINDE_WEKEN = 4
PLOK_EINDE = "plok-einde"


def _projectleiders(pilot_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            pilot_id=pilot_id, role=Role.PROJECTLEIDER, active=True, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def stuur_herinneringen() -> int:
    """A signed PLOK of a running traject that ends within 4 weeks is announced once to the mbo
    and the projectleider. Returns the number of reminders sent."""
    verzonden = 0
    vandaag = timezone.localdate()
    ploks = OvereenkomstVersie.objects.filter(
        overeenkomst__soort=OvereenkomstSoort.PLOK,
        status=VersieStatus.ONDERTEKEND,
        overeenkomst__traject__status=TrajectStatus.LOPEND,
        einddatum__gte=vandaag,
        einddatum__lte=vandaag + timedelta(weeks=PLOK_EINDE_WEKEN),
    ).select_related("overeenkomst__traject__deelnemer__mbo_contact")
    for versie in ploks:
        deelnemer = versie.overeenkomst.traject.deelnemer
        soort = f"{PLOK_EINDE}:{versie.pk}"
        with transaction.atomic():
            if Herinnering.objects.filter(deelnemer=deelnemer, soort=soort).exists():
                continue
            aan = sorted(set(mbo_contacts(deelnemer)) | set(_projectleiders(deelnemer.pilot_id)))
            Herinnering.objects.create(
                deelnemer=deelnemer, soort=soort, datum=vandaag, aan=", ".join(aan)[:1000]
            )
            queue_notification(
                to=aan,
                subject=_("The PLOK of %(naam)s ends on %(datum)s")
                % {"naam": deelnemer, "datum": date_format(versie.einddatum, "DATE_FORMAT")},
                template="overeenkomsten/email/plok_einde.txt",
                link=versie.overeenkomst.traject.get_absolute_url(),
                context={"versie": versie, "deelnemer": deelnemer},
            )
            verzonden += 1
    return verzonden
