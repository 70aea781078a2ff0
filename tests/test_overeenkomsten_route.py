"""Agreements that fit every route (issue 11): the PLOK only where the funding needs it, the OOK's
text per route with who pays and the agreed lessons, the POK with the contact persons, the BPV
address and the erkenning reference, the PLOK's basis of the subsidy, and a minor's wettelijk
vertegenwoordiger on the OOK and POK. Every PDF is read back."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ondertekening.models import Ondertekening
from overeenkomsten.constants import VersieStatus
from overeenkomsten.models import OvereenkomstVersie
from overeenkomsten.services import valideer_voor_ondertekening, verstuur_ter_ondertekening
from pilots.constants import PilotSoort
from pilots.roles import Role

from .overeenkomsten_support import START, genereer, klaar_traject, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mbo(world):
    return world.user(Role.MBO_MEDEWERKER)


def _tekst(traject, soort: str) -> str:
    versie = OvereenkomstVersie.objects.get(
        overeenkomst__traject=traject, overeenkomst__soort=soort
    )
    # Lines broken after a hyphen ("mbo-\ncertificaat") are joined as they are printed.
    return " ".join(pdf_text(versie.pdf.read()).replace("-\n", "-").split())


def test_a_traject_in_the_national_pilot_signs_the_ook_and_pok_only(client, world, mbo):
    world.alpha.pilot.soort = PilotSoort.LANDELIJK
    world.alpha.pilot.save()
    traject = klaar_traject(world)  # funded by the gemeente, yet national: no PLOK
    client.force_login(mbo)
    html = client.get(traject.get_absolute_url()).content.decode()
    assert "(OOK, POK)" in html  # "Maak de overeenkomsten die dit traject nodig heeft (OOK, POK)"
    assert set(genereer(traject, mbo)) == {"ook", "pok"}
    assert valideer_voor_ondertekening(traject) == []
    verstuur_ter_ondertekening(actor=mbo, traject=traject)
    assert Ondertekening.objects.filter(traject=traject).count() == 5  # OOK 2 + POK 3 parties
    assert not Ondertekening.objects.filter(rol="mobiliteitsteam").exists()


def test_an_employer_training_its_own_staff_signs_no_plok(world, mbo):
    traject = klaar_traject(world, eigen_personeel=True)
    assert set(genereer(traject, mbo)) == {"ook", "pok"}


@pytest.mark.parametrize(
    ("bron", "plok"),
    [
        ("mobiliteitsteam", True),
        ("gemeente", True),
        ("uwv", True),
        ("perspectief_op_werk", True),
        ("esf", False),
        ("sectorfonds", False),
        ("", False),
    ],
)
def test_the_plok_only_where_the_funding_needs_it(world, mbo, bron, plok):
    traject = klaar_traject(world, financieringsbron=bron, kosten_betaald_door="Sectorfonds")
    assert ("plok" in genereer(traject, mbo)) is plok


@pytest.mark.parametrize(
    ("route", "zin"),
    [
        ("praktijkverklaring", "heeft geleerd uit te voeren"),
        ("certificaat", "reikt de mbo-instelling het mbo-certificaat uit"),
        ("diploma", "reikt de mbo-instelling het mbo-diploma uit"),
        ("bbl", "beroepsbegeleidende leerweg (bbl)"),
    ],
)
def test_the_ook_follows_the_route_and_names_costs_lessons_and_the_mbo_contact(
    world, mbo, route, zin
):
    deelnemer = world.alpha.other_deelnemer
    deelnemer.mbo_contact = mbo
    deelnemer.save()
    traject = klaar_traject(
        world,
        route=route,
        kosten_betaald_door="Gemeente Alphastad (Perspectief op Werk)",
        extra_onderwijs="Taal 2F, examen Werken in de logistiek",
    )
    genereer(traject, mbo)
    text = _tekst(traject, "ook")
    assert zin in text
    assert "Gemeente Alphastad (Perspectief op Werk)" in text
    assert "Taal 2F, examen Werken in de logistiek" in text
    assert "Contactpersoon bij de mbo-instelling" in text and mbo.get_full_name() in text
    assert "BRIN 25AL" in text and "Schoolstraat 1, 4001 AB Alphastad" in text
    assert "2 november 2026" in text


def test_the_pok_names_contacts_the_bpv_address_and_the_erkenning_reference(world, mbo):
    traject = klaar_traject(
        world, bpv_adres="Distributiecentrum, Industrieweg 4, 4003 EF Alphastad"
    )
    genereer(traject, mbo)
    text = _tekst(traject, "pok")
    assert "Industrieweg 4, 4003 EF Alphastad" in text
    assert world.alpha.users[Role.JOBCOACH].get_full_name() in text
    assert "Erkenning van het leerbedrijf (SBB)" in text
    assert "crebo 25256" in text and "erkend sinds 1 maart 2024" in text
    assert "gecontroleerd op 20 november 2026" in text


def test_the_pok_without_a_bpv_address_takes_the_leerbedrijf_address(world, mbo):
    traject = klaar_traject(world)
    genereer(traject, mbo)
    assert "Havenweg 12, 4002 CD Alphastad" in _tekst(traject, "pok")


def test_the_plok_gives_hours_times_weeks_and_wage_or_benefit(world, mbo):
    traject = klaar_traject(world)  # 32 hours, 2 Nov 2026 - 3 May 2027: 26 weeks
    genereer(traject, mbo)
    text = _tekst(traject, "plok")
    assert "32 uur per week × 26 weken = 832 uur" in text  # noqa: RUF001
    assert "behoudt de uitkering" in text
    assert "ten hoogste 40 weken" in text


def test_a_plok_without_wage_or_benefit_and_an_ook_without_brin_are_not_sent(world, mbo):
    world.alpha.mbo.brin = ""
    world.alpha.mbo.save()
    traject = klaar_traject(world, loon_of_uitkering="")
    genereer(traject, mbo)
    with translation.override("nl"):
        fouten = valideer_voor_ondertekening(traject)
    assert (
        "OOK: de BRIN-code van de mbo-instelling ontbreekt: leg die vast bij de organisatie."
        in fouten
    )
    assert "PLOK: leg vast of de deelnemer loon krijgt of de uitkering behoudt." in fouten
    with pytest.raises(ValidationError):
        verstuur_ter_ondertekening(actor=mbo, traject=traject)
    assert not Ondertekening.objects.filter(traject=traject).exists()


def _minderjarig(world, naam="Petra Ouder", email="ouder@alpha.test"):
    deelnemer = world.alpha.other_deelnemer
    deelnemer.geboortedatum = date(START.year - 17, START.month, START.day)  # 17 at the start
    deelnemer.vertegenwoordiger_naam = naam
    deelnemer.vertegenwoordiger_email = email
    deelnemer.save()


def test_a_minor_signs_the_ook_and_pok_with_the_wettelijk_vertegenwoordiger(world, mbo):
    _minderjarig(world)
    traject = klaar_traject(world)
    genereer(traject, mbo)
    versies = {
        v.overeenkomst.soort: v
        for v in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)
    }
    for soort in ("ook", "pok"):
        partij = [p for p in versies[soort].inhoud["partijen"] if p["rol"] == "vertegenwoordiger"]
        assert partij == [
            {
                "rol": "vertegenwoordiger",
                "organisatie_id": None,
                "organisatie": "",
                "naam": "Petra Ouder",
                "email": "ouder@alpha.test",
            }
        ]
        text = _tekst(traject, soort)
        assert "Wettelijk vertegenwoordiger (ouder of voogd)" in text and "Petra Ouder" in text
    assert not any(p["rol"] == "vertegenwoordiger" for p in versies["plok"].inhoud["partijen"])
    verstuur_ter_ondertekening(actor=mbo, traject=traject)
    ouder = Ondertekening.objects.filter(traject=traject, rol="vertegenwoordiger")
    assert ouder.count() == 2 and {o.email for o in ouder} == {"ouder@alpha.test"}


def test_a_minor_without_a_vertegenwoordiger_cannot_be_sent(world, mbo):
    _minderjarig(world, naam="", email="")
    traject = klaar_traject(world)
    genereer(traject, mbo)
    with translation.override("nl"):
        fouten = valideer_voor_ondertekening(traject)
    assert (
        "OOK: de naam van de ondertekenaar voor Wettelijk vertegenwoordiger (ouder of voogd) "
        "ontbreekt." in fouten
    )
    assert not any(f.startswith("PLOK") and "vertegenwoordiger" in f for f in fouten)


def test_an_adult_has_no_vertegenwoordiger(world, mbo):
    traject = klaar_traject(world)
    genereer(traject, mbo)
    assert not any(
        p["rol"] == "vertegenwoordiger"
        for v in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)
        for p in v.inhoud["partijen"]
    )


def test_a_participant_without_e_mail_can_be_sent_and_signs_in_person(client, world, mbo):
    deelnemer = world.alpha.other_deelnemer
    traject = klaar_traject(world)
    deelnemer.email = ""
    deelnemer.save()
    genereer(traject, mbo)
    assert valideer_voor_ondertekening(traject) == []
    client.force_login(mbo)
    client.post(reverse("overeenkomsten:verstuur", args=[traject.pk]))
    zonder = Ondertekening.objects.filter(traject=traject, rol="deelnemer")
    assert zonder.count() == 3 and all(o.email == "" for o in zonder)
    assert all(
        v.status == VersieStatus.TER_ONDERTEKENING
        for v in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)
    )
    # The mbo-medewerker opens "ter plekke ondertekenen": every document with a link to read it.
    o = zonder.order_by("pk").first()
    html = client.get(reverse("ondertekenen-ter-plekke", args=[o.pk])).content.decode()
    links = re.findall(r'href="([^"]+\.pdf)"[^>]*data-bekijk', html)
    assert len(links) == 3
    pdf = client.get(links[0])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_content_is_dutch_whatever_language_the_mbo_reads(world, mbo):
    traject = klaar_traject(world, route="bbl")
    with translation.override("en"):
        genereer(traject, mbo)
    text = _tekst(traject, "pok")
    assert "erkend sinds 1 maart 2024" in text and "recognised" not in text
    ook = OvereenkomstVersie.objects.get(overeenkomst__traject=traject, overeenkomst__soort="ook")
    assert ook.inhoud["route"] == "bbl (beroepsbegeleidende leerweg)"
    assert ook.inhoud["kosten_betaald_door"] == "Gemeente"
