"""Agreeing a traject: werkprocessen from one to three kwalificaties; until the erkenning register
holds both recognitions for each crebo, signing and starting wait (tests/test_erkenning_blokkade.py)."""

import pytest
from django.urls import reverse

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.roles import Role
from trajecten.models import Traject

pytestmark = pytest.mark.django_db


def werkprocessen(n_kwalificaties: int, per: int = 2) -> list[Werkproces]:
    result = []
    for i in range(n_kwalificaties):
        k = Kwalificatie.objects.create(
            crebo=f"2525{i}", naam=f"Kwalificatie {i}", niveau="Entree", domein="Entree"
        )
        kt = Kerntaak.objects.create(kwalificatie=k, code="B1-K1", naam="Kerntaak")
        result += [
            Werkproces.objects.create(
                kerntaak=kt, kwalificatie=k, code=f"B1-K1-W{j + 1}", naam=f"Werkproces {j + 1}"
            )
            for j in range(per)
        ]
    return result


def form(world, wps, **changes):
    data = {
        "route": "praktijkverklaring",
        "mbo_instelling": world.alpha.mbo.pk,
        "leerbedrijf": world.alpha.leerbedrijf.pk,
        "praktijkopleider": world.alpha.users[Role.PRAKTIJKOPLEIDER].pk,
        "startdatum": "2026-12-01",
        "geplande_einddatum": "2027-06-01",
        "uren_per_week": "32",
        "werkprocessen": [w.pk for w in wps],
        "extra_ondersteuning": ["taal_2f"],
    }
    data.update(changes)
    return data


def test_the_mbo_agrees_a_traject_with_werkprocessen_from_two_kwalificaties(client, world):
    wps = werkprocessen(2)
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    response = client.post(
        reverse("trajecten:traject-create", args=[world.alpha.other_deelnemer.pk]),
        form(world, wps),
    )
    traject = Traject.objects.get(deelnemer=world.alpha.other_deelnemer)
    assert response["Location"] == traject.get_absolute_url()
    assert set(traject.werkprocessen.all()) == set(wps)
    # nothing recorded in the erkenning register yet: signing and starting wait
    assert len(traject.erkenning_blokkades()) == 4  # 2 crebo's x (leerbedrijf, mbo-instelling)
    assert traject.uren_per_week == 32 and traject.extra_ondersteuning == ["taal_2f"]
    # the praktijkopleider now sees this traject
    client.force_login(world.user(Role.PRAKTIJKOPLEIDER))
    assert client.get(traject.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("changes", "n_kwal", "message"),
    [
        (
            {"geplande_einddatum": "2026-11-01"},
            1,
            "De geplande einddatum moet na de startdatum liggen.",
        ),
        ({}, 4, "Kies werkprocessen uit hoogstens 3 kwalificaties (nu 4)."),
        ({"uren_per_week": "50"}, 1, "Het aantal uren per week moet tussen 1 en 40 liggen."),
        ({"werkprocessen": []}, 1, "Kies minstens één werkproces."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_stores_nothing(client, world, changes, n_kwal, message):
    wps = werkprocessen(n_kwal)
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    response = client.post(
        reverse("trajecten:traject-create", args=[world.alpha.other_deelnemer.pk]),
        form(world, wps, **changes),
    )
    assert message in response.content.decode()
    assert not Traject.objects.filter(deelnemer=world.alpha.other_deelnemer).exists()


def test_a_leerlijn_is_saved_and_used_when_agreeing_a_traject(client, world):
    from trajecten.models import Leerlijn

    wps = werkprocessen(1, per=3)
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    url = reverse("trajecten:leerlijnen", args=[world.alpha.pilot.code])
    assert (
        client.post(
            url, {"naam": "Magazijn basis", "werkprocessen": [w.pk for w in wps]}
        ).status_code
        == 302
    )
    response = client.post(url, {"naam": "magazijn BASIS", "werkprocessen": [wps[0].pk]})
    assert (
        "Deze pilot heeft al een leerlijn met de naam magazijn BASIS." in response.content.decode()
    )
    leerlijn = Leerlijn.objects.get(pilot=world.alpha.pilot)
    client.post(
        reverse("trajecten:traject-create", args=[world.alpha.other_deelnemer.pk]),
        form(world, [], leerlijn=leerlijn.pk),
    )
    traject = Traject.objects.get(deelnemer=world.alpha.other_deelnemer)
    assert set(traject.werkprocessen.all()) == set(wps)


def test_a_verwijzer_may_read_but_not_add_leerlijnen(client, world):
    client.force_login(world.user(Role.VERWIJZER))
    url = reverse("trajecten:leerlijnen", args=[world.alpha.pilot.code])
    assert client.get(url).status_code == 200
    assert client.post(url, {"naam": "x"}).status_code == 403
