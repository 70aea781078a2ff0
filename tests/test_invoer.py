"""Input that would hurt later is refused with a Dutch message, and nothing is stored (issue 13,
item 5): implausible dates, control characters in names and texts that reach a PDF or an
e-mail, phone numbers that are not phone numbers, broken import files, and the referral form
for a user without a membership."""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override
from rest_framework.test import APIClient

from deelnemers.models import Deelnemer
from intake.models import Intake
from intake.services import plan_intake
from monitoring.importeren import importeer_praktijkloket
from pilots.models import Organisatie, Pilot
from pilots.roles import Role
from pilots.services import maak_organisatie
from praktijkleren.importing import ImportErrors, read_csv
from praktijkleren.validators import (
    controleer_invoer,
    geen_stuurtekens,
    geen_stuurtekens_tekst,
    redelijke_datum,
    telefoonnummer,
)
from tests.factories import UserFactory
from trajecten.models import Traject

from .shared_formats import EXAMPLE
from .test_aanmelding import referral
from .test_trajecten import form as traject_form
from .test_trajecten import werkprocessen

pytestmark = pytest.mark.django_db

REGEL = (
    "This text contains a line break or another control character. Enter it on one line, "
    "without special characters."
)
DATUM = "%(datum)s is not a plausible date: enter a date between %(min)d and %(max)d."
TELEFOON = (
    "“%(nummer)s” is not a valid phone number. Enter a Dutch number such as 06 12345678 or "
    "020 1234567, or a foreign number with its country code (+32 …)."
)


def nl(msgid: str, **args: object) -> str:
    with override("nl"):
        text = gettext(msgid)
    assert text != msgid, f"no Dutch translation for {msgid!r}"
    return text % args if args else text


def datum_nl(d: str) -> str:
    return nl(DATUM, datum=d, min=1900, max=2100)


# --- the kernel validators ------------------------------------------------------------------------


class TestValidators:
    @pytest.mark.parametrize("d", [date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
    def test_a_date_outside_1900_2100_is_refused(self, d):
        with pytest.raises(ValidationError):
            redelijke_datum(d)

    @pytest.mark.parametrize("d", [date(1900, 1, 1), date(2100, 12, 31), None])
    def test_the_edges_and_no_date_are_fine(self, d):
        redelijke_datum(d)

    @pytest.mark.parametrize(
        "text", ["Fa\r\ntima", "Fatima\n", "Fa\ttima", "Fa\x00tima", "Fa\x1btima", "Fa\x85tima",
                 "Fa\u2028tima", "Fa\x7ftima"],
    )  # fmt: skip
    def test_one_line_text_refuses_every_control_character(self, text):
        with pytest.raises(ValidationError):
            geen_stuurtekens(text)

    def test_multi_line_text_keeps_line_breaks_and_tabs_only(self):
        geen_stuurtekens_tekst("Eerste regel\r\nTweede\tregel\n")
        geen_stuurtekens("Zoë O'Brien-van der Berg")
        with pytest.raises(ValidationError):
            geen_stuurtekens_tekst("Eerste\x00regel")

    @pytest.mark.parametrize(
        ("invoer", "opgeslagen"),
        [("06 12345678", "+31612345678"), ("020-1234567", "+31201234567"),
         ("+32 470 12 34 56", "+32470123456"), ("0031 6 12345678", "+31612345678"), ("", "")],
    )  # fmt: skip
    def test_a_phone_number_is_stored_as_e164(self, invoer, opgeslagen):
        assert telefoonnummer(invoer) == opgeslagen

    @pytest.mark.parametrize(
        "invoer", ["abc", "12", "06 1234", "+31 6 12345678 999", "0612\n345678"]
    )
    def test_what_is_not_a_phone_number_is_refused(self, invoer):
        with pytest.raises(ValidationError):
            telefoonnummer(invoer)

    def test_controleer_invoer_names_each_field(self):
        with pytest.raises(ValidationError) as exc:
            controleer_invoer(
                {"naam": "A\nB", "tekst": "ok\nok", "datum": date(1850, 1, 1)},
                regels=["naam"], teksten=["tekst"], datums=["datum", "ontbreekt"],
            )  # fmt: skip
        assert sorted(exc.value.message_dict) == ["datum", "naam"]


# --- the referral: form and API -----------------------------------------------------------------


class TestReferral:
    url = staticmethod(lambda: reverse("deelnemers:aanmelden"))

    def post(self, client, world, **changes):
        client.force_login(world.user(Role.VERWIJZER))
        return client.post(self.url(), referral(**changes), HTTP_ACCEPT_LANGUAGE="nl")

    def test_a_date_of_birth_in_1850_is_refused(self, client, world):
        response = self.post(client, world, geboortedatum="1850-06-02")
        assert response.status_code == 200
        assert escape(datum_nl("02-06-1850")) in response.content.decode()
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()

    def test_a_line_break_in_the_first_name_is_refused(self, client, world, mailoutbox):
        response = self.post(client, world, voornaam="Fa\r\nBcc: iedereen@example.test")
        assert escape(nl(REGEL)) in response.content.decode()
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()
        assert mailoutbox == []

    def test_abc_as_phone_number_is_refused(self, client, world):
        response = self.post(client, world, telefoon="abc")
        assert escape(nl(TELEFOON, nummer="abc")) in response.content.decode()
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()

    def test_a_phone_number_is_stored_normalised(self, client, world):
        response = self.post(client, world, telefoon="06-12 34 56 78")
        assert response.status_code == 302
        assert Deelnemer.objects.get(achternaam="Ouali").telefoon == "+31612345678"

    def test_a_user_without_a_membership_gets_403(self, client, world):
        client.force_login(UserFactory(email="zonder@lidmaatschap.test"))
        assert client.get(self.url()).status_code == 403
        assert client.post(self.url(), referral()).status_code == 403
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()


class TestReferralApi:
    def post(self, world, **changes):
        api = APIClient()
        api.force_authenticate(world.user(Role.VERWIJZER))
        body = {**referral(toestemming=True), "pilot": "alpha", **changes}
        return api.post(
            "/api/v1/deelnemers/aanmelden/", body, format="json", HTTP_ACCEPT_LANGUAGE="nl"
        )

    @pytest.mark.parametrize(
        ("changes", "veld", "bericht"),
        [
            ({"voornaam": "Fa\r\ntima"}, "voornaam", lambda: nl(REGEL)),
            ({"achternaam": "Ou\x1bali"}, "achternaam", lambda: nl(REGEL)),
            ({"telefoon": "abc"}, "telefoon", lambda: nl(TELEFOON, nummer="abc")),
            ({"geboortedatum": "1850-06-02"}, "geboortedatum", lambda: datum_nl("02-06-1850")),
        ],
    )
    def test_bad_input_is_a_400_with_the_dutch_message(self, world, changes, veld, bericht):
        response = self.post(world, **changes)
        assert response.status_code == 400, response.content
        assert bericht() in response.json()[veld]
        assert not Deelnemer.objects.filter(achternaam__startswith="Ou").exists()


# --- personal data, traject, intake, organisation -----------------------------------------------


def test_the_personal_data_form_refuses_a_line_break_in_the_first_name(client, world):
    d = world.alpha.deelnemer
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    url = reverse("deelnemers:persoonsgegevens", args=[d.pk])
    data = {
        "voornaam": "Ada\nlpha", "achternaam": d.achternaam, "geboortedatum": "1990-01-01",
        "geslacht": d.geslacht, "email": "ada@example.test", "telefoon": "abc",
        "situatie": "werkzoekend", "uitkering": "geen",
    }  # fmt: skip
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 200
    assert escape(nl(REGEL)) in html
    assert escape(nl(TELEFOON, nummer="abc")) in html
    d.refresh_from_db()
    assert d.voornaam == "Adaalpha" and d.telefoon != "abc"


def test_a_planned_end_date_of_9999_12_31_is_refused(client, world):
    wps = werkprocessen(1)
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    deelnemer = world.alpha.other_deelnemer
    response = client.post(
        reverse("trajecten:traject-create", args=[deelnemer.pk]),
        traject_form(world, wps, geplande_einddatum="9999-12-31"),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert escape(datum_nl("31-12-9999")) in response.content.decode()
    assert not Traject.objects.filter(deelnemer=deelnemer).exists()


def test_an_intake_more_than_a_year_ahead_is_refused(world):
    d = world.alpha.other_deelnemer
    with pytest.raises(ValidationError) as exc:
        plan_intake(
            actor=world.user(Role.MBO_MEDEWERKER),
            deelnemer=d,
            gepland_op=timezone.now() + timedelta(days=400),
        )
    assert "gepland_op" in exc.value.message_dict
    assert not Intake.objects.filter(deelnemer=d).exists()


def test_the_intake_form_refuses_a_date_in_2062(client, world):
    d = world.alpha.other_deelnemer
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    response = client.post(
        reverse("intake:plan", args=[d.pk]),
        {"gepland_op": "2062-03-01T10:00", "met_kandidaat": "on"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    with override("nl"):
        assert "Plan de intake binnen een jaar" in response.content.decode()
    assert not Intake.objects.filter(deelnemer=d).exists()


def test_an_organisation_name_with_a_line_break_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        maak_organisatie(
            actor=world.beheerder,
            data={"naam": "Bakkerij\r\nDe Korst", "soort": "leerbedrijf", "plaats": "Utrecht"},
        )
    assert list(exc.value.message_dict) == ["naam"]
    assert not Organisatie.objects.filter(naam__startswith="Bakkerij").exists()


# --- imports ------------------------------------------------------------------------------------


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    folder.mkdir()
    for name in ["pilots.csv", "kwalificaties.csv", "deelnemers.csv", "verklaringen.csv"]:
        shutil.copy(EXAMPLE / name, folder / name)
    return folder


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


class TestImport:
    def test_a_nul_byte_and_an_over_limit_cell_are_row_errors_and_nothing_is_stored(self, example):
        rows = _rows(example / "deelnemers.csv")
        header = rows[0]
        rows[1][header.index("voornaam")] = "Ada\x00"
        rows[2][header.index("achternaam")] = "x" * (csv.field_size_limit() + 1)
        rows[3][header.index("voornaam")] = "Jan\x0bPiet"
        _write(example / "deelnemers.csv", rows)
        result = importeer_praktijkloket(map=example)
        assert "deelnemers.csv:2: voornaam: contains a NUL byte; export the file again as CSV " \
            "(UTF-8)" in result.errors  # fmt: skip
        assert (
            f"deelnemers.csv:3: -: a cell is longer than {csv.field_size_limit()} characters "
            "(the limit for one cell); shorten it" in result.errors
        )
        assert (
            "deelnemers.csv:4: voornaam: contains a control character; remove it" in result.errors
        )
        assert not Pilot.objects.exists() and not Deelnemer.objects.exists()

    def test_a_date_outside_1900_2100_in_an_import_is_a_row_error(self, example):
        rows = _rows(example / "deelnemers.csv")
        rows[1][rows[0].index("geboortedatum")] = "1850-01-01"
        _write(example / "deelnemers.csv", rows)
        result = importeer_praktijkloket(map=example)
        assert "deelnemers.csv:2: geboortedatum: '1850-01-01' is not between 1900 and 2100" in (
            result.errors
        )
        assert not Deelnemer.objects.exists()

    def test_the_reader_goes_on_after_a_broken_line(self, tmp_path):
        path = tmp_path / "t.csv"
        big = "y" * (csv.field_size_limit() + 5)
        path.write_text(f"a,b\n1,2\n3,{big}\n4,\x005\n6,7\n", encoding="utf-8")
        errors = ImportErrors("t.csv")
        rows = list(read_csv(path, required=["a", "b"], errors=errors))
        assert [r.line for r in rows] == [2, 5]
        assert [m.split(": ")[0] + ": " + m.split(": ")[1] for m in errors.messages] == [
            "t.csv:3: -", "t.csv:4: b",
        ]  # fmt: skip
        assert "\x00" not in "".join(errors.messages)

    def test_an_over_limit_header_in_a_kwalificaties_file_is_an_error(self, tmp_path):
        from kwalificaties.bestanden import Tabellen, header

        path = tmp_path / "kwalificaties.csv"
        path.write_text("x" * (csv.field_size_limit() + 1) + "\n1\n", encoding="utf-8")
        assert header(path) == []
        with Tabellen(path) as t:
            errors = ImportErrors("kwalificaties.csv")
            assert t.rows(0, ["crebo"], [], errors) == []
        assert errors.messages and errors.messages[0].startswith("kwalificaties.csv:1: -: ")
