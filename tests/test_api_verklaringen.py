"""The register over the API (scoped read, revoke by the examencommissie) and the public
verification endpoint (code or PDF; no authentication; rate limited; only the listed fields)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pilots.roles import Role
from verklaringen.constants import RegistratieStatus

from .conftest import World
from .matrix_verklaringen_register import maak_registratie

pytestmark = pytest.mark.django_db

REGISTRATIES = "/api/v1/registraties/"
VERIFICATIE = "/api/v1/verificatie/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def signed_in(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


class TestRegistratiesRead:
    def test_lists_only_what_the_caller_may_see(self, world: World):
        alpha = maak_registratie(world, "alpha")
        maak_registratie(world, "beta")
        response = signed_in(world.user(Role.MBO_MEDEWERKER)).get(REGISTRATIES)
        assert response.status_code == 200
        assert [r["nummer"] for r in response.json()["results"]] == [alpha.nummer]
        item = response.json()["results"][0]
        assert item["pilot"] == "alpha"
        assert item["verificatie_url"].endswith(f"/verificatie/{alpha.verificatiecode}/")
        assert item["werkprocessen"][0]["kerntaak"] == {
            "code": "B1-K1",
            "naam": "Voert werkzaamheden uit",
        }

    def test_sbb_sees_no_register_entries(self, world: World):
        maak_registratie(world, "alpha")
        response = signed_in(world.sbb).get(REGISTRATIES)
        assert response.status_code == 200 and response.json()["count"] == 0

    def test_anonymous_gets_401(self, world: World):
        assert APIClient().get(REGISTRATIES).status_code == 401

    def test_filters_on_status(self, world: World):
        maak_registratie(world, status=RegistratieStatus.GELDIG)
        ingetrokken = maak_registratie(world, status=RegistratieStatus.INGETROKKEN)
        client = signed_in(world.user(Role.PROJECTLEIDER))
        data = client.get(REGISTRATIES, {"status": "ingetrokken"}).json()
        assert [r["nummer"] for r in data["results"]] == [ingetrokken.nummer]
        assert client.get(REGISTRATIES, {"deelnemer": "x"}).status_code == 200

    def test_another_pilots_entry_is_404_and_a_non_numeric_id_never_500(self, world: World):
        beta = maak_registratie(world, "beta")
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        assert client.get(f"{REGISTRATIES}{beta.pk}/").status_code == 404
        assert client.get(f"{REGISTRATIES}abc/").status_code == 404

    def test_the_list_does_not_grow_in_queries(
        self, world: World, django_assert_max_num_queries: Any
    ):
        client = signed_in(world.user(Role.MBO_MEDEWERKER))
        vervanger = maak_registratie(world)
        maak_registratie(world, status="vervangen", vervangen_door=vervanger)
        with django_assert_max_num_queries(10) as few:
            client.get(REGISTRATIES)
        for _ in range(10):
            maak_registratie(world, status="vervangen", vervangen_door=vervanger)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(REGISTRATIES).json()["count"] == 12


class TestRevoke:
    def url(self, pk: int) -> str:
        return f"{REGISTRATIES}{pk}/revoke/"

    def test_the_examencommissie_revokes(self, world: World):
        reg = maak_registratie(world)
        response = signed_in(world.user(Role.EXAMENCOMMISSIE)).post(
            self.url(reg.pk), {"reden": "Fout"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "ingetrokken"
        assert response.json()["intrekking_reden"] == "Fout"

    def test_no_reason_is_a_structured_400(self, world: World):
        reg = maak_registratie(world)
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        response = client.post(self.url(reg.pk), {}, format="json")
        assert response.status_code == 400 and "reden" in response.json()
        response = client.post(self.url(reg.pk), {"reden": "   "}, format="json")
        assert response.status_code == 400 and "reden" in response.json()
        response = client.post(self.url(reg.pk), {"reden": "x" * 301}, format="json")
        assert response.status_code == 400 and "reden" in response.json()
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.GELDIG

    def test_revoking_twice_is_a_400(self, world: World):
        reg = maak_registratie(world)
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        assert client.post(self.url(reg.pk), {"reden": "Een"}, format="json").status_code == 200
        response = client.post(self.url(reg.pk), {"reden": "Twee"}, format="json")
        assert response.status_code == 400
        assert "non_field_errors" in response.json()

    def test_the_mbo_medewerker_gets_403_whatever_the_input(self, world: World):
        reg = maak_registratie(world)
        client = signed_in(world.user(Role.MBO_MEDEWERKER))
        assert client.post(self.url(reg.pk), {"reden": "x"}, format="json").status_code == 403
        assert client.post(self.url(reg.pk), {}, format="json").status_code == 403

    def test_another_pilots_examencommissie_gets_404(self, world: World):
        reg = maak_registratie(world, "alpha")
        client = signed_in(world.user(Role.EXAMENCOMMISSIE, "beta"))
        assert client.post(self.url(reg.pk), {"reden": "x"}, format="json").status_code == 404


class TestPublicVerificatie:
    def test_a_code_returns_only_the_listed_fields_without_authentication(self, world: World):
        maak_registratie(
            world,
            verificatiecode="ABCDEFGHJKMN",
            houder_naam="Ada Zichtbaar",
            status=RegistratieStatus.INGETROKKEN,
            intrekking_reden="Geheime reden",
        )
        response = APIClient().get(VERIFICATIE, {"code": "abcd-efgh-jkmn"})
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store, private"
        assert response["X-Robots-Tag"] == "noindex"
        data = response.json()
        assert set(data) == {
            "echt", "geldig", "status", "nummer", "verificatiecode", "instelling",
            "uitgegeven_op", "houder_naam", "werkprocessen", "ingetrokken_op", "vervangen_door",
        }  # fmt: skip
        assert data["echt"] is True and data["geldig"] is False
        assert data["status"] == "ingetrokken"
        assert data["houder_naam"] == "Ada Zichtbaar"
        assert set(data["werkprocessen"][0]) == {
            "code", "naam", "kerntaak", "crebo", "kwalificatie", "niveau",
        }  # fmt: skip
        assert "Geheime reden" not in response.content.decode()
        assert "1991" not in response.content.decode()

    def test_an_unknown_or_malformed_code_is_404_and_a_missing_one_400(self, world: World):
        client = APIClient()
        assert client.get(VERIFICATIE, {"code": "ABCDEFGHJKMN"}).status_code == 404
        assert client.get(VERIFICATIE, {"code": "<script>"}).status_code == 404
        response = client.get(VERIFICATIE)
        assert response.status_code == 400 and "code" in response.json()

    def test_code_lookups_are_rate_limited(self, world: World):
        client = APIClient()
        for _ in range(30):
            assert client.get(VERIFICATIE, {"code": "ABCDEFGHJKMN"}).status_code == 404
        assert client.get(VERIFICATIE, {"code": "ABCDEFGHJKMN"}).status_code == 429

    def test_uploads_are_rate_limited(self, world: World):
        client = APIClient()
        for _ in range(10):
            response = client.post(VERIFICATIE, {"pdf": pdf_file(b"no pdf")}, format="multipart")
            assert response.status_code == 200
        response = client.post(VERIFICATIE, {"pdf": pdf_file(b"no pdf")}, format="multipart")
        assert response.status_code == 429

    def test_bad_uploads_are_structured_400s(self, world: World):
        client = APIClient()
        response = client.post(VERIFICATIE, {}, format="multipart")
        assert response.status_code == 400 and "pdf" in response.json()
        response = client.post(VERIFICATIE, {"pdf": "text"}, format="multipart")
        assert response.status_code == 400 and "pdf" in response.json()
        big = pdf_file(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
        response = client.post(VERIFICATIE, {"pdf": big}, format="multipart")
        assert response.status_code == 400 and "pdf" in response.json()
        huge = pdf_file(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))
        response = client.post(VERIFICATIE, {"pdf": huge}, format="multipart")
        # Refused by its Content-Length before it is read (tests/test_body_size.py).
        assert response.status_code == 413 and "detail" in response.json()
        response = client.post(VERIFICATIE, {"code": "x"}, format="json")
        assert response.status_code == 415

    def test_a_non_pdf_upload_is_not_genuine(self, world: World):
        response = APIClient().post(VERIFICATIE, {"pdf": pdf_file(b"GIF89a")}, format="multipart")
        data = response.json()
        assert data["echt"] is False and data["reden"] == "geen_pdf"
        assert data["verklaring"] is None

    def test_a_sealed_pdf_is_genuine_and_one_changed_byte_is_not(self, world: World):
        from praktijkleren.pdf import render_pdf
        from verklaringen.zegel import zegel

        _html, pdf = render_pdf("overeenkomsten/pdf/_style.html", {})
        gezegeld = zegel(pdf, world.alpha.mbo)
        maak_registratie(
            world, houder_naam="Ada Zichtbaar", pdf_sha256=hashlib.sha256(gezegeld).hexdigest()
        )
        client = APIClient()
        data = client.post(VERIFICATIE, {"pdf": pdf_file(gezegeld)}, format="multipart").json()
        assert data["echt"] is True and data["reden"] is None
        assert data["verklaring"]["houder_naam"] == "Ada Zichtbaar"
        assert data["verklaring"]["geldig"] is True
        i = len(gezegeld) // 4
        veranderd = gezegeld[:i] + bytes([gezegeld[i] ^ 0x01]) + gezegeld[i + 1 :]
        data = client.post(VERIFICATIE, {"pdf": pdf_file(veranderd)}, format="multipart").json()
        assert data["echt"] is False and data["verklaring"] is None


def pdf_file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("verklaring.pdf", data, content_type="application/pdf")
