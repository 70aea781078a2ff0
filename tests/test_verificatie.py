"""Public verification: an employer checks a verklaring by its code (typed or from the QR code)
or by uploading the PDF, without an account. Only the listed fields are shown; the page is rate
limited, never cached and not indexed."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.privacy import anonimiseer
from pilots.roles import Role
from verklaringen import verificatie
from verklaringen.constants import RegistratieStatus

from .conftest import World
from .matrix_verklaringen_register import maak_registratie

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def code_url(code: str) -> str:
    return reverse("verificatie-code", args=[code])


class TestZoek:
    def test_a_code_is_found_with_dashes_spaces_and_lower_case(self, world: World):
        reg = maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        assert verificatie.zoek(" abcd-efgh jkmn ") == reg

    def test_a_code_with_characters_outside_the_alphabet_is_rejected_without_a_query(
        self, world: World, django_assert_num_queries: Any
    ):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        with django_assert_num_queries(0):
            assert verificatie.zoek("ABCD-EFGH-JKM0") is None  # zero is not in the alphabet
            assert verificatie.zoek("<script>") is None
            assert verificatie.zoek("") is None
            assert verificatie.zoek("A" * 50) is None

    def test_an_unknown_code_is_none(self, world: World):
        assert verificatie.zoek("ABCDEFGHJKMN") is None


class TestCodePage:
    def test_shows_the_listed_fields_without_login(self, world: World):
        reg = maak_registratie(world, verificatiecode="ABCDEFGHJKMN", houder_naam="Ada Zichtbaar")
        response = english().get(code_url("ABCDEFGHJKMN"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Genuine and valid" in html
        assert "Ada Zichtbaar" in html
        assert world.alpha.mbo.naam in html
        assert "01-03-2027" in html
        assert reg.nummer in html
        assert "ABCD-EFGH-JKMN" in html
        for wp in reg.werkprocessen:
            assert wp["code"] in html and wp["naam"] in html
        assert "25250" in html and "Assistent bouwen, wonen en onderhoud" in html
        assert "Entree" in html

    def test_leaks_nothing_beyond_the_listed_fields(self, world: World):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN", houder_naam="Ada Zichtbaar")
        html = english().get(code_url("ABCDEFGHJKMN")).content.decode()
        deelnemer = world.alpha.deelnemer
        traject = world.alpha.traject
        for geheim in [
            deelnemer.voornaam,  # the dossier's name: only the printed name is shown
            "04-03-1991",
            "1991-03-04",
            "1991",
            world.alpha.pilot.naam,
            world.alpha.leerbedrijf.naam,
            traject.praktijkopleider.last_name,
            "alpha.test",
            "Bouw en infra",  # the domein is not one of the listed fields
        ]:
            assert geheim not in html, geheim

    def test_is_not_cached_nor_indexed(self, world: World):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        for url in (code_url("ABCDEFGHJKMN"), code_url("ABCDEFGHJKMZ"), reverse("verificatie")):
            response = Client().get(url)
            assert "no-store" in response["Cache-Control"]
            assert response["X-Robots-Tag"] == "noindex"

    def test_the_code_from_the_qr_code_works_in_any_spelling(self, world: World):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        assert Client().get(code_url("abcd-efgh-jkmn")).status_code == 200

    def test_an_unknown_code_is_a_clear_not_found_page(self, world: World):
        response = english().get(code_url("ABCDEFGHJKMN"))
        assert response.status_code == 404
        assert "Verklaring not found" in response.content.decode()

    def test_a_malformed_code_is_not_found_and_escaped(self, world: World):
        response = english().get("/verificatie/%3Cb%3Ebold%3C%2Fb%3E/")
        assert response.status_code == 404
        assert "<b>bold</b>" not in response.content.decode()

    def test_a_revoked_verklaring_shows_as_revoked_with_its_date_but_not_the_reason(
        self, world: World
    ):
        maak_registratie(
            world,
            verificatiecode="ABCDEFGHJKMN",
            status=RegistratieStatus.INGETROKKEN,
            ingetrokken_op=timezone.make_aware(timezone.datetime(2027, 5, 6, 10, 0)),
            intrekking_reden="Geheime reden van de examencommissie",
        )
        response = english().get(code_url("ABCDEFGHJKMN"))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-status="ingetrokken"' in html
        assert "Revoked" in html and "06-05-2027" in html
        assert "Genuine and valid" not in html
        assert "Geheime reden" not in html

    def test_a_superseded_verklaring_links_to_the_newer_one(self, world: World):
        nieuw = maak_registratie(world, verificatiecode="NEWCDEFGHJKM")
        maak_registratie(
            world,
            verificatiecode="ABCDEFGHJKMN",
            status=RegistratieStatus.VERVANGEN,
            vervangen_door=nieuw,
        )
        html = english().get(code_url("ABCDEFGHJKMN")).content.decode()
        assert "superseded" in html
        assert f'href="{code_url("NEWCDEFGHJKM")}"' in html

    def test_an_erased_dossier_still_verifies_with_the_name_as_printed(self, world: World):
        deelnemer = world.alpha.deelnemer
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN", houder_naam="Ada Zichtbaar")
        anonimiseer(actor=world.user(Role.PROJECTLEIDER), deelnemer=deelnemer, reden="Verzoek")
        html = english().get(code_url("ABCDEFGHJKMN")).content.decode()
        assert "Genuine and valid" in html and "Ada Zichtbaar" in html

    def test_uses_a_fixed_number_of_queries(self, world: World, django_assert_max_num_queries):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        with django_assert_max_num_queries(3):
            assert Client().get(code_url("ABCDEFGHJKMN")).status_code == 200

    def test_too_many_lookups_from_one_address_get_a_wait_page(self, world: World):
        maak_registratie(world, verificatiecode="ABCDEFGHJKMN")
        client = english()
        for _ in range(30):
            assert client.get(code_url("ABCDEFGHJKMN")).status_code == 200
        response = client.get(code_url("ABCDEFGHJKMN"))
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        # Another address is not limited.
        assert client.get(code_url("ABCDEFGHJKMN"), REMOTE_ADDR="10.0.0.9").status_code == 200


class TestFormPage:
    def test_the_form_works_without_login(self, world: World):
        response = english().get(reverse("verificatie"))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="code"' in html and 'name="pdf"' in html
        assert 'enctype="multipart/form-data"' in html

    def test_entering_a_code_opens_its_page(self, world: World):
        response = Client().get(reverse("verificatie"), {"code": "abcd efgh-jkmn"})
        assert response.status_code == 302
        assert response["Location"] == code_url("ABCDEFGHJKMN")

    def test_a_code_with_wrong_characters_is_explained(self, world: World):
        response = english().get(reverse("verificatie"), {"code": "OOOO-1111"})
        assert response.status_code == 400
        assert "not a valid verification code" in response.content.decode()


def pdf_upload(data: bytes, name: str = "verklaring.pdf") -> dict[str, Any]:
    return {"pdf": SimpleUploadedFile(name, data, content_type="application/pdf")}


def upload(client: Client, data: bytes) -> Any:
    return client.post(reverse("verificatie"), pdf_upload(data))


class TestUploadLimits:
    def test_a_file_over_10_mb_is_refused_with_a_clear_message(self, world: World):
        response = upload(english(), b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
        assert response.status_code == 400
        assert "larger than 10 MB" in response.content.decode()

    def test_a_much_larger_upload_is_refused_before_it_is_read(self, world: World):
        # By its Content-Length, before CSRF reads it (tests/test_body_size.py).
        response = english().post(
            reverse("verificatie"),
            pdf_upload(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)),
        )
        assert response.status_code == 413
        assert "The file is too large: at most 10 MB." in response.content.decode()

    def test_the_service_refuses_over_10_mb_too(self, world: World):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            verificatie.controleer_pdf(b"x" * (verificatie.MAX_PDF_BYTES + 1))

    def test_no_file_is_a_form_error(self, world: World):
        response = english().post(reverse("verificatie"), {})
        assert response.status_code == 400

    def test_a_file_that_is_not_a_pdf_is_not_genuine(self, world: World):
        response = upload(english(), b"GIF89a not a pdf at all")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-reden="geen_pdf"' in html
        assert "not a PDF" in html

    def test_garbage_after_a_pdf_header_never_breaks_the_page(self, world: World):
        response = upload(english(), b"%PDF-1.7\n\x00\xff garbage " * 50)
        assert response.status_code == 200
        assert 'data-echt="false"' in response.content.decode()

    def test_too_many_uploads_from_one_address_get_a_wait_page(self, world: World):
        client = english()
        for _ in range(10):
            assert upload(client, b"not a pdf").status_code == 200
        # django-ratelimit counts in fixed one-minute windows: when the uploads straddle the edge
        # of one, counting starts again, and the wait page comes at most 10 uploads later.
        for _ in range(11):
            response = upload(client, b"not a pdf")
            if response.status_code != 200:
                break
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()


# --- with a real sealed PDF (pyHanko) ---------------------------------------------------------


@pytest.fixture
def gezegeld(world: World) -> bytes:
    from praktijkleren.pdf import render_pdf
    from verklaringen.zegel import zegel

    _html, pdf = render_pdf("overeenkomsten/pdf/_style.html", {})
    return zegel(pdf, world.alpha.mbo)


def een_byte_anders(pdf: bytes) -> bytes:
    """The same PDF with one byte of the sealed content changed."""
    i = len(pdf) // 4
    return pdf[:i] + bytes([pdf[i] ^ 0x01]) + pdf[i + 1 :]


class TestUploadSealedPdf:
    def test_the_issued_pdf_is_genuine_and_shows_the_register_entry(
        self, world: World, gezegeld: bytes
    ):
        from verklaringen.zegel import controleer_zegel

        maak_registratie(
            world,
            verificatiecode="ABCDEFGHJKMN",
            houder_naam="Ada Zichtbaar",
            pdf_sha256=hashlib.sha256(gezegeld).hexdigest(),
        )
        zegel = controleer_zegel(gezegeld)
        assert zegel.gezegeld and zegel.intact and zegel.vertrouwd
        response = upload(english(), gezegeld)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-pdf-uitslag data-echt="true"' in html
        assert "The PDF is genuine" in html
        assert "Ada Zichtbaar" in html and "Genuine and valid" in html

    def test_one_changed_byte_breaks_the_seal_and_the_page_agrees_with_pyhanko(
        self, world: World, gezegeld: bytes
    ):
        from verklaringen.zegel import controleer_zegel

        maak_registratie(
            world, verificatiecode="ABCDEFGHJKMN", pdf_sha256=hashlib.sha256(gezegeld).hexdigest()
        )
        veranderd = een_byte_anders(gezegeld)
        assert not controleer_zegel(veranderd).intact
        uitslag = verificatie.controleer_pdf(veranderd)
        assert uitslag["echt"] is False
        assert uitslag["reden"] in (verificatie.ZEGEL_VERBROKEN, verificatie.GEEN_ZEGEL)
        html = upload(english(), veranderd).content.decode()
        assert 'data-pdf-uitslag data-echt="false"' in html
        assert "The PDF is not genuine" in html
        assert "Ada" not in html  # nothing of the register entry is shown

    def test_a_revoked_verklaring_uploaded_shows_as_revoked(self, world: World, gezegeld: bytes):
        maak_registratie(
            world,
            verificatiecode="ABCDEFGHJKMN",
            pdf_sha256=hashlib.sha256(gezegeld).hexdigest(),
            status=RegistratieStatus.INGETROKKEN,
            ingetrokken_op=timezone.now(),
            intrekking_reden="Geheime reden",
        )
        html = upload(english(), gezegeld).content.decode()
        assert 'data-status="ingetrokken"' in html and "Revoked" in html
        assert "Geheime reden" not in html

    def test_a_sealed_pdf_that_is_not_in_the_register_is_not_genuine(
        self, world: World, gezegeld: bytes
    ):
        uitslag = verificatie.controleer_pdf(gezegeld)
        assert uitslag["reden"] == verificatie.NIET_IN_REGISTER and not uitslag["echt"]

    def test_an_unsealed_pdf_is_not_genuine(self, world: World):
        from praktijkleren.pdf import render_pdf

        _html, pdf = render_pdf("overeenkomsten/pdf/_style.html", {})
        maak_registratie(world, pdf_sha256=hashlib.sha256(pdf).hexdigest())
        uitslag = verificatie.controleer_pdf(pdf)
        assert uitslag["reden"] == verificatie.GEEN_ZEGEL and not uitslag["echt"]
