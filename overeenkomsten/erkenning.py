"""When a recognition leaves "erkend" while agreements are out for signing, signing stops (the
adapter's `blokkade` refuses it) and the mbo-instelling is told, here: one e-mail per traject to
its mbo contact (the signatory of the mbo party)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from erkenningen.constants import ErkenningStatus
from praktijkleren import audit
from praktijkleren.mail import Ontvanger, queue_notification
from trajecten.models import Traject

from .constants import PartijRol, VersieStatus


def bij_wijziging(
    *, erkenning: Any, oud_status: str | None, actor: Any = None, **_kwargs: Any
) -> int:
    """Tell the mbo of every traject whose open agreements this revocation stops. Returns how
    many trajecten were told."""
    if oud_status != ErkenningStatus.ERKEND or erkenning.status == ErkenningStatus.ERKEND:
        return 0
    trajecten = (
        Traject.objects.filter(
            Q(leerbedrijf=erkenning.organisatie) | Q(mbo_instelling=erkenning.organisatie),
            traject_werkprocessen__werkproces__kwalificatie=erkenning.kwalificatie,
            overeenkomsten__versies__status=VersieStatus.TER_ONDERTEKENING,
        )
        .select_related("deelnemer", "leerbedrijf", "mbo_instelling")
        .distinct()
    )
    n = 0
    for traject in trajecten:
        adressen = _mbo_adressen(traject)
        if not adressen:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            queue_notification(
                to=adressen,
                subject=_("Signing stopped: erkenning %(status)s for %(deelnemer)s")
                % {"status": erkenning.get_status_display(), "deelnemer": traject.deelnemer},
                template="overeenkomsten/email/erkenning_ingetrokken.txt",
                link=traject.get_absolute_url(),
                context={"traject": traject, "erkenning": erkenning},
            )
        audit.record(
            actor=actor,
            action="overeenkomsten.erkenning_ingetrokken",
            obj=traject,
            pilot_id=traject.deelnemer.pilot_id,
            changes={"erkenning": erkenning.pk, "status": erkenning.status},
        )
        n += 1
    return n


def _mbo_adressen(traject: Traject) -> list[Ontvanger]:
    """The mbo party of each agreement out for signing (named as in the agreement) and the
    participant's mbo contact."""
    adressen: list[Ontvanger] = []
    for overeenkomst in traject.overeenkomsten.prefetch_related("versies"):
        versie = overeenkomst.huidige_versie
        if versie is None or versie.status != VersieStatus.TER_ONDERTEKENING:
            continue
        for partij in versie.inhoud.get("partijen", []):
            if partij["rol"] == PartijRol.MBO and partij.get("email"):
                adressen.append(Ontvanger(partij["email"], partij.get("naam", "")))
    contact = traject.deelnemer.mbo_contact
    if contact is not None and contact.email:
        adressen.append(Ontvanger(contact.email, contact.get_full_name()))
    return sorted(adressen, key=lambda o: o.email)
