"""Coded choices (issue 12): a participant's target groups (several), the kind of alternative an
advice names, and the reason a praktijkverklaring needs when the candidate has a usable
startkwalificatie. Bad input is a Dutch message (a structured 400 in the API) and stores nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from rest_framework.test import APIClient

from deelnemers.constants import Doelgroep
from deelnemers.models import Deelnemer
from deelnemers.privacy import anonimiseer, inzage
from deelnemers.services import registreer_deelnemer
from intake.models import Advies, Intake
from intake.services import geef_advies
from pilots.roles import Role

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/deelnemers/aanmelden/"
SEED_GROUPS = {
    "participatiewet", "ww", "nug", "wajong_wia", "nieuwkomer", "doelgroepregister", "sw",
    "zonder_startkwalificatie", "jongere_16_17",
}  # fmt: skip
REASON_NEEDED = (
    "The intake records a usable startkwalificatie, and the praktijkverklaring is meant mainly "
    "for candidates without one. Explain why a praktijkverklaring still fits this candidate (for "
    "example little confidence in their own learning after negative school experiences, or only "
    "open to learning on the job)."
)


def nl(msgid: str, **params: object) -> str:
    with override("nl"):
        text = gettext(msgid)
    assert text != msgid, f"no Dutch translation for {msgid!r}"
    return text % params if params else text


def referral(**changes: object) -> dict:
    data = {
        "voornaam": "Samira", "achternaam": "Doelgroep", "geboortedatum": "1990-03-04",
        "email": "samira@example.test", "situatie": "werkzoekend", "uitkering": "bijstand",
        "doelgroepen": ["nieuwkomer", "participatiewet"], "toestemming": "on",
    }  # fmt: skip
    data.update(changes)
    return data


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_body(**changes: object) -> dict:
    data = {
        "pilot": "alpha", "voornaam": "Api", "achternaam": "Doelgroep",
        "geboortedatum": "1992-02-02", "email": "api@example.test", "situatie": "werkend",
        "toestemming": True,
    }  # fmt: skip
    data.update(changes)
    return data


class TestDoelgroepen:
    def test_the_choices_are_the_groups_of_the_seeds(self):
        assert set(Doelgroep.values) == SEED_GROUPS

    def test_several_target_groups_are_stored_and_shown_on_the_dossier(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        form = client.get(reverse("deelnemers:aanmelden")).content.decode()
        assert 'type="checkbox" name="doelgroepen" value="doelgroepregister"' in form
        assert nl("Target groups (tick all that apply)") in form
        response = client.post(reverse("deelnemers:aanmelden"), referral())
        d = Deelnemer.objects.get(achternaam="Doelgroep")
        assert response["Location"] == d.get_absolute_url()
        # stored as codes, in the order of the list of choices
        assert d.doelgroepen == ["participatiewet", "nieuwkomer"]
        html = client.get(d.get_absolute_url()).content.decode()
        shown = nl("Participatiewet (social assistance)") + ", " + nl("Newcomer / inburgeraar")
        assert f'<dd data-field="doelgroepen">{shown}</dd>' in html

    def test_no_target_group_is_fine(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        data = referral()
        del data["doelgroepen"]
        client.post(reverse("deelnemers:aanmelden"), data)
        d = Deelnemer.objects.get(achternaam="Doelgroep")
        assert d.doelgroepen == []
        assert (
            '<dd data-field="doelgroepen">-</dd>'
            in client.get(d.get_absolute_url()).content.decode()
        )

    def test_an_unknown_code_in_the_form_is_refused_in_dutch(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        response = client.post(
            reverse("deelnemers:aanmelden"), referral(doelgroepen=["ww", "statushouder"])
        )
        assert response.status_code == 200
        assert (
            nl("Unknown target group: %(value)s. Tick the target groups in the list.",
               value="statushouder")
            in response.content.decode()
        )  # fmt: skip
        assert not Deelnemer.objects.filter(achternaam="Doelgroep").exists()

    def test_the_api_takes_a_list_of_codes(self, world):
        client = api(world.user(Role.VERWIJZER))
        response = client.post(
            API_URL, api_body(doelgroepen=["jongere_16_17", "ww", "ww"]), format="json"
        )
        assert response.status_code == 201, response.json()
        assert response.json()["doelgroepen"] == ["ww", "jongere_16_17"]
        d = Deelnemer.objects.get(achternaam="Doelgroep")
        assert d.doelgroepen == ["ww", "jongere_16_17"]
        detail = client.get(f"/api/v1/deelnemers/{d.pk}/").json()
        assert detail["doelgroepen"] == ["ww", "jongere_16_17"]

    @pytest.mark.parametrize(
        ("doelgroepen", "message"),
        [
            (["ww", "onzin"], "Unknown target group: %(codes)s. Choose from: %(keuze)s."),
            ("ww", "Give the target groups as a list of codes."),
        ],
    )
    def test_an_unknown_code_in_the_api_is_a_structured_400(self, world, doelgroepen, message):
        client = api(world.user(Role.VERWIJZER))
        response = client.post(
            API_URL, api_body(doelgroepen=doelgroepen), format="json", HTTP_ACCEPT_LANGUAGE="nl"
        )
        assert response.status_code == 400
        body = response.json()
        assert list(body) == ["doelgroepen"]
        if "%(codes)s" in message:
            expected = nl(message, codes="onzin", keuze=", ".join(Doelgroep.values))
            assert body["doelgroepen"] == [expected]
            assert "participatiewet" in expected and expected.startswith("Onbekende doelgroep")
        else:
            assert body["doelgroepen"]  # DRF's own list check or ours, both per field
        assert not Deelnemer.objects.filter(achternaam="Doelgroep").exists()

    def test_the_personal_data_form_ticks_and_changes_the_groups(self, client, world):
        d = world.alpha.deelnemer
        Deelnemer.objects.filter(pk=d.pk).update(doelgroepen=["sw"])
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("deelnemers:persoonsgegevens", args=[d.pk])
        html = client.get(url).content.decode()
        assert 'name="doelgroepen" value="sw" id="id_doelgroepen_6" checked' in html
        data = {
            "voornaam": d.voornaam, "achternaam": d.achternaam,
            "geboortedatum": d.geboortedatum.isoformat(), "geslacht": d.geslacht,
            "email": "x@example.test", "situatie": "werkend", "uitkering": "geen",
            "doelgroepen": ["wajong_wia", "doelgroepregister"],
        }  # fmt: skip
        assert client.post(url, data).status_code == 302
        d.refresh_from_db()
        assert d.doelgroepen == ["wajong_wia", "doelgroepregister"]
        response = client.post(url, {**data, "doelgroepen": ["gedetineerde"]})
        assert (
            nl("Unknown target group: %(value)s. Tick the target groups in the list.",
               value="gedetineerde")
            in response.content.decode()
        )  # fmt: skip
        d.refresh_from_db()
        assert d.doelgroepen == ["wajong_wia", "doelgroepregister"]

    def test_the_service_refuses_an_unknown_code(self, world):
        with pytest.raises(ValidationError):
            registreer_deelnemer(
                actor=None, pilot=world.alpha.pilot, voornaam="X", achternaam="Doelgroep",
                geboortedatum=timezone.localdate().replace(year=1990),
                aangemeld_op=timezone.localdate(), doelgroepen=["vsv"],
            )  # fmt: skip
        assert not Deelnemer.objects.filter(achternaam="Doelgroep").exists()

    def test_inzage_lists_the_groups_and_anonymising_keeps_them_for_the_monitor(self, world):
        d = world.alpha.deelnemer
        Deelnemer.objects.filter(pk=d.pk).update(doelgroepen=["nug", "sw"])
        d.refresh_from_db()
        assert inzage(d)["deelnemer"]["doelgroepen"] == ["nug", "sw"]
        anonimiseer(actor=None, deelnemer=d, reden="Verzoek van de deelnemer")
        d.refresh_from_db()
        assert d.doelgroepen == ["nug", "sw"]


def advice(**changes: object) -> dict:
    data = {
        "route": "alternatief", "alternatief_soort": "taal", "alternatief": "NT2 bij de gemeente",
        "onderbouwing": "Eerst de taal", "volgende_stap": "Aanmelden voor taalles",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class TestAlternatief:
    def test_a_coded_alternative_with_free_text_is_stored_and_shown(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        d = world.alpha.deelnemer
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        form = client.get(reverse("intake:advies", args=[d.pk])).content.decode()
        assert '<option value="werkfit">Werkfit-traject</option>' in form
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("intake:advies", args=[d.pk]), advice())
        assert response.status_code == 302
        a = Advies.objects.get(deelnemer=d)
        assert (a.alternatief_soort, a.alternatief) == ("taal", "NT2 bij de gemeente")
        html = client.get(d.get_absolute_url()).content.decode()
        assert f"{nl('Language lessons')} - NT2 bij de gemeente" in html
        # the verwijzer (who arranges language lessons or a werkfit-traject) hears which
        body = mailoutbox[-1].body
        assert "NT2 bij de gemeente" in body
        detail = api(world.user(Role.VERWIJZER)).get(f"/api/v1/deelnemers/{d.pk}/").json()
        assert detail["advies"]["alternatief_soort"] == "taal"
        rows = api(world.user(Role.MBO_MEDEWERKER)).get("/api/v1/adviezen/").json()["results"]
        assert rows[0]["alternatief_soort"] == "taal"

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            (
                {"alternatief_soort": ""},
                "alternatief_soort",
                "Choose which alternative is advised: werkfit-traject, language lessons, Entree "
                "or other.",
            ),
            (
                {"alternatief_soort": "anders", "alternatief": ""},
                "alternatief",
                "Describe the other alternative that is advised.",
            ),
            (
                {"route": "diploma", "alternatief_soort": "werkfit"},
                "alternatief_soort",
                "A kind of alternative belongs to the alternative route only: choose the route "
                "'Alternative route' or leave the kind of alternative empty.",
            ),
        ],
    )
    def test_an_incomplete_alternative_is_refused_in_dutch(
        self, client, world, changes, field, message
    ):
        d = world.alpha.deelnemer
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(reverse("intake:advies", args=[d.pk]), advice(**changes))
        assert response.status_code == 200
        html = response.content.decode()
        assert nl(message).replace("'", "&#x27;") in html
        assert not Advies.objects.filter(deelnemer=d).exists()

    def test_other_with_its_free_text_is_accepted(self, world):
        d = world.alpha.deelnemer
        a = geef_advies(
            actor=world.user(Role.MBO_MEDEWERKER), deelnemer=d, route="alternatief",
            alternatief_soort="anders", alternatief="Schuldhulpverlening eerst",
            onderbouwing="Eerst rust", volgende_stap="Contact met de gemeente",
        )  # fmt: skip
        assert (a.alternatief_soort, a.alternatief) == ("anders", "Schuldhulpverlening eerst")

    def test_an_unknown_kind_is_refused_by_the_service(self, world):
        with pytest.raises(ValidationError) as exc:
            geef_advies(
                actor=None, deelnemer=world.alpha.deelnemer, route="alternatief",
                alternatief_soort="cursus", onderbouwing="x", volgende_stap="y",
            )  # fmt: skip
        assert "alternatief_soort" in exc.value.message_dict
        assert not Advies.objects.exists()

    def test_inzage_has_the_kind_and_anonymising_keeps_only_the_kind(self, world):
        d = world.alpha.deelnemer
        geef_advies(
            actor=None, deelnemer=d, route="alternatief", alternatief_soort="werkfit",
            alternatief="Werkfit bij Werkom", onderbouwing="x", volgende_stap="y",
        )  # fmt: skip
        row = inzage(d)["adviezen"][0]
        assert (row["alternatief_soort"], row["alternatief"]) == ("werkfit", "Werkfit bij Werkom")
        anonimiseer(actor=None, deelnemer=d, reden="Verzoek")
        a = Advies.objects.get(deelnemer=d)
        assert (a.alternatief_soort, a.alternatief) == ("werkfit", "")


class TestPraktijkverklaringMetStartkwalificatie:
    def intake(self, d: Deelnemer, startkwalificatie: str) -> Intake:
        return Intake.objects.create(
            deelnemer=d, gepland_op=timezone.now(), startkwalificatie=startkwalificatie,
            vastgelegd_op=timezone.now(),
        )  # fmt: skip

    def post(self, client, d: Deelnemer, **changes: object):
        data = {
            "route": "praktijkverklaring", "onderbouwing": "Leert het best in de praktijk",
            "volgende_stap": "Leerbaan zoeken",
        }  # fmt: skip
        data.update(changes)
        return client.post(reverse("intake:advies", args=[d.pk]), data)

    def test_without_a_reason_it_is_refused_and_says_why(self, client, world):
        d = world.alpha.deelnemer
        self.intake(d, "aanwezig")
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        form = client.get(reverse("intake:advies", args=[d.pk])).content.decode()
        assert 'data-role="startkwalificatie"' in form
        response = self.post(client, d)
        assert response.status_code == 200
        assert nl(REASON_NEEDED) in response.content.decode()
        assert "bruikbare startkwalificatie" in nl(REASON_NEEDED)
        assert not Advies.objects.filter(deelnemer=d).exists()

    def test_with_a_reason_it_is_accepted_and_the_mbo_sees_the_reason(self, client, world):
        d = world.alpha.deelnemer
        self.intake(d, "aanwezig")
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        reden = "Diploma van 1998, weinig vertrouwen in leren op school"
        assert self.post(client, d, reden_praktijkverklaring=reden).status_code == 302
        a = Advies.objects.get(deelnemer=d)
        assert (a.route, a.reden_praktijkverklaring) == ("praktijkverklaring", reden)
        assert reden in client.get(d.get_absolute_url()).content.decode()
        client.force_login(world.user(Role.VERWIJZER))
        assert reden not in client.get(d.get_absolute_url()).content.decode()
        assert inzage(d)["adviezen"][0]["reden_praktijkverklaring"] == reden

    @pytest.mark.parametrize("startkwalificatie", ["geen", "verouderd", ""])
    def test_no_reason_is_asked_without_a_usable_startkwalificatie(
        self, client, world, startkwalificatie
    ):
        d = world.alpha.deelnemer
        self.intake(d, startkwalificatie)
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        assert self.post(client, d).status_code == 302

    def test_a_diploma_advice_needs_no_reason_and_keeps_none(self, world):
        d = world.alpha.deelnemer
        intake = self.intake(d, "aanwezig")
        a = geef_advies(
            actor=None, deelnemer=d, intake=intake, route="diploma", onderbouwing="Kan het aan",
            volgende_stap="bbl", reden_praktijkverklaring="niet van toepassing",
        )  # fmt: skip
        assert a.reden_praktijkverklaring == ""
