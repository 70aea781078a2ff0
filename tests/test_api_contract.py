"""The API keeps its contract for input no form would send, and during a database outage.

A malformed id is a 404, a NUL byte a 400, an overlong username a 400 (API and login form),
`page_size` outside 1..200 a 400; while the database is unreachable the API answers 503 JSON.
The schema documents the error answers of every operation.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.utils import translation
from knox.models import AuthToken
from rest_framework.test import APIClient

from pilots.roles import Role

from .factories import PASSWORD

TOKEN = "/api/v1/token/"
DEELNEMERS = "/api/v1/deelnemers/"
LOGIN = "/account/inloggen/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


@pytest.fixture
def pl(world: Any) -> APIClient:
    return as_user(world.user(Role.PROJECTLEIDER))


@pytest.mark.django_db
class TestNoInputGivesAServerError:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/deelnemers/abc/",
            "/api/v1/trajecten/abc/",
            "/api/v1/organisaties/abc/",
            "/api/v1/overeenkomsten/1.5/",
            "/api/v1/registraties/-1/",
            "/api/v1/intakes/99999999999999999999/",
            "/api/v1/trajecten/abc/werkprocessen/xyz/status/",
        ],
    )
    def test_a_malformed_id_is_a_json_404(self, pl, url):
        response = pl.post(url, {}) if url.endswith("status/") else pl.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()

    @pytest.mark.parametrize(
        "query",
        ["?pilot=%00", "?status=a%00b", "?soort=%00", "?q=%00", "?%00=1", "?page_size=%00"],
    )
    def test_a_nul_byte_in_a_query_parameter_is_a_json_400(self, pl, query):
        for url in (DEELNEMERS, "/api/v1/organisaties/", "/api/v1/trajecten/"):
            response = pl.get(url + query)
            assert response.status_code == 400, url + query
            assert response.json()["detail"]

    def test_a_nul_byte_in_a_page_url_is_a_400_page(self, world):
        client = Client()
        client.force_login(world.user(Role.PROJECTLEIDER))
        assert client.get("/deelnemers/?q=%00").status_code == 400

    def test_a_nul_byte_in_a_json_body_is_a_field_error(self, world):
        client = as_user(world.beheerder)
        response = client.post(
            "/api/v1/organisaties/",
            {"naam": "Bad\x00Name", "soort": "gemeente"},
            format="json",
        )
        assert response.status_code == 400
        assert "naam" in response.json()

    def test_a_300_character_username_at_the_token_endpoint_is_a_400(self, world):
        response = APIClient().post(TOKEN, {"username": "a" * 300, "password": PASSWORD})
        assert response.status_code == 400
        assert "username" in response.json()
        # A normal login still works afterwards.
        user = world.user(Role.PROJECTLEIDER)
        ok = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD})
        assert ok.status_code == 200

    def test_a_300_character_username_at_the_login_form_is_refused_with_a_message(self, world):
        with translation.override("nl"):
            response = Client(HTTP_ACCEPT_LANGUAGE="nl").post(
                LOGIN, {"username": "a" * 300 + "@x.test", "password": PASSWORD}
            )
        # The login page shows its one message for any error (it reveals nothing more).
        assert response.status_code == 200
        assert "_auth_user_id" not in response.client.session
        assert "komen niet overeen" in response.content.decode()
        assert response.context["form"].has_error("username", "max_length")


@pytest.mark.django_db
class TestPageSize:
    def test_a_page_size_within_range_is_used(self, pl):
        response = pl.get(DEELNEMERS + "?page_size=1")
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1
        assert response.json()["next"]

    @pytest.mark.parametrize("value", ["abc", "0", "-1", "201", "1e3", "1.5", "99999999999"])
    def test_a_page_size_outside_1_to_200_is_a_400(self, pl, value):
        response = pl.get(DEELNEMERS + f"?page_size={value}")
        assert response.status_code == 400
        assert "page_size" in response.json()

    def test_the_schema_states_the_page_size_bounds(self, pl):
        schema = yaml.safe_load(pl.get("/api/schema/").content)
        params = schema["paths"][DEELNEMERS]["get"]["parameters"]
        page_size = next(p for p in params if p["name"] == "page_size")
        assert page_size["schema"]["minimum"] == 1
        assert page_size["schema"]["maximum"] == 200


@pytest.mark.django_db
def test_the_schema_documents_the_error_answers_of_every_operation(pl):
    schema = yaml.safe_load(pl.get("/api/schema/").content)
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) > 30
    for operation in operations:
        for code in ("400", "401", "403", "404", "429", "503"):
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"]["$ref"].startswith("#/components/schemas/")


@pytest.mark.django_db
def test_fields_that_can_be_null_are_declared_nullable(pl):
    schema = yaml.safe_load(pl.get("/api/schema/").content)["components"]["schemas"]
    for component, field in [
        ("Traject", "leerbedrijf_naam"),
        ("Traject", "mbo_instelling_naam"),
        ("Registratie", "vervangen_door"),
        ("Partner", "subregio"),
        ("Ondertekening", "organisatie"),
    ]:
        assert schema[component]["properties"][field].get("nullable") is True, (component, field)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The database becomes unreachable: the connection is closed and its settings point at a
    port where nothing listens, as when PostgreSQL is stopped. Restored afterwards."""
    with django_db_blocker.unblock():
        connection.close()
        saved = dict(connection.settings_dict)
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_free_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


@pytest.mark.usefixtures("database_down")
class TestDatabaseOutage:
    def test_the_api_answers_503_json_when_the_database_is_down(self):
        # Django's test client would re-raise the error; a real server does not.
        client = Client(raise_request_exception=False)
        for url in ("/api/v1/deelnemers/", "/api/v1/deelnemers/1/", "/api/v1/verificatie/?code=X"):
            response = client.get(url, HTTP_AUTHORIZATION="Token " + "0" * 40)
            assert response.status_code == 503, url
            assert response["Content-Type"] == "application/json"
            assert response.json()["detail"]
            assert response["Retry-After"]

    def test_a_token_request_answers_503_json_when_the_database_is_down(self):
        response = Client(raise_request_exception=False).post(
            TOKEN, {"username": "pl@alpha.test", "password": PASSWORD}
        )
        assert response.status_code == 503
        assert response.json()["detail"]

    def test_a_page_keeps_the_html_error_page(self):
        client = Client(raise_request_exception=False)
        response = client.post(LOGIN, {"username": "pl@alpha.test", "password": PASSWORD})
        assert response.status_code == 500
        assert "text/html" in response["Content-Type"]
