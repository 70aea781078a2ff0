"""The end of a traject: closing it (completed or stopped early), the outflow, the follow-ups at 6
and 12 months, the reminder for trajecten past their planned end, and the pilot's overview of
running trajecten."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Herinnering
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.models import Membership
from pilots.roles import Role
from praktijkleren.models import AuditEvent
from tests.factories import traject_rij
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.models import Nameting, Traject, TrajectWerkproces, Uitstroom
from trajecten.uitstroom import (
    add_months,
    beantwoord_nameting,
    leg_uitstroom_vast,
    sluit_traject,
    stuur_einddatum_herinneringen,
    vraag_nametingen,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # read per use: a run may cross midnight


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def lopend(traject: Traject, start: date, eind: date) -> Traject:
    Traject.objects.filter(pk=traject.pk).update(
        status=TrajectStatus.LOPEND, startdatum=start, geplande_einddatum=eind
    )
    traject.refresh_from_db()
    return traject


def beeindigd(traject: Traject, einde: date, status: str = TrajectStatus.AFGEROND) -> Traject:
    Traject.objects.filter(pk=traject.pk).update(
        status=status, startdatum=einde - timedelta(days=120), einddatum=einde
    )
    traject.refresh_from_db()
    return traject


class TestClosingATraject:
    def url(self, world):
        return reverse("trajecten:traject-afsluiten", args=[world.alpha.traject.pk])

    def test_the_mbo_closes_a_running_traject_as_completed_and_the_participant_follows(
        self, client, world
    ):
        traject = lopend(world.alpha.traject, TODAY() - timedelta(days=100), TODAY())
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        einde = TODAY() - timedelta(days=2)
        response = client.post(
            self.url(world), {"afloop": "afgerond", "einddatum": einde.isoformat()}
        )
        assert response.status_code == 302
        traject.refresh_from_db()
        assert (traject.status, traject.einddatum, traject.stopreden) == ("afgerond", einde, "")
        traject.deelnemer.refresh_from_db()
        assert traject.deelnemer.status == DeelnemerStatus.AFGEROND
        assert AuditEvent.objects.filter(action="traject.afsluiten", object_id=str(traject.pk))

    def test_the_projectleider_stops_a_traject_early_with_a_reason(self, client, world):
        traject = lopend(world.alpha.traject, TODAY() - timedelta(days=30), TODAY() + timedelta(90))
        client.force_login(world.user(Role.PROJECTLEIDER))
        client.post(
            self.url(world),
            {"afloop": "gestopt", "einddatum": TODAY().isoformat(), "stopreden": "Verhuisd"},
        )
        traject.refresh_from_db()
        assert (traject.status, traject.stopreden) == ("gestopt", "Verhuisd")
        traject.deelnemer.refresh_from_db()
        assert traject.deelnemer.status == DeelnemerStatus.GESTOPT
        assert traject.deelnemer.status_reden == "Verhuisd"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"afloop": "gestopt", "einddatum": TODAY()},
                "Give the reason why the traject stopped",
            ),
            (
                {"afloop": "afgerond", "einddatum": TODAY() + timedelta(days=1)},
                "The end date cannot be in the future.",
            ),
            (
                {"afloop": "afgerond", "einddatum": TODAY() - timedelta(days=200)},
                "The end date cannot be before the start date",
            ),
            ({"afloop": "afgerond", "einddatum": ""}, "Enter the end date."),
            ({"einddatum": TODAY()}, "Choose whether the traject was completed or stopped early."),
        ],
    )
    def test_bad_input_gets_a_specific_message_and_changes_nothing(
        self, client, world, data, message
    ):
        traject = lopend(world.alpha.traject, TODAY() - timedelta(days=100), TODAY())
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = english(client).post(self.url(world), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        traject.refresh_from_db()
        assert traject.status == TrajectStatus.LOPEND and traject.einddatum is None
        assert not AuditEvent.objects.filter(action="traject.afsluiten").exists()

    def test_an_ended_traject_cannot_be_closed_again(self, world):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        with translation.override("en"), pytest.raises(ValidationError, match="already ended"):
            sluit_traject(
                actor=world.user(Role.MBO_MEDEWERKER),
                traject=traject,
                afloop="gestopt",
                einddatum=TODAY(),
                stopreden="Nogmaals",
            )
        traject.refresh_from_db()
        assert traject.status == TrajectStatus.AFGEROND

    def test_the_participant_keeps_their_status_while_another_traject_is_open(self, world):
        traject = lopend(world.alpha.traject, TODAY() - timedelta(days=100), TODAY())
        world.alpha.deelnemer.status = DeelnemerStatus.IN_TRAJECT
        world.alpha.deelnemer.save()
        traject_rij(
            actor=world.user(Role.PROJECTLEIDER),
            deelnemer=world.alpha.deelnemer,
            leerbedrijf=world.shared_org,
            status=TrajectStatus.LOPEND,
        )
        sluit_traject(
            actor=world.user(Role.MBO_MEDEWERKER),
            traject=traject,
            afloop="afgerond",
            einddatum=TODAY(),
        )
        world.alpha.deelnemer.refresh_from_db()
        assert world.alpha.deelnemer.status == DeelnemerStatus.IN_TRAJECT

    def test_the_verwijzer_and_praktijkopleider_may_not_close_and_another_pilot_gets_404(
        self, client, world
    ):
        data = {"afloop": "afgerond", "einddatum": TODAY().isoformat()}
        for role in (Role.VERWIJZER, Role.PRAKTIJKOPLEIDER, Role.EXAMENCOMMISSIE):
            client.force_login(world.user(role))
            assert client.post(self.url(world), data).status_code == 403
        client.force_login(world.user(Role.MBO_MEDEWERKER, "beta"))
        assert client.post(self.url(world), data).status_code == 404
        world.alpha.traject.refresh_from_db()
        assert world.alpha.traject.status == TrajectStatus.GEPLAND


class TestOutflow:
    def test_the_outflow_is_recorded_once_and_a_second_save_corrects_it(self, client, world):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("trajecten:traject-uitstroom", args=[traject.pk])
        client.post(url, {"soort": "blijft_leerbedrijf", "datum": TODAY().isoformat()})
        client.post(
            url,
            {"soort": "andere_werkgever", "datum": TODAY().isoformat(), "toelichting": "Bakker"},
        )
        uitstroom = Uitstroom.objects.get(traject=traject)
        assert (uitstroom.soort, uitstroom.toelichting) == ("andere_werkgever", "Bakker")
        assert list(
            AuditEvent.objects.filter(object_type="trajecten.uitstroom")
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["uitstroom.create", "uitstroom.update"]

    def test_the_outflow_date_cannot_be_before_the_end_of_the_traject(self, client, world):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = english(client).post(
            reverse("trajecten:traject-uitstroom", args=[traject.pk]),
            {"soort": "uitkering", "datum": (TODAY() - timedelta(days=11)).isoformat()},
        )
        assert "The outflow date cannot be before the end of the traject" in (
            response.content.decode()
        )
        assert not Uitstroom.objects.exists()

    def test_a_traject_that_has_not_ended_gets_no_outflow(self, world):
        with translation.override("en"), pytest.raises(ValidationError, match="Close the traject"):
            leg_uitstroom_vast(
                actor=world.user(Role.MBO_MEDEWERKER),
                traject=world.alpha.traject,
                soort="onbekend",
                datum=TODAY(),
            )


class TestBehaald:
    """An mbo-certificaat or mbo-diploma obtained is an outcome of its own (issue 11)."""

    def test_an_obtained_mbo_certificaat_is_recorded_with_its_crebo(self, client, world):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("trajecten:traject-uitstroom", args=[traject.pk])
        page = client.get(url).content.decode()
        assert 'name="behaald"' in page and 'name="behaald_crebo"' in page
        response = client.post(
            url,
            {
                "soort": "blijft_leerbedrijf",
                "datum": TODAY().isoformat(),
                "behaald": "mbo_certificaat",
                "behaald_crebo": "25256",
            },
        )
        assert response.status_code == 302
        uitstroom = Uitstroom.objects.get(traject=traject)
        assert (uitstroom.soort, uitstroom.behaald, uitstroom.behaald_crebo) == (
            "blijft_leerbedrijf", "mbo_certificaat", "25256",
        )  # fmt: skip
        # the outflow without it (an older form) records "geen"
        client.post(url, {"soort": "andere_werkgever", "datum": TODAY().isoformat()})
        uitstroom.refresh_from_db()
        assert (uitstroom.behaald, uitstroom.behaald_crebo) == ("geen", "")
        event = AuditEvent.objects.filter(action="uitstroom.update").latest("pk")
        assert event.changes["behaald"] == ["mbo_certificaat", "geen"]

    @pytest.mark.parametrize(
        ("crebo", "message"),
        [
            ("", "Vul het crebonummer van het mbo-certificaat of mbo-diploma in."),
            ("2525", "Een crebonummer bestaat uit vijf cijfers."),
        ],
    )
    def test_a_diploma_needs_its_crebo_with_a_dutch_message(self, client, world, crebo, message):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        response = client.post(
            reverse("trajecten:traject-uitstroom", args=[traject.pk]),
            {
                "soort": "onderwijs",
                "datum": TODAY().isoformat(),
                "behaald": "mbo_diploma",
                "behaald_crebo": crebo,
            },
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Uitstroom.objects.exists()

    def test_the_service_refuses_an_unknown_outcome(self, world):
        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            leg_uitstroom_vast(
                actor=world.user(Role.MBO_MEDEWERKER),
                traject=traject,
                soort="uitkering",
                datum=TODAY(),
                behaald="hbo",
            )
        assert exc.value.message_dict["behaald"] == [
            "Kies uit de lijst wat de deelnemer heeft behaald."
        ]
        assert not Uitstroom.objects.exists()

    def test_the_outcome_is_shown_with_the_outflow(self, world):
        from django.template.loader import render_to_string

        traject = beeindigd(world.alpha.traject, TODAY() - timedelta(days=10))
        uitstroom = leg_uitstroom_vast(
            actor=world.user(Role.MBO_MEDEWERKER), traject=traject, soort="onderwijs",
            datum=TODAY(), behaald="mbo_diploma", behaald_crebo="25256",
        )  # fmt: skip
        with translation.override("nl"):
            html = render_to_string("trajecten/uitstroom_behaald.html", {"u": uitstroom})
        assert 'data-behaald="mbo_diploma"' in html and "mbo-diploma (crebo 25256)" in html


def six_months_ago_ended(world, pilot="alpha") -> Traject:
    return beeindigd(getattr(world, pilot).traject, add_months(TODAY(), -6))


class TestFollowUps:
    def test_six_months_after_the_end_the_verwijzer_is_asked_once(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        traject = six_months_ago_ended(world)
        with django_capture_on_commit_callbacks(execute=True):
            assert vraag_nametingen(today=TODAY()) == 1
            assert vraag_nametingen(today=TODAY()) == 0
        nameting = Nameting.objects.get(traject=traject)
        assert (nameting.maanden, nameting.gevraagd_aan) == (6, world.user(Role.VERWIJZER))
        assert [m.to for m in mailoutbox] == [[world.user(Role.VERWIJZER).email]]
        assert reverse("trajecten:nameting", args=[nameting.pk]) in mailoutbox[0].body

    def test_without_an_active_verwijzer_the_jobcoach_is_asked(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        six_months_ago_ended(world)
        Membership.objects.filter(user=world.user(Role.VERWIJZER)).update(active=False)
        with django_capture_on_commit_callbacks(execute=True):
            vraag_nametingen(today=TODAY())
        assert Nameting.objects.get().gevraagd_aan == world.user(Role.JOBCOACH)
        assert [m.to for m in mailoutbox] == [[world.user(Role.JOBCOACH).email]]

    def test_without_verwijzer_or_jobcoach_the_mbo_is_asked_and_may_answer(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        traject = six_months_ago_ended(world)
        Traject.objects.filter(pk=traject.pk).update(jobcoach=None)
        Membership.objects.filter(user=world.user(Role.VERWIJZER)).update(active=False)
        with django_capture_on_commit_callbacks(execute=True):
            vraag_nametingen(today=TODAY())
        nameting = Nameting.objects.get()
        assert nameting.gevraagd_aan is None
        assert [m.to for m in mailoutbox] == [[world.user(Role.MBO_MEDEWERKER).email]]
        beantwoord_nameting(
            actor=world.user(Role.MBO_MEDEWERKER), nameting=nameting, situatie="onbekend"
        )

    def test_the_daily_tasks_run_the_services(self, world):
        from trajecten.tasks import einddatum_herinneringen, nametingen_vragen

        six_months_ago_ended(world)
        lopend(world.beta.traject, TODAY() - timedelta(days=100), TODAY() - timedelta(days=1))
        assert nametingen_vragen.delay().get() == 1
        assert einddatum_herinneringen.delay().get() == 1

    def test_twelve_months_after_the_end_the_second_follow_up_is_asked(self, world):
        traject = beeindigd(world.alpha.traject, add_months(TODAY(), -12))
        Nameting.objects.create(traject=traject, maanden=6, gevraagd_op=add_months(TODAY(), -6))
        assert vraag_nametingen(today=TODAY()) == 1
        assert sorted(traject.nametingen.values_list("maanden", flat=True)) == [6, 12]

    def test_nothing_is_asked_before_six_months_nor_for_a_stale_follow_up(self, world):
        beeindigd(world.alpha.traject, add_months(TODAY(), -6) + timedelta(days=1))
        beeindigd(world.beta.traject, add_months(TODAY(), -25))
        assert vraag_nametingen(today=TODAY()) == 0
        assert not Nameting.objects.exists()

    def test_the_verwijzer_answers_through_the_link_and_is_not_asked_again(self, client, world):
        traject = six_months_ago_ended(world)
        vraag_nametingen(today=TODAY())
        nameting = Nameting.objects.get(traject=traject)
        client.force_login(world.user(Role.VERWIJZER))
        url = reverse("trajecten:nameting", args=[nameting.pk])
        assert "Adaalpha" in client.get(url).content.decode()
        response = client.post(url, {"situatie": "andere_werkgever", "toelichting": "Bij Jansen"})
        assert response.status_code == 302
        nameting.refresh_from_db()
        assert nameting.situatie == "andere_werkgever" and nameting.toelichting == "Bij Jansen"
        assert nameting.beantwoord_op == TODAY()
        assert nameting.beantwoord_door == world.user(Role.VERWIJZER)
        assert vraag_nametingen(today=TODAY() + timedelta(days=1)) == 0

    def test_only_the_person_asked_or_the_mbo_may_answer(self, client, world):
        traject = six_months_ago_ended(world)
        vraag_nametingen(today=TODAY())
        nameting = Nameting.objects.get(traject=traject)
        url = reverse("trajecten:nameting", args=[nameting.pk])
        for role, status in [
            (Role.MBO_MEDEWERKER, 200),
            (Role.PROJECTLEIDER, 200),
            (Role.JOBCOACH, 403),
            (Role.PRAKTIJKOPLEIDER, 403),
            (Role.EXAMENCOMMISSIE, 403),
        ]:
            client.force_login(world.user(role))
            assert client.get(url).status_code == status, role
        client.force_login(world.user(Role.VERWIJZER, "beta"))
        assert client.post(url, {"situatie": "onbekend"}).status_code == 404
        with pytest.raises(ValidationError):
            beantwoord_nameting(
                actor=world.user(Role.JOBCOACH), nameting=nameting, situatie="onbekend"
            )
        nameting.refresh_from_db()
        assert nameting.beantwoord_op is None

    def test_the_traject_page_shows_end_outflow_and_answers(self, client, world):
        traject = six_months_ago_ended(world)
        leg_uitstroom_vast(
            actor=world.user(Role.MBO_MEDEWERKER),
            traject=traject,
            soort="blijft_leerbedrijf",
            datum=traject.einddatum,
        )
        vraag_nametingen(today=TODAY())
        beantwoord_nameting(
            actor=world.user(Role.VERWIJZER),
            nameting=Nameting.objects.get(),
            situatie="onderwijs",
            toelichting="Bbl niveau 2",
        )
        client.force_login(world.user(Role.VERWIJZER))
        html = english(client).get(traject.get_absolute_url()).content.decode()
        assert 'data-uitstroom="blijft_leerbedrijf"' in html and "Bbl niveau 2" in html
        assert "Record the outflow" not in html and "Correct the outflow" not in html
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        html = client.get(traject.get_absolute_url()).content.decode()
        assert "Correct the outflow" in html
        assert reverse("trajecten:traject-afsluiten", args=[traject.pk]) not in html


class TestPastPlannedEnd:
    def test_a_running_traject_past_its_planned_end_is_reminded_once(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        lopend(world.alpha.traject, TODAY() - timedelta(days=100), TODAY() - timedelta(days=1))
        lopend(world.beta.traject, TODAY() - timedelta(days=100), TODAY())  # ends today: not yet
        with django_capture_on_commit_callbacks(execute=True):
            assert stuur_einddatum_herinneringen(today=TODAY()) == 1
            assert stuur_einddatum_herinneringen(today=TODAY()) == 0
            assert stuur_einddatum_herinneringen(today=TODAY() + timedelta(days=1)) == 1  # beta
            assert stuur_einddatum_herinneringen(today=TODAY() + timedelta(days=2)) == 0
        # One e-mail per person (each greeted by name): the mbo and the projectleider of alpha.
        assert sorted(m.to[0] for m in mailoutbox[:2]) == sorted(
            [world.user(Role.MBO_MEDEWERKER).email, world.user(Role.PROJECTLEIDER).email]
        )
        assert Herinnering.objects.filter(deelnemer=world.alpha.deelnemer).count() == 1

    def test_a_new_planned_end_that_passes_again_gives_a_new_reminder(self, world):
        traject = lopend(world.alpha.traject, TODAY() - timedelta(100), TODAY() - timedelta(20))
        assert stuur_einddatum_herinneringen(today=TODAY()) == 1
        lopend(traject, TODAY() - timedelta(100), TODAY() - timedelta(days=1))
        assert stuur_einddatum_herinneringen(today=TODAY()) == 1

    def test_planned_and_ended_trajecten_are_not_reminded(self, world):
        Traject.objects.filter(pk=world.alpha.traject.pk).update(
            geplande_einddatum=TODAY() - timedelta(days=5)
        )
        beeindigd(world.beta.traject, TODAY() - timedelta(days=5))
        assert stuur_einddatum_herinneringen(today=TODAY()) == 0


def add_werkprocessen(traject: Traject, n: int, beheerst: int, crebo: str) -> None:
    k = Kwalificatie.objects.create(crebo=crebo, naam="K", niveau="2", domein="Zorg")
    kt = Kerntaak.objects.create(kwalificatie=k, code="B1-K1", naam="Kerntaak")
    for i in range(n):
        wp = Werkproces.objects.create(
            kerntaak=kt, kwalificatie=k, code=f"B1-K1-W{i + 1}", naam=f"Werkproces {i}"
        )
        TrajectWerkproces.objects.create(
            traject=traject,
            werkproces=wp,
            status=WerkprocesStatus.BEHEERST if i < beheerst else WerkprocesStatus.BEZIG,
        )


class TestOverview:
    def url(self, world, pilot="alpha"):
        return reverse("trajecten:trajecten-overzicht", args=[getattr(world, pilot).pilot.code])

    def test_the_projectleider_sees_running_trajecten_with_weeks_left_and_progress(
        self, client, world, django_assert_max_num_queries
    ):
        traject = lopend(
            world.alpha.traject, TODAY() - timedelta(days=100), TODAY() - timedelta(15)
        )
        add_werkprocessen(traject, 3, 2, "10001")
        for i in range(4):
            extra = traject_rij(
                actor=world.user(Role.PROJECTLEIDER),
                deelnemer=world.alpha.other_deelnemer,
                leerbedrijf=world.shared_org,
                status=TrajectStatus.LOPEND,
                startdatum=TODAY(),
                geplande_einddatum=TODAY() + timedelta(weeks=10 + i),
            )
            add_werkprocessen(extra, 2, 0, f"2000{i}")
        traject_rij(  # planned, not running: not listed
            actor=world.user(Role.PROJECTLEIDER),
            deelnemer=world.alpha.other_deelnemer,
            leerbedrijf=world.shared_org,
        )
        client.force_login(world.user(Role.PROJECTLEIDER))
        with django_assert_max_num_queries(20):
            response = client.get(self.url(world))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("data-traject=") == 5
        assert 'data-weken="-3"' in html and "data-overdue" in html
        assert 'data-voortgang="2/3"' in html and 'data-voortgang="0/2"' in html
        assert 'data-weken="13"' in html
        assert traject.get_absolute_url() in html
        assert "Zuleikabeta" not in html

    def test_the_query_count_does_not_grow_with_the_number_of_trajecten(
        self, client, world, django_assert_max_num_queries
    ):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        lopend(world.alpha.traject, TODAY(), TODAY() + timedelta(days=30))
        with django_assert_max_num_queries(20) as few:
            client.get(self.url(world))
        for i in range(10):
            traject_rij(
                actor=world.user(Role.PROJECTLEIDER),
                deelnemer=world.alpha.other_deelnemer,
                leerbedrijf=world.shared_org,
                status=TrajectStatus.LOPEND,
                geplande_einddatum=TODAY() + timedelta(days=i),
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(self.url(world))

    def test_others_may_not_see_the_overview(self, client, world):
        for role in (Role.VERWIJZER, Role.EXAMENCOMMISSIE, Role.PRAKTIJKOPLEIDER):
            client.force_login(world.user(role))
            assert client.get(self.url(world)).status_code == 403
        client.force_login(world.user(Role.PROJECTLEIDER))
        assert client.get(self.url(world, "beta")).status_code == 404
        client.force_login(world.beheerder)
        assert client.get(self.url(world, "beta")).status_code == 200


def test_add_months_clips_to_the_end_of_a_shorter_month():
    assert add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 1), -3) == date(2025, 12, 1)
