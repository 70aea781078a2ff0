"""The trajecten API: list and detail with progress per werkproces, POST an entry, and set a
werkproces's status with the same rules as the UI (structured 400 on bad input). Error texts may
be translated, so these tests look at status codes and field names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import yaml
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from pilots.roles import Role
from praktijkleren.models import AuditEvent
from tests.factories import traject_rij
from trajecten.constants import WerkprocesStatus
from trajecten.models import KwaliteitsMoment, TrajectWerkproces, VoortgangEntry

from .test_voortgang import add_werkprocessen

pytestmark = pytest.mark.django_db

TRAJECTEN = "/api/v1/trajecten/"
PO, JC, MBO = Role.PRAKTIJKOPLEIDER, Role.JOBCOACH, Role.MBO_MEDEWERKER
TODAY = timezone.localdate


def api_as(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail(traject: Any) -> str:
    return f"{TRAJECTEN}{traject.pk}/"


def voortgang(traject: Any) -> str:
    return f"{TRAJECTEN}{traject.pk}/voortgang/"


def status_url(tw: TrajectWerkproces) -> str:
    return f"{TRAJECTEN}{tw.traject_id}/werkprocessen/{tw.pk}/status/"


def entry(tw: TrajectWerkproces, **changes: Any) -> dict[str, Any]:
    data = {
        "traject_werkproces": tw.pk,
        "soort": "opdracht",
        "datum": TODAY().isoformat(),
        "tekst": "Pallets lossen",
    }
    return {**data, **changes}


@pytest.fixture(autouse=True)
def _lopend(world):
    """The pilots' trajecten have started: a werkproces is beheerst only after the start."""
    from trajecten.constants import TrajectStatus
    from trajecten.models import Traject

    Traject.objects.filter(pk__in=[world.alpha.traject.pk, world.beta.traject.pk]).update(
        status=TrajectStatus.LOPEND
    )


class TestRead:
    def test_a_traject_lists_its_werkprocessen_with_status_and_samenvattend_oordeel(self, world):
        first, _second = add_werkprocessen(world.alpha.traject, 2)
        api_as(world.user(PO)).post(
            status_url(first), {"status": "beheerst", "samenvattend_oordeel": "Zelfstandig"}
        )

        response = api_as(world.user(MBO)).get(TRAJECTEN)

        assert response.status_code == 200
        (item,) = response.json()["results"]
        assert item["id"] == world.alpha.traject.pk
        assert item["deelnemer"] == world.alpha.deelnemer.pk
        assert item["pilot"] == "alpha" and item["route"] == "praktijkverklaring"
        assert item["leerbedrijf"] == world.alpha.leerbedrijf.pk
        assert item["leerbedrijf_naam"] == world.alpha.leerbedrijf.naam
        assert {"mbo_instelling", "startdatum", "geplande_einddatum", "status"} <= set(item)
        assert item["werkprocessen_beheerst"] == 1
        wp = item["werkprocessen"][0]
        assert (wp["code"], wp["status"], wp["samenvattend_oordeel"]) == (
            "B1-K1-W1",
            "beheerst",
            "Zelfstandig",
        )
        assert wp["beheerst_op"] == TODAY().isoformat()

    def test_the_detail_has_the_entries_and_the_quality_reviews(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        api_as(world.user(JC)).post(voortgang(world.alpha.traject), entry(tw), format="json")
        KwaliteitsMoment.objects.create(
            traject=world.alpha.traject, moment="start", datum=TODAY(), uitkomst="op_koers"
        )

        data = api_as(world.user(PO)).get(detail(world.alpha.traject)).json()

        assert data["werkprocessen"][0]["entries"][0]["tekst"] == "Pallets lossen"
        assert data["kwaliteitsmomenten"][0]["moment"] == "start"

    def test_a_praktijkopleider_lists_only_their_own_trajecten(self, world):
        mine_elsewhere = traject_rij(
            actor=world.user(MBO),
            deelnemer=world.alpha.other_deelnemer,
            leerbedrijf=world.alpha.leerbedrijf,
        )

        ids = [t["id"] for t in api_as(world.user(PO)).get(TRAJECTEN).json()["results"]]

        assert ids == [world.alpha.traject.pk]
        assert mine_elsewhere.pk not in ids
        assert api_as(world.user(PO)).get(detail(mine_elsewhere)).status_code == 403
        assert api_as(world.user(PO)).get(detail(world.beta.traject)).status_code == 404

    def test_the_list_filters_by_pilot_and_status(self, world):
        client = api_as(world.beheerder)

        assert client.get(TRAJECTEN).json()["count"] == 2
        assert client.get(TRAJECTEN, {"pilot": "beta"}).json()["results"][0]["pilot"] == "beta"
        assert client.get(TRAJECTEN, {"status": "afgerond"}).json()["count"] == 0

    def test_the_list_does_not_grow_in_queries_with_trajecten_and_werkprocessen(
        self, world, django_assert_max_num_queries
    ):
        client = api_as(world.user(MBO))
        add_werkprocessen(world.alpha.traject, 1)
        with django_assert_max_num_queries(15) as few:
            client.get(TRAJECTEN)
        n_few = len(few)
        for i in range(6):
            t = traject_rij(
                actor=world.user(MBO),
                deelnemer=world.alpha.other_deelnemer,
                leerbedrijf=world.alpha.leerbedrijf,
            )
            add_werkprocessen(t, 3, crebo=f"2530{i}")
        with django_assert_max_num_queries(n_few):
            assert client.get(TRAJECTEN).json()["count"] == 7

    def test_the_detail_does_not_grow_in_queries_with_entries(
        self, world, django_assert_max_num_queries
    ):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        client = api_as(world.user(MBO))
        with django_assert_max_num_queries(15) as few:
            client.get(detail(world.alpha.traject))
        n_few = len(few)
        for i in range(8):
            VoortgangEntry.objects.create(
                traject_werkproces=tw, soort="opdracht", datum=TODAY(), tekst=f"{i}",
                auteur=world.user(PO),
            )  # fmt: skip
        with django_assert_max_num_queries(n_few):
            data = client.get(detail(world.alpha.traject)).json()
        assert len(data["werkprocessen"][0]["entries"]) == 8


class TestEntries:
    def test_the_praktijkopleider_posts_an_entry_and_the_werkproces_becomes_bezig(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(PO)).post(
            voortgang(world.alpha.traject), entry(tw), format="json"
        )

        assert response.status_code == 201, response.json()
        assert response.json()["soort"] == "opdracht"
        assert VoortgangEntry.objects.get().auteur == world.user(PO)
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.BEZIG

    def test_a_starr_entry_missing_parts_gets_a_400_naming_them_under_starr(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(JC)).post(
            voortgang(world.alpha.traject),
            entry(tw, soort="starr", tekst="", starr={"situatie": "Magazijn", "taak": "Picken"}),
            format="json",
        )

        assert response.status_code == 400
        assert set(response.json()["starr"]) == {"actie", "reflectie"}
        assert not VoortgangEntry.objects.exists()

    def test_a_full_starr_entry_is_stored(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        parts = {"situatie": "S", "taak": "T", "actie": "A", "resultaat": "R", "reflectie": "R2"}

        response = api_as(world.user(JC)).post(
            voortgang(world.alpha.traject), entry(tw, soort="starr", starr=parts), format="json"
        )

        assert response.status_code == 201
        assert response.json()["starr"] == parts

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"datum": (TODAY() + timedelta(days=1)).isoformat()}, "datum"),
            ({"tekst": ""}, "tekst"),
            ({"soort": "dagboek"}, "soort"),
            ({"datum": "gisteren"}, "datum"),
        ],
    )
    def test_bad_input_gets_a_400_naming_the_field_and_stores_nothing(self, world, changes, field):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(MBO)).post(
            voortgang(world.alpha.traject), entry(tw, **changes), format="json"
        )

        assert response.status_code == 400
        assert field in response.json()
        assert not VoortgangEntry.objects.exists()

    def test_a_werkproces_of_another_traject_gets_a_400_and_stores_nothing(self, world):
        (beta_tw,) = add_werkprocessen(world.beta.traject, 1)
        add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(MBO)).post(
            voortgang(world.alpha.traject), entry(beta_tw), format="json"
        )

        assert response.status_code == 400
        assert "traject_werkproces" in response.json()
        assert not VoortgangEntry.objects.exists()

    def test_posting_to_another_pilot_s_traject_is_404_and_a_reader_gets_403(self, world):
        (beta_tw,) = add_werkprocessen(world.beta.traject, 1)
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        other = api_as(world.user(PO)).post(
            voortgang(world.beta.traject), entry(beta_tw), format="json"
        )
        reader = api_as(world.user(Role.EXAMENCOMMISSIE)).post(
            voortgang(world.alpha.traject), entry(tw), format="json"
        )

        assert (other.status_code, reader.status_code) == (404, 403)
        assert not VoortgangEntry.objects.exists()


class TestStatus:
    def test_the_own_praktijkopleider_marks_beheerst_and_it_is_audited(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(PO)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Kan het"}, format="json"
        )

        assert response.status_code == 200
        assert response.json()["status"] == "beheerst"
        assert response.json()["beheerst_op"] == TODAY().isoformat()
        tw.refresh_from_db()
        assert tw.beoordeeld_door == world.user(PO)
        assert AuditEvent.objects.filter(action="voortgang.beheerst", object_id=str(tw.pk)).exists()

    def test_beheerst_without_an_oordeel_gets_a_400_naming_the_field(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(PO)).post(status_url(tw), {"status": "beheerst"})

        assert response.status_code == 400
        assert list(response.json()) == ["samenvattend_oordeel"]
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.NIET_GESTART

    @pytest.mark.parametrize("role", [JC, MBO, Role.PROJECTLEIDER, Role.BEHEERDER])
    def test_others_marking_beheerst_get_403(self, world, role):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(role)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Goed"}
        )

        assert response.status_code == 403
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.NIET_GESTART

    def test_an_unknown_status_gets_a_400(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = api_as(world.user(MBO)).post(status_url(tw), {"status": "klaar"})

        assert response.status_code == 400 and "status" in response.json()

    def test_a_werkproces_of_another_traject_in_the_url_is_404(self, world):
        (beta_tw,) = add_werkprocessen(world.beta.traject, 1)
        add_werkprocessen(world.alpha.traject, 1)
        url = f"{TRAJECTEN}{world.alpha.traject.pk}/werkprocessen/{beta_tw.pk}/status/"

        response = api_as(world.user(MBO)).post(url, {"status": "bezig"})

        assert response.status_code == 404
        assert TrajectWerkproces.objects.get(pk=beta_tw.pk).status == WerkprocesStatus.NIET_GESTART


def test_the_schema_stays_valid_and_describes_the_trajecten_endpoints(world):
    client = APIClient()
    schema = yaml.safe_load(client.get("/api/schema/").content)

    validate_schema(schema)
    paths = schema["paths"]
    assert set(paths["/api/v1/trajecten/"]) == {"get"}
    assert set(paths["/api/v1/trajecten/{id}/"]) == {"get"}
    assert "post" in paths["/api/v1/trajecten/{id}/voortgang/"]
    assert "post" in paths["/api/v1/trajecten/{id}/werkprocessen/{werkproces_pk}/status/"]
