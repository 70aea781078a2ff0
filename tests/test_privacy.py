"""AVG: history of personal-data changes, inzage export (JSON, PDF), anonymising on request and
after the retention period."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from deelnemers.privacy import anonimiseer_verlopen, months_ago
from intake.models import Advies, Intake
from pilots.roles import Role
from praktijkleren.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate  # read per use: a run may cross midnight


def personal(d: Deelnemer, **changes: object) -> dict:
    data = {
        "voornaam": d.voornaam, "achternaam": d.achternaam, "geboortedatum": d.geboortedatum.isoformat(),
        "geslacht": d.geslacht, "email": d.email, "telefoon": "0612345678", "situatie": "werkzoekend",
        "uitkering": "geen", "doelgroepen": ["ww"], "wens": "", "voorkeur_sector": "", "voorkeur_leerbedrijf": "",
    }  # fmt: skip
    data.update(changes)
    return data


def with_intake_and_advice(d: Deelnemer) -> None:
    Intake.objects.create(
        deelnemer=d, gepland_op=timezone.now(), notities="Vertrouwelijke intakenotitie"
    )
    Advies.objects.create(
        deelnemer=d,
        route="praktijkverklaring",
        onderbouwing="Onderbouwing Q",
        volgende_stap="Leerbaan",
    )


class TestHistory:
    def test_a_change_of_personal_data_is_kept_with_who_and_what(self, client, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        d = world.alpha.deelnemer
        client.force_login(mbo)
        response = client.post(
            reverse("deelnemers:persoonsgegevens", args=[d.pk]),
            personal(d, achternaam="Nieuwenhuis"),
        )
        assert response.status_code == 302
        event = AuditEvent.objects.get(action="deelnemer.persoonsgegevens", object_id=str(d.pk))
        assert event.actor == mbo
        assert event.changes["achternaam"] == ["Zichtbaar", "Nieuwenhuis"]
        html = client.get(reverse("deelnemers:persoonsgegevens", args=[d.pk])).content.decode()
        assert "Zichtbaar" in html and "Nieuwenhuis" in html

    def test_a_future_date_of_birth_is_refused_and_nothing_changes(self, client, world):
        d = world.alpha.deelnemer
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(
            reverse("deelnemers:persoonsgegevens", args=[d.pk]),
            personal(
                d, geboortedatum=(TODAY() + timedelta(days=1)).isoformat(), achternaam="Anders"
            ),
        )
        assert "De geboortedatum ligt in de toekomst." in response.content.decode()
        d.refresh_from_db()
        assert d.achternaam == "Zichtbaar"


class TestInzage:
    def test_the_json_export_holds_everything_about_the_participant(self, client, world):
        d = world.alpha.deelnemer
        with_intake_and_advice(d)
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.get(reverse("deelnemers:inzage-export", args=[d.pk, "json"]))
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert data["deelnemer"]["voornaam"] == "Adaalpha"
        assert data["intakes"][0]["notities"] == "Vertrouwelijke intakenotitie"
        assert data["adviezen"][0]["onderbouwing"] == "Onderbouwing Q"

    def test_the_pdf_export_is_a_real_pdf_with_the_data(self, client, world):
        d = world.alpha.deelnemer
        with_intake_and_advice(d)
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.get(reverse("deelnemers:inzage-export", args=[d.pk, "pdf"]))
        assert response["Content-Type"] == "application/pdf"
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Adaalpha" in text and "Vertrouwelijke intakenotitie" in text

    def test_an_unknown_format_is_not_found(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.get(
            reverse("deelnemers:inzage-export", args=[world.alpha.deelnemer.pk, "xml"])
        )
        assert response.status_code == 404


class TestAnonymise:
    def test_anonymising_removes_identity_and_notes_but_keeps_what_monitoring_needs(
        self, client, world
    ):
        d = world.alpha.deelnemer
        with_intake_and_advice(d)
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        client.post(
            reverse("deelnemers:persoonsgegevens", args=[d.pk]), personal(d, achternaam="Oudenaam")
        )
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("deelnemers:anonimiseer", args=[d.pk]),
            {"reden": "Verzoek deelnemer", "bevestig": "on"},
        )
        assert response.status_code == 302
        d.refresh_from_db()
        assert d.geanonimiseerd_op and d.voornaam == "Geanonimiseerd"
        assert d.email == "" and d.telefoon == ""
        assert (
            d.geboortedatum.year == 1991
            and d.pilot == world.alpha.pilot
            and d.status == DeelnemerStatus.AANGEMELD
        )
        assert Intake.objects.get(deelnemer=d).notities == ""
        assert Advies.objects.get(deelnemer=d).onderbouwing == ""
        dump = json.dumps(
            list(AuditEvent.objects.filter(object_id=str(d.pk)).values_list("changes", flat=True))
        )
        assert "Oudenaam" not in dump and "Zichtbaar" not in dump
        html = client.get(d.get_absolute_url()).content.decode()
        assert "Adaalpha" not in html and "Zichtbaar" not in html

    def test_anonymising_needs_a_reason_and_a_confirmation(self, client, world):
        d = world.alpha.deelnemer
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(reverse("deelnemers:anonimiseer", args=[d.pk]), {"reden": ""})
        html = response.content.decode()
        assert "Geef de reden" in html and "Bevestig" in html
        d.refresh_from_db()
        assert d.geanonimiseerd_op is None

    def test_an_mbo_medewerker_cannot_anonymise(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(
            reverse("deelnemers:anonimiseer", args=[world.alpha.deelnemer.pk]),
            {"reden": "x", "bevestig": "on"},
        )
        assert response.status_code == 403


class TestRetention:
    def test_referrals_that_never_started_are_anonymised_after_the_retention_period(self, world):
        old = months_ago(TODAY(), 12) - timedelta(days=1)
        never_started, started = (
            world.alpha.other_deelnemer,
            world.alpha.deelnemer,
        )  # the latter has a traject
        Deelnemer.objects.filter(pk__in=[never_started.pk, started.pk]).update(aangemeld_op=old)
        Deelnemer.objects.filter(pilot=world.beta.pilot).update(aangemeld_op=TODAY())
        assert anonimiseer_verlopen(today=TODAY()) == 1
        assert anonimiseer_verlopen(today=TODAY()) == 0  # safe to run twice
        never_started.refresh_from_db()
        started.refresh_from_db()
        assert never_started.geanonimiseerd_op is not None
        assert started.geanonimiseerd_op is None

    def test_the_retention_period_is_set_per_pilot(self, world):
        world.beta.pilot.bewaartermijn_maanden = 3
        world.beta.pilot.save()
        Deelnemer.objects.update(aangemeld_op=months_ago(TODAY(), 4))
        assert anonimiseer_verlopen(today=TODAY()) == 1  # beta's never-started referral only
        assert Deelnemer.objects.get(pk=world.beta.other_deelnemer.pk).geanonimiseerd_op is not None

    def test_months_ago_handles_month_ends(self):
        assert months_ago(date(2026, 3, 31), 1) == date(2026, 2, 28)
        assert months_ago(date(2026, 1, 15), 12) == date(2025, 1, 15)
