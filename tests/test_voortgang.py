"""The begeleidingsinstrument: dated entries per werkproces, the praktijkopleider's judgement
"beheerst" with a samenvattend oordeel, the mbo's quality reviews, the progress on the traject
page and the praktijkopleider's own participants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.models import Membership
from pilots.roles import Role
from praktijkleren.models import AuditEvent
from tests.factories import traject_rij
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.models import KwaliteitsMoment, TrajectWerkproces, VoortgangEntry

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PO, JC, MBO = Role.PRAKTIJKOPLEIDER, Role.JOBCOACH, Role.MBO_MEDEWERKER
TODAY = timezone.localdate


def add_werkprocessen(traject: Any, n: int = 2, crebo: str = "25251") -> list[TrajectWerkproces]:
    kwal, _ = Kwalificatie.objects.get_or_create(
        crebo=crebo, defaults={"naam": "Logistiek medewerker", "niveau": "2", "domein": "Logistiek"}
    )
    kt, _ = Kerntaak.objects.get_or_create(kwalificatie=kwal, code="B1-K1", naam="Ontvangst")
    result = []
    for i in range(n):
        wp, _ = Werkproces.objects.get_or_create(
            kerntaak=kt, kwalificatie=kwal, code=f"B1-K1-W{i + 1}", defaults={"naam": f"Taak {i}"}
        )
        result.append(TrajectWerkproces.objects.create(traject=traject, werkproces=wp))
    return result


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def entry_url(tw: TrajectWerkproces) -> str:
    return reverse("trajecten:voortgang-entry", args=[tw.pk])


def status_url(tw: TrajectWerkproces) -> str:
    return reverse("trajecten:voortgang-status", args=[tw.pk])


def opdracht(**changes: Any) -> dict[str, Any]:
    return {"soort": "opdracht", "datum": TODAY().isoformat(), "tekst": "Pallets lossen", **changes}


def starr(**changes: Any) -> dict[str, Any]:
    data = {
        "soort": "starr",
        "datum": TODAY().isoformat(),
        "situatie": "Drukke ochtend",
        "taak": "Orderpicken",
        "actie": "Lijst gevolgd",
        "resultaat": "Op tijd klaar",
        "reflectie": "Volgende keer eerder vragen",
    }
    return {**data, **changes}


class TestEntries:
    def test_the_praktijkopleider_records_an_observation_and_the_werkproces_becomes_bezig(
        self, world
    ):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        client = as_user(world.user(PO))

        response = client.post(entry_url(tw), opdracht(soort="observatie", tekst="Werkt netjes"))

        assert response.status_code == 302
        entry = VoortgangEntry.objects.get(traject_werkproces=tw)
        assert (entry.soort, entry.tekst, entry.auteur) == (
            "observatie",
            "Werkt netjes",
            world.user(PO),
        )
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.BEZIG
        assert AuditEvent.objects.filter(action="voortgang.entry", object_id=str(entry.pk)).exists()
        page = client.get(response["Location"]).content.decode()
        assert "Werkt netjes" in page and "In progress" in page

    def test_the_jobcoach_records_a_starr_reflection_with_all_five_parts(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        as_user(world.user(JC)).post(entry_url(tw), starr())

        entry = VoortgangEntry.objects.get(traject_werkproces=tw)
        assert entry.starr == {
            "situatie": "Drukke ochtend",
            "taak": "Orderpicken",
            "actie": "Lijst gevolgd",
            "resultaat": "Op tijd klaar",
            "reflectie": "Volgende keer eerder vragen",
        }

    def test_a_starr_reflection_without_situation_action_and_reflection_is_refused(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = as_user(world.user(PO)).post(
            entry_url(tw), starr(situatie="", actie=" ", reflectie="")
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "Describe the situation (S of STARR)." in html
        assert "Describe what the participant did (A of STARR)." in html
        assert "Write the participant&#x27;s reflection (R of STARR)." in html
        assert not VoortgangEntry.objects.exists()
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.NIET_GESTART

    def test_an_entry_dated_tomorrow_is_refused(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        tomorrow = (TODAY() + timedelta(days=1)).isoformat()

        response = as_user(world.user(MBO)).post(entry_url(tw), opdracht(datum=tomorrow))

        assert "The date cannot be in the future." in response.content.decode()
        assert not VoortgangEntry.objects.exists()

    def test_a_work_assignment_without_text_is_refused(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = as_user(world.user(MBO)).post(entry_url(tw), opdracht(tekst=""))

        assert "Describe the work assignment." in response.content.decode()
        assert not VoortgangEntry.objects.exists()

    @pytest.mark.parametrize(
        ("role", "expected"), [(Role.EXAMENCOMMISSIE, 403), (Role.VERWIJZER, 403)]
    )
    def test_a_role_that_only_reads_gets_403_and_stores_nothing(self, world, role, expected):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = as_user(world.user(role)).post(entry_url(tw), opdracht())

        assert response.status_code == expected
        assert not VoortgangEntry.objects.exists()

    def test_a_werkproces_of_another_pilot_is_404_and_stores_nothing(self, world):
        (tw,) = add_werkprocessen(world.beta.traject, 1)

        for role in (PO, JC, MBO):
            response = as_user(world.user(role)).post(entry_url(tw), opdracht())
            assert response.status_code == 404
        assert not VoortgangEntry.objects.exists()

    def test_a_praktijkopleider_of_another_traject_in_the_pilot_gets_403(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        other_po = UserFactory(email="po2@alpha.test")
        MembershipFactory(
            user=other_po, pilot=world.alpha.pilot, organisatie=world.alpha.leerbedrijf, role=PO
        )

        assert as_user(other_po).post(entry_url(tw), opdracht()).status_code == 403
        assert (
            as_user(other_po)
            .get(reverse("trajecten:voortgang-werkproces", args=[tw.pk]))
            .status_code
            == 403
        )

    def test_a_praktijkopleider_whose_role_ended_can_no_longer_record(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        Membership.objects.filter(user=world.user(PO)).update(active=False)

        response = as_user(world.user(PO)).post(entry_url(tw), opdracht())

        assert response.status_code == 404
        assert not VoortgangEntry.objects.exists()

    def test_an_ended_traject_takes_no_more_entries(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        world.alpha.traject.status = TrajectStatus.AFGEROND
        world.alpha.traject.save()
        client = as_user(world.user(PO))

        page = client.get(reverse("trajecten:voortgang-werkproces", args=[tw.pk])).content.decode()
        response = client.post(entry_url(tw), opdracht())

        assert "New entry" not in page
        assert "This traject has ended" in response.content.decode()
        assert not VoortgangEntry.objects.exists()


def gestart(traject: Any) -> Any:
    """A running traject that started in the past: only then is anything marked beheerst."""
    type(traject).objects.filter(pk=traject.pk).update(
        status=TrajectStatus.LOPEND, startdatum=TODAY() - timedelta(days=30)
    )
    traject.refresh_from_db()
    return traject


class TestBeheerst:
    @pytest.fixture(autouse=True)
    def _gestart(self, world: Any) -> None:
        gestart(world.alpha.traject)

    def test_the_own_praktijkopleider_marks_a_werkproces_beheerst_with_a_samenvattend_oordeel(
        self, world
    ):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        client = as_user(world.user(PO))

        response = client.post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Werkt zelfstandig."}
        )

        assert response.status_code == 302
        tw.refresh_from_db()
        assert tw.status == WerkprocesStatus.BEHEERST
        assert tw.samenvattend_oordeel == "Werkt zelfstandig."
        assert (tw.beheerst_op, tw.beoordeeld_door) == (TODAY(), world.user(PO))
        event = AuditEvent.objects.get(action="voortgang.beheerst", object_id=str(tw.pk))
        assert event.changes["status"] == ["niet_gestart", "beheerst"]
        assert event.actor == world.user(PO)

    def test_beheerst_without_a_samenvattend_oordeel_is_refused_by_field(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = as_user(world.user(PO)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "   "}
        )

        assert response.status_code == 200
        assert (
            "Write a samenvattend oordeel before marking the werkproces beheerst."
            in response.content.decode()
        )
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.NIET_GESTART

    @pytest.mark.parametrize(
        "role", [JC, MBO, Role.PROJECTLEIDER, Role.EXAMENCOMMISSIE, Role.BEHEERDER]
    )
    def test_nobody_but_the_own_praktijkopleider_marks_beheerst(self, world, role):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)

        response = as_user(world.user(role)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Goed"}
        )

        assert response.status_code == 403
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.NIET_GESTART

    def test_the_jobcoach_and_the_mbo_set_a_werkproces_to_bezig(self, world):
        first, second = add_werkprocessen(world.alpha.traject, 2)

        assert (
            as_user(world.user(JC)).post(status_url(first), {"status": "bezig"}).status_code == 302
        )
        assert (
            as_user(world.user(MBO)).post(status_url(second), {"status": "bezig"}).status_code
            == 302
        )
        assert set(TrajectWerkproces.objects.values_list("status", flat=True)) == {"bezig"}

    def test_taking_beheerst_back_keeps_the_earlier_judgement_in_the_history(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        as_user(world.user(PO)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Eerste oordeel"}
        )
        mbo = as_user(world.user(MBO))

        response = mbo.post(status_url(tw), {"status": "bezig"})

        assert response.status_code == 302
        tw.refresh_from_db()
        assert (tw.status, tw.samenvattend_oordeel, tw.beheerst_op) == ("bezig", "", None)
        event = AuditEvent.objects.filter(action="voortgang.status", object_id=str(tw.pk)).get()
        assert event.changes["samenvattend_oordeel"] == ["Eerste oordeel", ""]
        assert event.changes["beoordeeld_door"] == [world.user(PO).pk, None]
        page = mbo.get(response["Location"]).content.decode()
        assert "Earlier samenvattend oordeel" in page and "Eerste oordeel" in page

    def test_the_jobcoach_cannot_take_back_the_praktijkopleider_s_judgement(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        as_user(world.user(PO)).post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Goed"}
        )

        response = as_user(world.user(JC)).post(status_url(tw), {"status": "bezig"})

        assert response.status_code == 403
        assert TrajectWerkproces.objects.get(pk=tw.pk).status == WerkprocesStatus.BEHEERST

    def test_only_the_praktijkopleider_is_offered_beheerst_on_the_page(self, world):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        url = reverse("trajecten:voortgang-werkproces", args=[tw.pk])

        po_page = as_user(world.user(PO)).get(url).content.decode()
        jc_page = as_user(world.user(JC)).get(url).content.decode()

        assert 'value="beheerst"' in po_page and "samenvattend_oordeel" in po_page
        assert 'value="beheerst"' not in jc_page
        assert "Only the participant's own praktijkopleider" in jc_page


class TestNotBeforeTheStart:
    """Issue 11: no werkproces is marked beheerst before the traject has started."""

    @pytest.mark.parametrize(
        ("status", "dagen", "message"),
        [
            (
                TrajectStatus.GEPLAND,
                -10,
                "Het traject is nog niet begonnen: een werkproces kan pas als beheerst worden "
                "vastgelegd als het traject is begonnen.",
            ),
            (
                TrajectStatus.LOPEND,
                3,
                "Het traject begint op {datum}: een werkproces kan pas als beheerst worden "
                "vastgelegd als het traject is begonnen.",
            ),
        ],
    )
    def test_marking_beheerst_before_the_start_is_refused_in_dutch_and_nothing_is_stored(
        self, world, status, dagen, message
    ):
        from django.utils import translation
        from django.utils.formats import date_format

        traject = world.alpha.traject
        start = TODAY() + timedelta(days=dagen)
        type(traject).objects.filter(pk=traject.pk).update(status=status, startdatum=start)
        (tw,) = add_werkprocessen(traject, 1)
        client = as_user(world.user(PO))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        with translation.override("nl"):
            expected = message.format(datum=date_format(start, "j F Y"))

        response = client.post(
            status_url(tw), {"status": "beheerst", "samenvattend_oordeel": "Werkt zelfstandig."}
        )

        assert response.status_code == 200
        assert expected in response.content.decode()
        tw.refresh_from_db()
        assert (tw.status, tw.samenvattend_oordeel, tw.beheerst_op) == (
            WerkprocesStatus.NIET_GESTART, "", None,
        )  # fmt: skip
        assert not AuditEvent.objects.filter(action="voortgang.beheerst").exists()
        # the page says so before anyone tries
        page = client.get(reverse("trajecten:voortgang-werkproces", args=[tw.pk]))
        assert "data-niet-gestart" in page.content.decode()

    def test_the_api_refuses_it_too_and_recording_progress_stays_possible(self, world):
        from django.core.exceptions import ValidationError
        from django.utils import translation

        from trajecten.voortgang import zet_werkproces_status

        traject = world.alpha.traject
        type(traject).objects.filter(pk=traject.pk).update(
            status=TrajectStatus.GEPLAND, startdatum=TODAY() + timedelta(days=2)
        )
        (tw,) = add_werkprocessen(traject, 1)
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            zet_werkproces_status(
                actor=world.user(PO), traject_werkproces=tw, status=WerkprocesStatus.BEHEERST,
                samenvattend_oordeel="Goed",
            )  # fmt: skip
        assert "Het traject begint op" in exc.value.message_dict["status"][0]
        # moving it to bezig is not judging it
        zet_werkproces_status(actor=world.user(PO), traject_werkproces=tw, status="bezig")
        tw.refresh_from_db()
        assert tw.status == WerkprocesStatus.BEZIG


class TestKwaliteitsMomenten:
    def url(self, world: Any) -> str:
        return reverse("trajecten:voortgang-kwaliteitsmoment", args=[world.alpha.traject.pk])

    def test_the_mbo_records_a_mid_term_review_and_it_shows_on_the_traject(self, world):
        client = as_user(world.user(MBO))
        data = {"moment": "midden", "datum": TODAY().isoformat(), "uitkomst": "op_koers"}

        response = client.post(self.url(world), data)

        assert response.status_code == 302
        km = KwaliteitsMoment.objects.get(traject=world.alpha.traject)
        assert (km.moment, km.uitkomst, km.door) == ("midden", "op_koers", world.user(MBO))
        page = client.get(world.alpha.traject.get_absolute_url()).content.decode()
        assert 'data-kwaliteitsmoment="midden"' in page and "On track" in page

    def test_an_outcome_that_needs_attention_needs_an_explanation(self, world):
        data = {"moment": "start", "datum": TODAY().isoformat(), "uitkomst": "aandacht"}

        response = as_user(world.user(MBO)).post(self.url(world), data)

        assert "Explain what needs attention or must be adjusted." in response.content.decode()
        assert not KwaliteitsMoment.objects.exists()

    def test_a_review_that_needs_adjusting_is_mailed_to_the_praktijkopleider_and_jobcoach(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        data = {
            "moment": "midden",
            "datum": TODAY().isoformat(),
            "uitkomst": "bijsturen",
            "toelichting": "Minder uren op de heftruck",
        }

        with django_capture_on_commit_callbacks(execute=True):
            as_user(world.user(MBO)).post(self.url(world), data)

        # One e-mail per person, each greeted by name.
        assert sorted(m.to[0] for m in mailoutbox) == sorted(
            [world.user(PO).email, world.user(JC).email]
        )
        for mail in mailoutbox:
            assert "Minder uren op de heftruck" in mail.body
            assert world.alpha.traject.get_absolute_url() in mail.body

    def test_a_review_on_track_sends_no_mail(
        self, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        data = {"moment": "start", "datum": TODAY().isoformat(), "uitkomst": "op_koers"}

        with django_capture_on_commit_callbacks(execute=True):
            as_user(world.user(MBO)).post(self.url(world), data)

        assert KwaliteitsMoment.objects.count() == 1 and not mailoutbox

    @pytest.mark.parametrize("role", [PO, JC, Role.EXAMENCOMMISSIE, Role.VERWIJZER])
    def test_other_roles_cannot_record_a_quality_review(self, world, role):
        data = {"moment": "eind", "datum": TODAY().isoformat(), "uitkomst": "op_koers"}

        assert as_user(world.user(role)).post(self.url(world), data).status_code == 403
        assert not KwaliteitsMoment.objects.exists()


class TestOverviews:
    def test_the_traject_page_shows_progress_per_werkproces(self, world):
        gestart(world.alpha.traject)
        first, second, _third = add_werkprocessen(world.alpha.traject, 3)
        po = as_user(world.user(PO))
        po.post(entry_url(first), opdracht(datum=(TODAY() - timedelta(days=3)).isoformat()))
        po.post(entry_url(first), opdracht())
        po.post(status_url(second), {"status": "beheerst", "samenvattend_oordeel": "Goed"})

        html = po.get(world.alpha.traject.get_absolute_url()).content.decode()

        assert 'data-voortgang="1/3"' in html
        row = html.split('data-werkproces="B1-K1-W1"')[1].split("</tr>")[0]
        assert TODAY().strftime("%d-%m-%Y") in row and '<td class="num">2</td>' in row
        assert reverse("trajecten:voortgang-werkproces", args=[first.pk]) in row
        assert 'data-werkproces="B1-K1-W2" data-status="beheerst"' in html

    def test_the_traject_page_does_not_grow_in_queries_with_the_werkprocessen(
        self, world, django_assert_max_num_queries
    ):
        client = as_user(world.user(PO))
        add_werkprocessen(world.alpha.traject, 2)
        with django_assert_max_num_queries(60) as few:
            client.get(world.alpha.traject.get_absolute_url())
        n_few = len(few)
        add_werkprocessen(world.alpha.traject, 12, crebo="25252")
        with django_assert_max_num_queries(n_few):
            assert client.get(world.alpha.traject.get_absolute_url()).status_code == 200

    def test_the_werkproces_page_does_not_grow_in_queries_with_the_entries(
        self, world, django_assert_max_num_queries
    ):
        (tw,) = add_werkprocessen(world.alpha.traject, 1)
        client = as_user(world.user(PO))
        url = reverse("trajecten:voortgang-werkproces", args=[tw.pk])
        client.post(entry_url(tw), opdracht())
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        n_few = len(few)
        for i in range(10):
            client.post(entry_url(tw), opdracht(tekst=f"Opdracht {i}"))
            client.post(entry_url(tw), starr())
        with django_assert_max_num_queries(n_few):
            assert "Opdracht 9" in client.get(url).content.decode()

    def test_my_participants_lists_only_the_own_running_trajecten_with_progress(
        self, world, django_assert_max_num_queries
    ):
        gestart(world.alpha.traject)
        first, _second = add_werkprocessen(world.alpha.traject, 2)
        as_user(world.user(PO)).post(
            status_url(first), {"status": "beheerst", "samenvattend_oordeel": "Goed"}
        )
        # An ended traject of the same praktijkopleider is left out.
        ended = traject_rij(
            actor=world.user(MBO),
            deelnemer=world.alpha.other_deelnemer,
            leerbedrijf=world.alpha.leerbedrijf,
            praktijkopleider=world.user(PO),
            status=TrajectStatus.AFGEROND,
        )
        add_werkprocessen(world.beta.traject, 2)
        client = as_user(world.user(PO))

        with django_assert_max_num_queries(20):
            html = client.get(reverse("trajecten:mijn-deelnemers")).content.decode()

        assert f'data-traject="{world.alpha.traject.pk}"' in html
        assert f'data-traject="{ended.pk}"' not in html
        assert 'data-voortgang="1/2"' in html
        assert "Adaalpha" in html and "Zuleikabeta" not in html

    def test_my_participants_does_not_grow_in_queries_with_the_trajecten(
        self, world, django_assert_max_num_queries
    ):
        client = as_user(world.user(JC))
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("trajecten:mijn-deelnemers"))
        n_few = len(few)
        for _ in range(5):
            t = traject_rij(
                actor=world.user(MBO),
                deelnemer=world.alpha.other_deelnemer,
                leerbedrijf=world.alpha.leerbedrijf,
                jobcoach=world.user(JC),
                geplande_einddatum=TODAY() + timedelta(weeks=6),
            )
            add_werkprocessen(t, 3)
        with django_assert_max_num_queries(n_few):
            html = client.get(reverse("trajecten:mijn-deelnemers")).content.decode()
        assert html.count("data-traject=") == 6 and "6 weeks left" in html

    def test_the_mbo_has_no_my_participants_page(self, world):
        assert as_user(world.user(MBO)).get(reverse("trajecten:mijn-deelnemers")).status_code == 403
