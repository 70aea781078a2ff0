"""Referral (aanmelding), the dossier, intake and advice, and the one-week reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer, DossierInzage, Herinnering, Toestemming
from intake.models import Advies
from intake.services import geef_advies, plan_intake, stuur_advies_herinneringen
from pilots.roles import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # read per use: a run may cross midnight


def referral(**changes: object) -> dict:
    data = {
        "voornaam": "Fatima", "achternaam": "Ouali", "geboortedatum": "1994-06-02",
        "email": "fatima@example.test", "telefoon": "", "situatie": "werkzoekend",
        "uitkering": "bijstand", "doelgroepen": ["nieuwkomer"], "wens": "Werken in de zorg",
        "voorkeur_sector": "Zorg", "voorkeur_leerbedrijf": "", "toestemming": "on",
        "toestemming_doelen": ["contact"],
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def nl(msgid: str) -> str:
    with override("nl"):
        text = gettext(msgid)
    assert text != msgid, f"no Dutch translation for {msgid!r}"
    return text


class TestReferral:
    def test_a_verwijzer_refers_a_candidate_and_follows_the_dossier(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        verwijzer = world.user(Role.VERWIJZER)
        client.force_login(verwijzer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("deelnemers:aanmelden"), referral())
        deelnemer = Deelnemer.objects.get(achternaam="Ouali")
        assert response["Location"] == deelnemer.get_absolute_url()
        assert deelnemer.pilot == world.alpha.pilot
        assert deelnemer.status == DeelnemerStatus.AANGEMELD
        assert deelnemer.verwezen_door == verwijzer
        assert deelnemer.verwijzer_organisatie == world.alpha.verwijzer_org
        consent = Toestemming.objects.get(deelnemer=deelnemer)
        assert consent.gegeven and consent.vastgelegd_door == verwijzer
        assert set(consent.doelen) == {"delen_partners", "contact"}
        # the pilot's mbo-medewerker hears of the new referral
        assert [m.to for m in mailoutbox] == [[world.user(Role.MBO_MEDEWERKER).email]]
        html = client.get(deelnemer.get_absolute_url()).content.decode()
        assert "Fatima Ouali" in html and "Aangemeld" in html

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"toestemming": None}, "Without the candidate's consent to share their data with the pilot "
             "partners, the referral cannot be saved."),
            ({"geboortedatum": (TODAY() + timedelta(days=3)).isoformat()}, "The date of birth is in the future."),
            ({"achternaam": ""}, "Enter the last name."),
            ({"geboortedatum": ""}, "Enter the date of birth."),
            ({"situatie": ""}, "Choose whether the candidate is a jobseeker or employed."),
            ({"email": "", "telefoon": ""}, "Enter an e-mail address or a phone number so the mbo can make contact."),
        ],
    )  # fmt: skip
    def test_bad_input_gets_a_specific_dutch_message_and_stores_nothing(
        self, client, world, changes, message
    ):
        client.force_login(world.user(Role.VERWIJZER))
        before = Deelnemer.objects.count()
        response = client.post(reverse("deelnemers:aanmelden"), referral(**changes))
        assert response.status_code == 200
        assert nl(message) in response.content.decode()
        assert Deelnemer.objects.count() == before
        assert not Toestemming.objects.filter(deelnemer__achternaam="Ouali").exists()

    def test_a_candidate_under_16_is_refused(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        fifteen = date(TODAY().year - 15, TODAY().month, 1)
        response = client.post(
            reverse("deelnemers:aanmelden"), referral(geboortedatum=fifteen.isoformat())
        )
        assert "jonger dan 16" in response.content.decode()
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()

    def test_a_duplicate_in_the_same_pilot_is_flagged_not_created_twice(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        existing = world.alpha.other_deelnemer
        response = client.post(reverse("deelnemers:aanmelden"), referral(
            voornaam=existing.voornaam.upper(), achternaam=existing.achternaam,
            geboortedatum=existing.geboortedatum.isoformat(),
        ))  # fmt: skip
        assert "al aangemeld bij deze pilot" in response.content.decode()
        assert (
            Deelnemer.objects.filter(
                achternaam=existing.achternaam, pilot=world.alpha.pilot
            ).count()
            == 1
        )

    def test_the_same_person_may_be_referred_in_another_pilot(self, client, world):
        existing = world.beta.other_deelnemer
        client.force_login(world.user(Role.VERWIJZER))
        response = client.post(reverse("deelnemers:aanmelden"), referral(
            voornaam=existing.voornaam, achternaam=existing.achternaam,
            geboortedatum=existing.geboortedatum.isoformat(),
        ))  # fmt: skip
        assert response.status_code == 302

    def test_a_praktijkopleider_cannot_refer(self, client, world):
        client.force_login(world.user(Role.PRAKTIJKOPLEIDER))
        assert client.post(reverse("deelnemers:aanmelden"), referral()).status_code == 403
        assert not Deelnemer.objects.filter(achternaam="Ouali").exists()


class TestDossier:
    def test_opening_a_dossier_is_logged_and_the_projectleider_sees_who(self, client, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        client.force_login(mbo)
        client.get(reverse("deelnemers:detail", args=[world.alpha.deelnemer.pk]))
        assert DossierInzage.objects.filter(user=mbo, deelnemer=world.alpha.deelnemer).count() == 1
        client.force_login(world.user(Role.PROJECTLEIDER))
        html = client.get(
            reverse("deelnemers:inzage-log", args=[world.alpha.deelnemer.pk])
        ).content.decode()
        assert mbo.email in html

    def test_stopping_needs_a_reason_and_the_reason_is_on_the_timeline(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        d = world.alpha.deelnemer
        response = client.post(
            reverse("deelnemers:status", args=[d.pk]), {"status": "niet_gestart"}, follow=True
        )
        assert (
            nl("Give the reason why the candidate stopped or did not start.")
            in response.content.decode()
        )
        d.refresh_from_db()
        assert d.status == DeelnemerStatus.AANGEMELD
        response = client.post(
            reverse("deelnemers:status", args=[d.pk]),
            {"status": "niet_gestart", "reden": "Verhuisd"},
            follow=True,
        )
        d.refresh_from_db()
        assert d.status == DeelnemerStatus.NIET_GESTART and d.status_reden == "Verhuisd"
        assert "Verhuisd" in response.content.decode()

    def test_the_verwijzer_hears_when_their_candidate_starts(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        from deelnemers.aanmelding import wijzig_status

        d = world.alpha.deelnemer
        d.verwezen_door = world.user(Role.VERWIJZER)
        d.save()
        with django_capture_on_commit_callbacks(execute=True):
            wijzig_status(actor=world.user(Role.MBO_MEDEWERKER), deelnemer=d, status="in_traject")
        assert [m.to for m in mailoutbox] == [[world.user(Role.VERWIJZER).email]]


class TestIntakeAndAdvice:
    def test_the_mbo_plans_an_intake_and_gives_an_advice_the_verwijzer_sees_the_outcome_only(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        d = world.alpha.deelnemer
        d.verwezen_door = world.user(Role.VERWIJZER)
        d.save()
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        client.post(reverse("intake:plan", args=[d.pk]), {
            "gepland_op": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "met_verwijzer": "on", "met_kandidaat": "on",
        })  # fmt: skip
        d.refresh_from_db()
        assert d.status == DeelnemerStatus.INTAKE_GEPLAND
        intake = d.intakes.get()
        client.post(reverse("intake:criteria", args=[intake.pk]), {
            "startkwalificatie": "geen", "duo_check_op": TODAY().isoformat(), "duo_check_door": "Mirjam",
            "duo_check_resultaat": "geen_inschrijving", "motivatie": "4", "notities": "Geheime intakenotitie",
        })  # fmt: skip
        intake.refresh_from_db()
        assert intake.vastgelegd_op and intake.motivatie == 4
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("intake:advies", args=[d.pk]), {
                "route": "praktijkverklaring", "onderbouwing": "Vertrouwelijke onderbouwing",
                "volgende_stap": "Leerbaan zoeken in de zorg",
            })  # fmt: skip
        d.refresh_from_db()
        assert d.status == DeelnemerStatus.ADVIES_GEGEVEN
        assert [m.to for m in mailoutbox] == [[world.user(Role.VERWIJZER).email]]
        assert (
            "Vertrouwelijke" not in mailoutbox[0].body and "Leerbaan zoeken" in mailoutbox[0].body
        )
        client.force_login(world.user(Role.VERWIJZER))
        html = client.get(d.get_absolute_url()).content.decode()
        assert "Leerbaan zoeken in de zorg" in html
        assert "Vertrouwelijke onderbouwing" not in html and "Geheime intakenotitie" not in html

    def test_a_revised_advice_keeps_the_earlier_one_in_the_history(self, client, world):
        d, mbo = world.alpha.deelnemer, world.user(Role.MBO_MEDEWERKER)
        geef_advies(
            actor=mbo, deelnemer=d, route="praktijkverklaring", onderbouwing="a", volgende_stap="x"
        )
        geef_advies(actor=mbo, deelnemer=d, route="diploma", onderbouwing="b", volgende_stap="bbl")
        assert list(Advies.objects.filter(deelnemer=d).values_list("route", flat=True)) == [
            "diploma",
            "praktijkverklaring",
        ]
        client.force_login(mbo)
        html = client.get(d.get_absolute_url()).content.decode()
        assert "eerder advies" in html

    def test_an_alternative_route_needs_to_say_which(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        d = world.alpha.deelnemer
        response = client.post(reverse("intake:advies", args=[d.pk]), {
            "route": "alternatief", "onderbouwing": "Eerst taal", "volgende_stap": "Taalcursus",
        })  # fmt: skip
        assert (
            nl(
                "Choose which alternative is advised: werkfit-traject, language lessons, Entree or "
                "other."
            )
            in response.content.decode()
        )
        assert not Advies.objects.filter(deelnemer=d).exists()

    def test_a_16_year_old_needs_a_recorded_exception(self, client, world):
        d = world.alpha.deelnemer
        d.geboortedatum = date(TODAY().year - 17, 1, 1)
        d.save()
        intake = plan_intake(
            actor=world.user(Role.MBO_MEDEWERKER), deelnemer=d, gepland_op=timezone.now()
        )
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(
            reverse("intake:criteria", args=[intake.pk]), {"startkwalificatie": "geen"}
        )
        assert "uitzondering" in response.content.decode()
        intake.refresh_from_db()
        assert intake.vastgelegd_op is None

    def test_the_projectleider_may_read_but_not_record_an_advice(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        assert (
            client.get(reverse("intake:advies", args=[world.alpha.deelnemer.pk])).status_code == 403
        )


class TestReminders:
    def make_overdue(self, world):
        Deelnemer.objects.update(aangemeld_op=TODAY())
        for d in (world.alpha.deelnemer, world.alpha.other_deelnemer, world.beta.deelnemer):
            d.aangemeld_op = TODAY() - timedelta(days=10)
            d.save()

    def test_run_twice_on_one_day_sends_one_email_per_overdue_dossier(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        self.make_overdue(world)
        with django_capture_on_commit_callbacks(execute=True):
            assert stuur_advies_herinneringen(today=TODAY()) == 3
        with django_capture_on_commit_callbacks(execute=True):
            assert stuur_advies_herinneringen(today=TODAY()) == 0
        assert len(mailoutbox) == 3
        assert Herinnering.objects.count() == 3
        recipients = sorted(m.to[0] for m in mailoutbox)
        assert recipients == sorted(
            [world.user(Role.MBO_MEDEWERKER).email] * 2
            + [world.beta.users[Role.MBO_MEDEWERKER].email]
        )

    def test_the_next_day_reminds_again_and_an_advice_stops_the_reminders(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        self.make_overdue(world)
        mbo = world.user(Role.MBO_MEDEWERKER)
        with django_capture_on_commit_callbacks(execute=True):
            stuur_advies_herinneringen(today=TODAY())
            geef_advies(
                actor=mbo,
                deelnemer=world.alpha.deelnemer,
                route="diploma",
                onderbouwing="x",
                volgende_stap="y",
            )
            assert stuur_advies_herinneringen(today=TODAY() + timedelta(days=1)) == 2

    def test_a_dossier_referred_six_days_ago_is_not_overdue(self, world, mailoutbox):
        d = world.alpha.deelnemer
        d.aangemeld_op = TODAY() - timedelta(days=6)
        d.save()
        Deelnemer.objects.exclude(pk=d.pk).update(aangemeld_op=TODAY())
        assert stuur_advies_herinneringen(today=TODAY()) == 0

    def test_the_start_page_shows_overdue_dossiers_to_the_mbo(self, client, world):
        self.make_overdue(world)
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        html = client.get(reverse("home")).content.decode()
        assert "Te laat" in html and "Adaalpha" in html
