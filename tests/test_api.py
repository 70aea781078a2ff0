"""The REST API under /api/v1/ and its OpenAPI description.

Callers authenticate with a session or a token; every list is paginated and scoped to the
caller's pilots and role (another pilot's object is 404, too little role is 403); bad input gets
a structured 400 with field errors and stores nothing; list endpoints do not grow in queries.
Error texts may be translated, so these tests look at status codes and field names.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from knox.models import AuthToken
from rest_framework.test import APIClient

from deelnemers.models import Deelnemer
from deelnemers.services import registreer_deelnemer
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Organisatie, Partner, Pilot, Subregio
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .conftest import BETA_PERSONAL_MARKERS, BETA_TENANT_MARKERS, PILOT_ROLES
from .factories import (
    PASSWORD,
    DeelnemerFactory,
    MembershipFactory,
    OrganisatieFactory,
    PilotFactory,
)

pytestmark = pytest.mark.django_db

PILOTS = "/api/v1/pilots/"
ORGANISATIES = "/api/v1/organisaties/"
KWALIFICATIES = "/api/v1/kwalificaties/"
DEELNEMERS = "/api/v1/deelnemers/"
TOKEN = "/api/v1/token/"
LIST_ENDPOINTS = [PILOTS, ORGANISATIES, KWALIFICATIES, DEELNEMERS]
DENIED = (401, 403)
# A generous ceiling; the real check is that the count does not grow with the rows.
MAX_LIST_QUERIES = 15


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def pilot_url(code: str) -> str:
    return f"{PILOTS}{code}/"


def codes(response: Any) -> list[str]:
    return sorted(item["code"] for item in response.json()["results"])


def make_kwalificatie(crebo: str, niveau: str = "2", dossier: Any = None) -> Kwalificatie:
    kwal = Kwalificatie.objects.create(
        crebo=crebo,
        naam=f"Kwalificatie {crebo}",
        niveau=niveau,
        domein="Zorg en welzijn",
        dossier=dossier,
    )
    for k in (1, 2):
        kt = Kerntaak.objects.create(kwalificatie=kwal, code=f"B1-K{k}", naam=f"Kerntaak {k}")
        for w in (1, 2, 3):
            Werkproces.objects.create(
                kerntaak=kt, kwalificatie=kwal, code=f"B1-K{k}-W{w}", naam=f"Werkproces {w}"
            )
    return kwal


class TestAuthentication:
    @pytest.mark.parametrize("url", [*LIST_ENDPOINTS, pilot_url("alpha")])
    def test_an_anonymous_caller_is_refused_and_sees_no_data(self, api, world, url):
        response = api.get(url)

        assert response.status_code in DENIED
        assert "results" not in response.json()
        assert "Alfaregio" not in response.content.decode()

    def test_a_signed_in_session_reads_the_api(self, api, world):
        user = world.user(Role.PROJECTLEIDER)
        assert (
            api.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code
            == 302
        )

        response = api.get(PILOTS)

        assert response.status_code == 200
        assert codes(response) == ["alpha"]

    def test_a_user_gets_a_token_with_email_and_password_and_reads_the_api_with_it(
        self, api, world
    ):
        user = world.user(Role.PROJECTLEIDER)

        response = api.post(TOKEN, {"username": user.email, "password": PASSWORD})

        assert response.status_code == 200
        token = response.json()["token"]
        assert AuthToken.objects.get(user=user).token_key == token[:15]
        caller = APIClient()
        caller.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        listing = caller.get(PILOTS)
        assert listing.status_code == 200
        assert codes(listing) == ["alpha"]

    def test_asking_for_a_token_twice_gives_two_tokens_that_both_work(self, api, world):
        user = world.user(Role.MBO_MEDEWERKER)
        first = api.post(TOKEN, {"username": user.email, "password": PASSWORD}).json()["token"]
        second = api.post(TOKEN, {"username": user.email, "password": PASSWORD}).json()["token"]

        assert first != second
        for token in (first, second):
            caller = APIClient()
            caller.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            assert caller.get(PILOTS).status_code == 200

    def test_a_wrong_password_gets_no_token(self, api, world):
        user = world.user(Role.PROJECTLEIDER)

        response = api.post(TOKEN, {"username": user.email, "password": "fout-wachtwoord"})

        assert response.status_code == 400
        assert "token" not in response.json()
        assert not AuthToken.objects.filter(user=user).exists()

    def test_an_unknown_token_is_refused(self, api, world):
        api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

        response = api.get(PILOTS)

        assert response.status_code in DENIED
        assert "results" not in response.json()

    def test_the_token_of_a_deactivated_user_stops_working(self, api, world):
        user = world.user(Role.PROJECTLEIDER)
        token = api.post(TOKEN, {"username": user.email, "password": PASSWORD}).json()["token"]
        user.is_active = False
        user.save()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

        response = api.get(PILOTS)

        assert response.status_code in DENIED

    def test_a_session_write_without_csrf_token_is_refused(self, world):
        user = world.user(Role.PROJECTLEIDER)
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(user)

        response = client.patch(pilot_url("alpha"), {"streefaantal": 7}, format="json")

        assert response.status_code == 403
        assert Pilot.objects.get(code="alpha").streefaantal == 100

    def test_a_token_write_needs_no_csrf_token(self, world):
        user = world.user(Role.PROJECTLEIDER)
        client = APIClient(enforce_csrf_checks=True)
        token = client.post(TOKEN, {"username": user.email, "password": PASSWORD}).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

        response = client.patch(pilot_url("alpha"), {"streefaantal": 7}, format="json")

        assert response.status_code == 200
        assert Pilot.objects.get(code="alpha").streefaantal == 7


class TestPagination:
    def test_a_list_has_a_count_and_results_and_a_link_to_the_next_page(self, api, world):
        for i in range(7):
            make_kwalificatie(f"9{i:04d}")
        api.force_authenticate(world.user(Role.VERWIJZER))

        response = api.get(KWALIFICATIES, {"page_size": 3})

        body = response.json()
        assert response.status_code == 200
        assert body["count"] == 7
        assert [k["crebo"] for k in body["results"]] == ["90000", "90001", "90002"]
        assert body["next"] and body["previous"] is None
        last = api.get(KWALIFICATIES, {"page_size": 3, "page": 3}).json()
        assert [k["crebo"] for k in last["results"]] == ["90006"]
        assert last["next"] is None

    def test_the_page_size_is_at_most_200_and_more_is_a_400(self, api, world):
        Kwalificatie.objects.bulk_create(
            Kwalificatie(crebo=f"{80000 + i}", naam=f"K {i}", niveau="3", domein="Techniek")
            for i in range(205)
        )
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        body = api.get(KWALIFICATIES, {"page_size": 200}).json()
        assert body["count"] == 205
        assert len(body["results"]) == 200
        assert body["next"]

        response = api.get(KWALIFICATIES, {"page_size": 1000})
        assert response.status_code == 400
        assert "page_size" in response.json()

    def test_without_a_page_size_a_page_holds_50(self, api, world):
        OrganisatieFactory.create_batch(60)
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        body = api.get(ORGANISATIES).json()

        assert body["count"] == Organisatie.objects.count()
        assert len(body["results"]) == 50

    def test_a_page_beyond_the_last_is_404(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        assert api.get(PILOTS, {"page": 99}).status_code == 404


class TestPilotsAreScoped:
    @pytest.mark.parametrize("role", PILOT_ROLES)
    def test_an_alpha_user_lists_only_alpha(self, api, world, role):
        api.force_authenticate(world.user(role))

        response = api.get(PILOTS)

        assert response.status_code == 200
        assert response.json()["count"] == 1
        assert codes(response) == ["alpha"]
        html = response.content.decode()
        assert not any(marker in html for marker in BETA_TENANT_MARKERS)

    @pytest.mark.parametrize("role", [Role.SBB_MONITOR, Role.BEHEERDER])
    def test_national_roles_list_every_pilot(self, api, world, role):
        api.force_authenticate(world.user(role))

        assert codes(api.get(PILOTS)) == ["alpha", "beta"]

    @pytest.mark.parametrize("role", PILOT_ROLES)
    def test_retrieving_beta_s_pilot_as_an_alpha_user_is_404(self, api, world, role):
        api.force_authenticate(world.user(role))

        response = api.get(pilot_url("beta"))

        assert response.status_code == 404
        assert "Betaland" not in response.content.decode()

    def test_the_own_pilot_shows_its_subregios_and_partners(self, api, world):
        api.force_authenticate(world.user(Role.MBO_MEDEWERKER))

        body = api.get(pilot_url("alpha")).json()

        assert body["code"] == "alpha"
        assert [s["naam"] for s in body["subregios"]] == ["Alfaland-Noord"]
        partner_names = {p["organisatie"]["naam"] for p in body["partners"]}
        assert "Gemeente Alphastad" in partner_names
        assert "Gedeeld Leerbedrijf" in partner_names


class TestChangingAPilot:
    def test_the_projectleider_changes_the_pilot_and_the_change_is_audited(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        response = api.patch(
            pilot_url("alpha"),
            {"streefaantal": 150, "financieringsbronnen": ["esf", "gemeente"]},
            format="json",
        )

        assert response.status_code == 200
        assert response.json()["streefaantal"] == 150
        pilot = Pilot.objects.get(code="alpha")
        assert pilot.streefaantal == 150
        assert pilot.financieringsbronnen == ["esf", "gemeente"]
        event = AuditEvent.objects.get(action="pilot.update", object_id=str(pilot.pk))
        assert event.changes["streefaantal"] == [100, 150]

    def test_the_code_cannot_be_changed_over_the_api(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        api.patch(pilot_url("alpha"), {"code": "gewijzigd", "naam": "Nieuwe naam"}, format="json")

        assert Pilot.objects.filter(code="alpha", naam="Nieuwe naam").exists()
        assert not Pilot.objects.filter(code="gewijzigd").exists()

    @pytest.mark.parametrize(
        "role",
        [
            Role.VERWIJZER,
            Role.MBO_MEDEWERKER,
            Role.EXAMENCOMMISSIE,
            Role.PRAKTIJKOPLEIDER,
            Role.JOBCOACH,
            Role.SBB_MONITOR,
        ],
    )
    def test_a_role_without_pilot_change_gets_403_and_changes_nothing(self, api, world, role):
        before = Pilot.objects.values().get(code="alpha")
        api.force_authenticate(world.user(role))

        response = api.patch(pilot_url("alpha"), {"streefaantal": 1}, format="json")

        assert response.status_code == 403
        assert Pilot.objects.values().get(code="alpha") == before

    def test_the_alpha_projectleider_changing_beta_gets_404(self, api, world):
        before = Pilot.objects.values().get(code="beta")
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        response = api.patch(pilot_url("beta"), {"streefaantal": 1}, format="json")

        assert response.status_code == 404
        assert Pilot.objects.values().get(code="beta") == before

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("tranche", 0),
            ("tranche", "twee"),
            ("financieringsbronnen", ["loterij"]),
            ("soort", "wereldwijd"),
            ("startdatum", "2019-02-31"),
            ("naam", ""),
            ("streefaantal", -5),
        ],
    )
    def test_an_invalid_value_gets_a_400_naming_the_field_and_changes_nothing(
        self, api, world, field, value
    ):
        before = Pilot.objects.values().get(code="alpha")
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        # Together with a valid change, which must not be stored either.
        data = {"arbeidsmarktregio": "Gewijzigd", field: value}
        response = api.patch(pilot_url("alpha"), data, format="json")

        assert response.status_code == 400
        body = response.json()
        assert isinstance(body, dict)
        assert list(body) == [field]
        assert body[field]  # a message (or a list of them) the caller can show
        assert Pilot.objects.values().get(code="alpha") == before
        assert not AuditEvent.objects.filter(action="pilot.update").exists()


class TestOrganisaties:
    def payload(self, **changes: Any) -> dict[str, Any]:
        data = {
            "naam": "Bakkerij De Korenbloem",
            "soort": OrganisatieSoort.LEERBEDRIJF,
            "plaats": "Amersfoort",
            "leerbedrijf_id": "100200300",
        }
        return data | changes

    def test_the_projectleider_adds_an_organisation_to_the_registry(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        response = api.post(ORGANISATIES, self.payload(), format="json")

        assert response.status_code == 201
        org = Organisatie.objects.get(leerbedrijf_id="100200300")
        assert response.json()["id"] == org.pk
        assert org.naam == "Bakkerij De Korenbloem"
        assert AuditEvent.objects.filter(action="organisatie.create", object_id=str(org.pk))

    @pytest.mark.parametrize("existing", ["alpha-1", "beta-1", "shared-1"])
    def test_a_duplicate_leerbedrijf_id_gets_a_400_naming_the_field(self, api, world, existing):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))
        before = Organisatie.objects.count()

        response = api.post(ORGANISATIES, self.payload(leerbedrijf_id=existing), format="json")

        assert response.status_code == 400
        assert "leerbedrijf_id" in response.json()
        assert Organisatie.objects.count() == before

    def test_changing_an_organisation_to_a_taken_leerbedrijf_id_gets_a_400(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))
        org = world.alpha.leerbedrijf

        response = api.patch(
            f"{ORGANISATIES}{org.pk}/", {"leerbedrijf_id": "shared-1"}, format="json"
        )

        assert response.status_code == 400
        assert "leerbedrijf_id" in response.json()
        org.refresh_from_db()
        assert org.leerbedrijf_id == "alpha-1"

    def test_a_rule_checked_by_the_service_also_gets_a_400_with_the_field(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))
        before = Organisatie.objects.count()

        response = api.post(
            ORGANISATIES,
            {"naam": "ROC Nergens", "soort": OrganisatieSoort.MBO_INSTELLING, "brin": "99ZZ"},
            format="json",
        )

        assert response.status_code == 400
        assert "bekostigd" in response.json()
        assert Organisatie.objects.count() == before

    @pytest.mark.parametrize("role", [Role.VERWIJZER, Role.MBO_MEDEWERKER, Role.SBB_MONITOR])
    def test_a_role_without_organisatie_change_cannot_add_one(self, api, world, role):
        api.force_authenticate(world.user(role))
        before = Organisatie.objects.count()

        response = api.post(ORGANISATIES, self.payload(), format="json")

        assert response.status_code == 403
        assert Organisatie.objects.count() == before

    def test_the_projectleider_cannot_change_an_organisation_only_beta_works_with(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))
        org = world.beta.verwijzer_org

        response = api.patch(f"{ORGANISATIES}{org.pk}/", {"plaats": "Elders"}, format="json")

        assert response.status_code in (403, 404)
        org.refresh_from_db()
        assert org.plaats == "Utrecht"

    def test_the_registry_is_shared_and_filters_by_soort(self, api, world):
        api.force_authenticate(world.user(Role.VERWIJZER))

        body = api.get(ORGANISATIES, {"soort": OrganisatieSoort.MBO_INSTELLING}).json()

        assert sorted(o["naam"] for o in body["results"]) == ["ROC Alphastad", "ROC Betastad"]


class TestKwalificaties:
    def test_the_detail_shows_kerntaken_with_their_werkprocessen(self, api, world):
        make_kwalificatie("25655")
        api.force_authenticate(world.user(Role.PRAKTIJKOPLEIDER))

        body = api.get(f"{KWALIFICATIES}25655/").json()

        assert body["crebo"] == "25655"
        assert [k["code"] for k in body["kerntaken"]] == ["B1-K1", "B1-K2"]
        assert [w["code"] for w in body["kerntaken"][1]["werkprocessen"]] == [
            "B1-K2-W1", "B1-K2-W2", "B1-K2-W3",
        ]  # fmt: skip

    def test_the_list_filters_by_niveau_and_by_crebo(self, api, world):
        make_kwalificatie("25250", niveau="Entree")
        make_kwalificatie("25655", niveau="2")
        api.force_authenticate(world.user(Role.JOBCOACH))

        entree = api.get(KWALIFICATIES, {"niveau": "Entree"}).json()
        by_crebo = api.get(KWALIFICATIES, {"q": "25655"}).json()

        assert [k["crebo"] for k in entree["results"]] == ["25250"]
        assert [k["crebo"] for k in by_crebo["results"]] == ["25655"]

    def test_kwalificaties_cannot_be_changed_over_the_api(self, api, world):
        make_kwalificatie("25655")
        api.force_authenticate(world.user(Role.BEHEERDER))

        response = api.patch(f"{KWALIFICATIES}25655/", {"naam": "Anders"}, format="json")

        assert response.status_code == 405
        assert Kwalificatie.objects.get(crebo="25655").naam == "Kwalificatie 25655"


class TestDeelnemers:
    def test_the_sbb_monitor_sees_no_participants(self, api, world):
        api.force_authenticate(world.sbb)

        body = api.get(DEELNEMERS).json()

        assert body["count"] == 0
        assert body["results"] == []

    def test_the_beheerder_sees_every_participant(self, api, world):
        api.force_authenticate(world.beheerder)

        body = api.get(DEELNEMERS).json()

        assert body["count"] == Deelnemer.objects.count() == 4
        assert {d["pilot"] for d in body["results"]} == {"alpha", "beta"}

    def test_the_alpha_projectleider_sees_alpha_s_participants_and_nothing_of_beta(
        self, api, world
    ):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        response = api.get(DEELNEMERS)

        ids = {d["id"] for d in response.json()["results"]}
        assert ids == {world.alpha.deelnemer.pk, world.alpha.other_deelnemer.pk}
        text = response.content.decode()
        assert not any(marker in text for marker in BETA_PERSONAL_MARKERS)

    def test_filtering_on_beta_gives_an_alpha_user_nothing(self, api, world):
        api.force_authenticate(world.user(Role.PROJECTLEIDER))

        assert api.get(DEELNEMERS, {"pilot": "beta"}).json()["count"] == 0

    def test_the_verwijzer_sees_only_the_participant_they_referred(self, api, world):
        api.force_authenticate(world.user(Role.VERWIJZER))

        body = api.get(DEELNEMERS).json()

        assert [d["id"] for d in body["results"]] == [world.alpha.deelnemer.pk]

    def test_a_participant_of_beta_is_404_for_alpha_and_not_granted_is_403(self, api, world):
        api.force_authenticate(world.user(Role.VERWIJZER))

        assert api.get(f"{DEELNEMERS}{world.beta.deelnemer.pk}/").status_code == 404
        assert api.get(f"{DEELNEMERS}{world.alpha.other_deelnemer.pk}/").status_code == 403


class TestListQueriesDoNotGrowWithRows:
    """Every list endpoint: 3 extra rows and 30 extra rows cost the same number of queries."""

    def count_queries(self, client: APIClient, url: str, assert_max: Any) -> tuple[int, int]:
        with assert_max(MAX_LIST_QUERIES) as captured:
            response = client.get(url, {"page_size": 200})
        assert response.status_code == 200
        return len(captured.captured_queries), response.json()["count"]

    def test_the_pilot_list(self, world, django_assert_max_num_queries):
        pl = world.user(Role.PROJECTLEIDER)
        client = signed_in(pl)
        org = OrganisatieFactory()

        def add_pilots(n: int) -> None:
            for _ in range(n):
                pilot = PilotFactory()
                MembershipFactory(user=pl, pilot=pilot, organisatie=org, role=Role.PROJECTLEIDER)
                Subregio.objects.create(pilot=pilot, naam="Noord")
                Subregio.objects.create(pilot=pilot, naam="Zuid")
                Partner.objects.create(pilot=pilot, organisatie=org, rol=PartnerRol.STUURGROEP)

        add_pilots(3)
        few, few_rows = self.count_queries(client, PILOTS, django_assert_max_num_queries)
        add_pilots(27)
        many, many_rows = self.count_queries(client, PILOTS, django_assert_max_num_queries)

        assert (few_rows, many_rows) == (4, 31)
        assert many == few

    def test_the_pilot_list_for_a_national_role(self, world, django_assert_max_num_queries):
        client = signed_in(world.beheerder)
        few, few_rows = self.count_queries(client, PILOTS, django_assert_max_num_queries)
        PilotFactory.create_batch(30)
        many, many_rows = self.count_queries(client, PILOTS, django_assert_max_num_queries)

        assert many_rows == few_rows + 30
        assert many == few

    def test_the_organisatie_list(self, world, django_assert_max_num_queries):
        client = signed_in(world.user(Role.VERWIJZER))
        OrganisatieFactory.create_batch(3)
        few, few_rows = self.count_queries(client, ORGANISATIES, django_assert_max_num_queries)
        OrganisatieFactory.create_batch(27)
        many, many_rows = self.count_queries(client, ORGANISATIES, django_assert_max_num_queries)

        assert many_rows == few_rows + 27
        assert many == few

    def test_the_kwalificatie_list(self, world, django_assert_max_num_queries):
        client = signed_in(world.user(Role.JOBCOACH))
        dossier = Kwalificatiedossier.objects.create(naam="Zorg")
        for i in range(3):
            make_kwalificatie(f"7{i:04d}", dossier=dossier)
        few, few_rows = self.count_queries(client, KWALIFICATIES, django_assert_max_num_queries)
        for i in range(3, 30):
            make_kwalificatie(f"7{i:04d}", dossier=dossier)
        many, many_rows = self.count_queries(client, KWALIFICATIES, django_assert_max_num_queries)

        assert (few_rows, many_rows) == (3, 30)
        assert many == few

    @pytest.mark.parametrize("role", [Role.PROJECTLEIDER, Role.BEHEERDER])
    def test_the_deelnemer_list(self, world, django_assert_max_num_queries, role):
        client = signed_in(world.user(role))

        def add(n: int) -> None:
            DeelnemerFactory.create_batch(
                n,
                pilot=world.alpha.pilot,
                verwijzer_organisatie=world.alpha.verwijzer_org,
                mbo_instelling=world.alpha.mbo,
            )

        add(3)
        few, few_rows = self.count_queries(client, DEELNEMERS, django_assert_max_num_queries)
        add(27)
        many, many_rows = self.count_queries(client, DEELNEMERS, django_assert_max_num_queries)

        assert many_rows == few_rows + 27
        assert many == few

    def test_the_deelnemer_list_of_a_verwijzer_with_per_object_grants(
        self, world, django_assert_max_num_queries
    ):
        verwijzer = world.user(Role.VERWIJZER)
        client = signed_in(verwijzer)
        other_org = OrganisatieFactory(soort=OrganisatieSoort.UWV)

        def add(n: int) -> None:
            for i in range(n):
                registreer_deelnemer(
                    actor=world.user(Role.PROJECTLEIDER),
                    pilot=world.alpha.pilot,
                    voornaam="Test",
                    achternaam=f"Deelnemer {i}",
                    geboortedatum=date(1990, 1, 1),
                    aangemeld_op=date(2026, 10, 1),
                    verwijzer=verwijzer,
                    verwijzer_organisatie=other_org,
                )

        add(3)
        few, few_rows = self.count_queries(client, DEELNEMERS, django_assert_max_num_queries)
        add(27)
        many, many_rows = self.count_queries(client, DEELNEMERS, django_assert_max_num_queries)

        assert (few_rows, many_rows) == (4, 31)
        assert many == few


class TestDetailQueriesDoNotGrowWithNestedRows:
    """A detail with nested lists (partners, kerntaken > werkprocessen) prefetches them."""

    def test_a_pilot_with_more_partners(self, world, django_assert_max_num_queries):
        client = signed_in(world.user(Role.PROJECTLEIDER))

        def add_partners(n: int) -> None:
            for _ in range(n):
                sub = Subregio.objects.create(pilot=world.alpha.pilot, naam=f"Sub {_}-{n}")
                Partner.objects.create(
                    pilot=world.alpha.pilot,
                    organisatie=OrganisatieFactory(),
                    rol=PartnerRol.STUURGROEP,
                    subregio=sub,
                )

        add_partners(3)
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as few:
            response = client.get(pilot_url("alpha"))
        assert len(response.json()["partners"]) == 5 + 3
        add_partners(27)
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as many:
            response = client.get(pilot_url("alpha"))
        assert len(response.json()["partners"]) == 5 + 30

        assert len(many.captured_queries) == len(few.captured_queries)

    def test_a_kwalificatie_with_more_kerntaken(self, world, django_assert_max_num_queries):
        client = signed_in(world.user(Role.JOBCOACH))
        dossier = Kwalificatiedossier.objects.create(naam="Zorg")
        small = make_kwalificatie("25001", dossier=dossier)
        big = make_kwalificatie("25002", dossier=dossier)
        for k in range(3, 13):
            kt = Kerntaak.objects.create(kwalificatie=big, code=f"B1-K{k}", naam="Extra")
            for w in range(1, 6):
                Werkproces.objects.create(
                    kerntaak=kt, kwalificatie=big, code=f"B1-K{k}-W{w}", naam="Extra"
                )

        with django_assert_max_num_queries(MAX_LIST_QUERIES) as few:
            assert len(client.get(f"{KWALIFICATIES}{small.crebo}/").json()["kerntaken"]) == 2
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as many:
            assert len(client.get(f"{KWALIFICATIES}{big.crebo}/").json()["kerntaken"]) == 12

        assert len(many.captured_queries) == len(few.captured_queries)


class TestOpenAPI:
    def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint(self, api, world):
        response = api.get("/api/schema/")

        assert response.status_code == 200
        schema = yaml.safe_load(response.content)
        assert str(schema["openapi"]).startswith("3.")
        validate_schema(schema)  # against the OpenAPI 3 JSON schema shipped with drf-spectacular
        for path in [
            "/api/v1/pilots/",
            "/api/v1/pilots/{code}/",
            "/api/v1/organisaties/",
            "/api/v1/organisaties/{id}/",
            "/api/v1/kwalificaties/",
            "/api/v1/kwalificaties/{crebo}/",
            "/api/v1/deelnemers/",
            "/api/v1/deelnemers/{id}/",
            "/api/v1/token/",
        ]:
            assert path in schema["paths"], path

    def test_the_schema_describes_what_each_endpoint_allows(self, api, world):
        schema = yaml.safe_load(api.get("/api/schema/").content)
        paths = schema["paths"]

        assert set(paths["/api/v1/pilots/{code}/"]) >= {"get", "put", "patch"}
        assert "post" not in paths["/api/v1/pilots/"]
        assert "post" in paths["/api/v1/organisaties/"]
        assert set(paths["/api/v1/kwalificaties/{crebo}/"]) == {"get"}
        assert set(paths["/api/v1/deelnemers/{id}/"]) == {"get"}
        assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
        list_params = {p["name"] for p in paths["/api/v1/pilots/"]["get"]["parameters"]}
        assert {"page", "page_size"} <= list_params

    def test_the_schema_can_also_be_fetched_as_json(self, api, world):
        response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

        assert response.status_code == 200
        assert str(response.json()["openapi"]).startswith("3.")

    def test_the_docs_page_renders_from_local_files_without_a_cdn(self, api, world):
        response = api.get("/api/docs/")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert 'id="swagger-ui"' in html
        assert "/api/schema/" in html
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
        assert any(a.endswith("swagger-ui.css") for a in assets)
        for asset in assets:
            assert not asset.startswith(("http:", "https:", "//")), asset
            # Swagger UI from drf-spectacular-sidecar; our WCAG fixes (api_docs.css/.js) beside it.
            assert "drf_spectacular_sidecar" in asset or "/api_docs." in asset, asset
            served = api.get(asset)
            assert served.status_code == 200, asset
            if hasattr(served, "streaming_content"):
                b"".join(served.streaming_content)
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
