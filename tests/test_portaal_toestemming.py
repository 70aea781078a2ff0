"""Withdrawing consent in the portal does exactly what docs/privacy.md ("Withdrawing consent")
says: one test per point."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.constants import DeelnemerStatus, EventSoort
from deelnemers.models import Toestemming
from deelnemers.privacy import inzage
from ondertekening.herinneringen import stuur_herinneringen
from ondertekening.models import Ondertekening
from pilots.roles import Role
from portaal.models import Deellink
from praktijkleren.models import AuditEvent

from .overeenkomsten_support import genereer, klaar_traject, links, verstuur
from .test_portaal import deelnemer_met_toegang, log_in, uitgegeven_verklaring
from .test_portaal_delen import GEDEELD, maak

pytestmark = pytest.mark.django_db(transaction=True)


def trek_in(client):
    return client.post(reverse("portaal-toestemming"), {"bevestig": "on"})


def test_withdrawing_needs_the_box_ticked(client, world):
    log_in(client, deelnemer_met_toegang(world))
    response = client.post(reverse("portaal-toestemming"), {})
    assert response.status_code == 400
    assert "Zet een vinkje" in response.content.decode()
    assert not Toestemming.objects.filter(gegeven=False).exists()


def test_1_it_is_recorded_and_the_consent_of_the_referral_stays(client, world):
    d = deelnemer_met_toegang(world)
    log_in(client, d)
    assert trek_in(client).status_code == 200
    rijen = list(Toestemming.objects.filter(deelnemer=d).order_by("vastgelegd_op", "pk"))
    assert [t.gegeven for t in rijen] == [True, False]
    assert d.events.filter(soort=EventSoort.TOESTEMMING_INGETROKKEN).exists()
    assert AuditEvent.objects.filter(action="deelnemer.toestemming_ingetrokken").exists()


def test_2_a_dossier_that_has_not_started_stops(client, world):
    d = deelnemer_met_toegang(world, "alpha")
    d.trajecten.all().delete()
    log_in(client, d)
    trek_in(client)
    d.refresh_from_db()
    assert d.status == DeelnemerStatus.NIET_GESTART
    assert "Toestemming ingetrokken" in d.status_reden


def test_3_open_signatures_are_voided_and_get_no_reminder(client, world):
    traject = klaar_traject(world)  # alpha's other participant, deelnemer@alpha.test
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    staff = Client()
    staff.force_login(mbo)
    verstuur(staff, traject)
    d = traject.deelnemer
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=[])
    token = links(d.email)[-1]
    log_in(client, d)
    trek_in(client)
    assert not Ondertekening.objects.filter(traject=traject, vervallen_op__isnull=True).exists()
    assert Client().get(reverse("ondertekenen", args=[token])).status_code == 410
    Ondertekening.objects.update(verstuurd_op=timezone.now() - timedelta(days=6))
    assert stuur_herinneringen() == 0
    # The projectleider is asked to have the traject closed.
    (pl_mail,) = [m for m in mail.outbox if world.user(Role.PROJECTLEIDER).email in m.to]
    assert "vraag het mbo om het af te sluiten" in pl_mail.body


def test_4_the_portal_closes_share_links_stop_and_no_new_login(client, world):
    d = deelnemer_met_toegang(world)
    mv = uitgegeven_verklaring(world)
    log_in(client, d)
    pad = GEDEELD.search(maak(client, mv.registratie).content.decode()).group(1)
    trek_in(client)
    assert client.get(reverse("portaal-dossier")).status_code == 302  # logged out
    assert Client().get(pad).status_code == 410
    assert Deellink.objects.get().ingetrokken_op is not None
    mail.outbox.clear()
    Client().post(reverse("portaal-inloggen"), {"email": d.email})
    assert not mail.outbox


def test_5_the_projectleider_is_told_and_the_participant_gets_one_confirmation(client, world):
    d = deelnemer_met_toegang(world)
    log_in(client, d)
    mail.outbox.clear()
    trek_in(client)
    aan = sorted(m.to[0] for m in mail.outbox)
    assert aan == sorted([d.email, world.user(Role.PROJECTLEIDER).email])
    (bevestiging,) = [m for m in mail.outbox if d.email in m.to]
    assert bevestiging.subject == "U hebt uw toestemming ingetrokken"


def test_6_the_data_are_kept_until_anonymised(client, world):
    d = deelnemer_met_toegang(world)
    log_in(client, d)
    trek_in(client)
    d.refresh_from_db()
    assert d.geanonimiseerd_op is None and d.voornaam == "Adaalpha"
    export = inzage(d)
    assert [t["gegeven"] for t in export["toestemmingen"]][:1] == [False]
    assert export["portaal_inlogverzoeken"]
