"""Withdrawing consent from the portal: exactly what docs/privacy.md ("Withdrawing consent")
says, in one transaction.

1. It is recorded: a consent row "not given" after the one of the referral, a line on the
   timeline and an audit event (`deelnemers.services.trek_toestemming_in`).
2. The dossier stops: a dossier that has not started gets the status "did not start"; a running
   traject is closed by the mbo (they judge the end date and outflow), which the e-mail asks.
3. Signatures still open on the participant's trajecten are voided: their links no longer work
   and no reminder is sent for them. A search for a leerbaan stops, and the proposals still open
   are declined ("the candidate withdrew their consent"); the candidate cannot be proposed again.
4. The portal closes: every share link stops, open login links stop, no new login link is sent.
5. The projectleider(s) of the pilot get an e-mail; the participant gets one confirmation. No
   other e-mail goes to the participant after this.
6. The data stay until the projectleider anonymises the dossier or the retention term ends."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deelnemers.models import Deelnemer
from deelnemers.services import trek_toestemming_in
from leerbanen.services import stop_zoeken
from ondertekening.constants import GebeurtenisSoort
from ondertekening.kern import log
from ondertekening.models import Ondertekening
from pilots.models import Membership
from pilots.roles import Role
from praktijkleren.mail import Ontvanger, queue_notification

from .delen import trek_alle_in
from .models import Inlogverzoek


def projectleiders(pilot_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            pilot_id=pilot_id, role=Role.PROJECTLEIDER, active=True, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def vervallen_handtekeningen(deelnemer: Deelnemer) -> int:
    """Void the signatures still open on the participant's trajecten (every party's), as
    anonymising does: their links then say that they no longer work."""
    open_ = Ondertekening.objects.filter(
        traject__deelnemer=deelnemer, getekend_op__isnull=True, vervallen_op__isnull=True
    )
    for o in open_:
        log(o, GebeurtenisSoort.VERVALLEN)
    return open_.update(vervallen_op=timezone.now())


@transaction.atomic
def trek_in(*, deelnemer: Deelnemer) -> None:
    """The participant withdraws their consent in the portal (points 1 to 5 above)."""
    with translation.override(settings.LANGUAGE_CODE):
        trek_toestemming_in(deelnemer=deelnemer, door=_("the participant, in the portal"))
    deelnemer.refresh_from_db()
    vervallen = vervallen_handtekeningen(deelnemer)
    with translation.override(settings.LANGUAGE_CODE):
        stop_zoeken(deelnemer=deelnemer, reden=_("The candidate withdrew their consent."))
    trek_alle_in(deelnemer)
    Inlogverzoek.objects.for_deelnemer(deelnemer.pk).filter(
        ingelogd_op__isnull=True, vervallen_op__isnull=True
    ).update(vervallen_op=timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        queue_notification(
            to=projectleiders(deelnemer.pilot_id),
            subject=_("%(naam)s has withdrawn their consent") % {"naam": deelnemer},
            template="email/portaal_toestemming_projectleider.txt",
            link=deelnemer.get_absolute_url(),
            context={
                "deelnemer": deelnemer,
                "vervallen": vervallen,
                "lopend": deelnemer.trajecten.filter(status__in=["gepland", "lopend"]).exists(),
            },
        )
        if deelnemer.email:
            queue_notification(
                to=[Ontvanger(deelnemer.email, str(deelnemer))],
                subject=_("You have withdrawn your consent"),
                template="email/portaal_toestemming_bevestiging.txt",
                link="",
                context={"deelnemer": deelnemer, "pilot": deelnemer.pilot},
            )
