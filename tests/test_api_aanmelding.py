"""Referral and intake over the API: same rules and scoping as the UI."""

import pytest
from rest_framework.test import APIClient

from deelnemers.models import Deelnemer
from intake.models import Advies
from pilots.roles import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/deelnemers/aanmelden/"


def body(**changes):
    data = {
        "pilot": "alpha",
        "voornaam": "Api",
        "achternaam": "Kandidaat",
        "geboortedatum": "1992-02-02",
        "email": "api@example.test",
        "situatie": "werkend",
        "toestemming": True,
    }
    data.update(changes)
    return data


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_verwijzer_refers_over_the_api(world):
    response = api(world.user(Role.VERWIJZER)).post(URL, body(), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "aangemeld"
    d = Deelnemer.objects.get(achternaam="Kandidaat")
    assert d.verwezen_door == world.user(Role.VERWIJZER)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"toestemming": False}, "toestemming"),
        ({"geboortedatum": "2099-01-01"}, "geboortedatum"),
        ({"achternaam": ""}, "achternaam"),
        ({"situatie": "student"}, "situatie"),
    ],
)
def test_bad_input_is_a_structured_400_and_stores_nothing(world, changes, field):
    response = api(world.user(Role.VERWIJZER)).post(URL, body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Deelnemer.objects.filter(achternaam="Kandidaat").exists()


def test_referring_in_another_pilot_is_not_found(world):
    response = api(world.user(Role.VERWIJZER)).post(URL, body(pilot="beta"), format="json")
    assert response.status_code == 404


def test_the_verwijzer_sees_the_advice_outcome_but_not_the_reasoning(world):
    d = world.alpha.deelnemer
    Advies.objects.create(
        deelnemer=d, route="certificaat", onderbouwing="Geheim", volgende_stap="Opleiding kiezen"
    )
    client = api(world.user(Role.VERWIJZER))
    detail = client.get(f"/api/v1/deelnemers/{d.pk}/").json()
    assert detail["advies"]["route"] == "certificaat"
    assert "Geheim" not in str(detail)
    assert client.get("/api/v1/adviezen/").json()["count"] == 0
    assert api(world.user(Role.MBO_MEDEWERKER)).get("/api/v1/adviezen/").json()["count"] == 1
