"""What the erkenning register blocks (issue 11): sending the agreements and starting the traject
need the leerbedrijf recognised by SBB and the mbo-instelling by DUO for every crebo, with no
override; a pending application shows as a blocking status with whom to contact; a recognition
revoked after the links went out stops signing and the mbo is told. And a traject cannot start
before its start date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from erkenningen.services import leg_vast
from ondertekening.models import Ondertekening
from overeenkomsten.services import verstuur_ter_ondertekening
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.services import start_traject

from .overeenkomsten_support import _pk, genereer, klaar_traject, links

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mbo(world):
    return world.user(Role.MBO_MEDEWERKER)


def _zet(world, mbo, soort, status, contact=""):
    org = world.alpha.leerbedrijf if soort == ErkenningSoort.LEERBEDRIJF else world.alpha.mbo
    erkenning = Erkenning.objects.get(organisatie=org, soort=soort)
    return leg_vast(
        actor=mbo,
        organisatie=org,
        kwalificatie=erkenning.kwalificatie,
        soort=soort,
        status=status,
        sinds=date(2026, 11, 1) if status != ErkenningStatus.GEEN else None,
        bron="SBB register",
        gecontroleerd_op=timezone.localdate(),
        contact=contact,
    )


def test_a_pending_erkenning_blocks_with_whom_to_contact(client, world, mbo):
    traject = klaar_traject(world)
    _zet(world, mbo, ErkenningSoort.LEERBEDRIJF, ErkenningStatus.AANGEVRAAGD,
         contact="SBB-adviseur Jan Jansen, 088 338 00 00")  # fmt: skip
    genereer(traject, mbo)
    client.force_login(mbo)
    html = client.get(traject.get_absolute_url()).content.decode()
    assert 'data-warning="erkenning"' in html and "Erkenning aangevraagd" in html
    assert "SBB-adviseur Jan Jansen, 088 338 00 00" in html
    response = client.post(reverse("overeenkomsten:verstuur", args=[traject.pk]), follow=True)
    assert "Erkenning aangevraagd" in response.content.decode()
    assert not Ondertekening.objects.filter(traject=traject).exists()


@pytest.mark.parametrize("soort", [ErkenningSoort.LEERBEDRIJF, ErkenningSoort.DERDE_LEERWEG])
def test_no_signing_without_both_recognitions(world, mbo, soort):
    traject = klaar_traject(world)
    _zet(world, mbo, soort, ErkenningStatus.GEEN)
    genereer(traject, mbo)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        verstuur_ter_ondertekening(actor=mbo, traject=traject)
    naam = world.alpha.leerbedrijf.naam if soort == "leerbedrijf" else world.alpha.mbo.naam
    assert any(naam in m and "25256" in m for m in exc.value.messages)
    assert not Ondertekening.objects.filter(traject=traject).exists()


def test_a_traject_cannot_start_without_both_recognitions(world, mbo):
    traject = klaar_traject(world)
    _zet(world, mbo, ErkenningSoort.DERDE_LEERWEG, ErkenningStatus.INGETROKKEN)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        start_traject(actor=mbo, traject=traject)
    assert world.alpha.mbo.naam in " ".join(exc.value.messages)
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GEPLAND


def test_there_is_no_override(world):
    with pytest.raises(NoReverseMatch):
        reverse("trajecten:erkenning", args=[1])
    assert not hasattr(Erkenning, "overrule_reden")


def test_a_revoked_erkenning_stops_signing_and_the_mbo_is_told(client, world, mbo):
    deelnemer = world.alpha.other_deelnemer
    deelnemer.mbo_contact = mbo
    deelnemer.save()
    traject = klaar_traject(world)
    genereer(traject, mbo)
    client.force_login(mbo)
    client.post(reverse("overeenkomsten:verstuur", args=[traject.pk]))
    token = links(deelnemer.email)[0]
    mail.outbox.clear()
    _zet(world, mbo, ErkenningSoort.LEERBEDRIJF, ErkenningStatus.INGETROKKEN)
    # the mbo is told, once
    told = [m for m in mail.outbox if mbo.email in m.to]
    assert len(told) == 1 and "Ondertekenen gestopt" in told[0].subject
    assert world.alpha.leerbedrijf.naam in told[0].body and "25256" in told[0].body
    # the participant cannot sign: the page says why, and signing is refused
    signer = Client()
    url = reverse("ondertekenen", args=[token])
    page = signer.get(url).content.decode()
    assert "Ondertekenen is op dit moment niet mogelijk" in page
    assert 'data-stap="code"' not in page  # no code to ask for
    signer.post(url, {"stap": "code"})
    o = Ondertekening.objects.filter(pk=_pk(token)).first()
    assert not [m for m in mail.outbox if o.email in m.to and "code" in m.subject.lower()]
    signer.post(url, {"stap": "teken", "naam": o.naam, "akkoord": "on"})
    assert not Ondertekening.objects.filter(traject=traject, getekend_op__isnull=False).exists()


def test_a_traject_cannot_start_before_its_start_date(world, mbo):
    traject = klaar_traject(world, startdatum=timezone.localdate() + timedelta(days=3))
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        start_traject(actor=mbo, traject=traject)
    assert "Het traject kan niet starten vóór de startdatum" in exc.value.messages[0]
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GEPLAND
