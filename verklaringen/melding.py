"""Telling the examencommissie that an mbo-verklaring waits for it: when the mbo has made one
(`mbo_verklaring.maak_mbo_verklaring`), every active examencommissie member of that institution
in that pilot gets an e-mail with a link to it, through the outbox (sent after commit). The
e-mail names no participant: the link leads to the page that does, behind the login."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from pilots.models import Membership
from pilots.roles import Role
from praktijkleren.mail import queue_notification

from .models import MboVerklaring


def meld_klaar_voor_uitgifte(mv: MboVerklaring) -> int:
    """Queue one e-mail per examencommissie member who may issue `mv`; returns how many."""
    pilot = mv.praktijkverklaring.traject.deelnemer.pilot
    leden = (
        Membership.objects.filter(
            role=Role.EXAMENCOMMISSIE,
            active=True,
            pilot=pilot,
            organisatie_id=mv.mbo_instelling_id,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    )
    adressen = list(dict.fromkeys(lid.user.email for lid in leden if lid.user.email))
    with translation.override(settings.LANGUAGE_CODE):
        return queue_notification(
            to=adressen,
            subject=_("An mbo-verklaring is ready to issue"),
            template="verklaringen/email/klaar_voor_uitgifte.txt",
            link=mv.get_absolute_url(),
            context={"instelling": mv.mbo_instelling.naam, "pilot": pilot.naam},
        )
