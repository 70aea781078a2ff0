"""Leerbanen: a WSP, the mbo or the projectleider records one for a leerbedrijf of the pilot; its
page shows the leerbedrijf's recognition per crebo; it can be changed and closed. Candidates
with a positive advice are marked as looking for a leerbaan. Counts for monitoring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from erkenningen.constants import ErkenningStatus
from intake.constants import Route
from leerbanen import selectors
from leerbanen.constants import LeerbaanStatus, MatchStatus, ZoekStatus
from leerbanen.models import Leerbaan, Match, Zoekvraag
from leerbanen.services import accepteer, stel_voor
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .leerbanen_support import (
    erkenning,
    kwalificatie,
    leerbaan,
    positief_advies,
    wsp,
    zoekvraag,
)

pytestmark = pytest.mark.django_db


def _post_data(world, **kw):
    a = world.alpha
    _k1, wps = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 3)
    vandaag = timezone.localdate()
    data = {
        "organisatie": a.leerbedrijf.pk,
        "titel": "Medewerker magazijn",
        "postcode": "9991aa",
        "plaats": "Alfastad",
        "subregio": a.subregio.pk,
        "kwalificaties": "",
        "werkprocessen": [wps[0].pk, wps[1].pk],
        "uren_per_week": "32",
        "start_vanaf": vandaag.isoformat(),
        "start_tot": (vandaag + timedelta(days=30)).isoformat(),
        "plaatsen": "2",
        "contactpersoon": a.users[Role.PRAKTIJKOPLEIDER].pk,
        "toelichting": "",
    }
    data.update(kw)
    return data


class TestRecordingALeerbaan:
    def test_the_wsp_records_a_leerbaan_and_its_crebo_comes_with_the_werkprocessen(
        self, client, world
    ):
        client.force_login(wsp(world.alpha))
        r = client.post(reverse("leerbanen:create"), _post_data(world))
        lb = Leerbaan.objects.get()
        assert r.status_code == 302 and r["Location"] == lb.get_absolute_url()
        assert (lb.postcode, lb.postcode4, lb.pilot) == ("9991 AA", "9991", world.alpha.pilot)
        assert [k.crebo for k in lb.kwalificaties.all()] == ["25250"]
        assert lb.werkprocessen.count() == 2
        assert AuditEvent.objects.filter(action="leerbaan.create", object_id=str(lb.pk)).exists()

    def test_bad_input_gets_dutch_messages_and_nothing_is_stored(self, client, world):
        client.force_login(world.alpha.users[Role.MBO_MEDEWERKER])
        data = _post_data(
            world,
            postcode="ABCD 12",
            werkprocessen=[],
            kwalificaties="",
            start_tot=(timezone.localdate() - timedelta(days=5)).isoformat(),
        )
        r = client.post(reverse("leerbanen:create"), data)
        body = r.content.decode()
        assert r.status_code == 200 and not Leerbaan.objects.exists()
        assert "Vul een Nederlandse postcode in" in body
        r = client.post(reverse("leerbanen:create"), {**data, "postcode": "9991 AA"})
        body = r.content.decode()
        assert "Kies ten minste één kwalificatie of werkproces" in body
        assert "Het startvenster moet eindigen op of na de eerste dag." in body
        assert "Er is een probleem" in body

    def test_the_contact_person_must_be_of_the_leerbedrijf_or_the_wsp(self, world):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as exc:
            leerbaan(world.alpha, kwalificaties=[kwalificatie("25250", "L", "T", 1)[0]],
                     contactpersoon=world.alpha.users[Role.VERWIJZER])  # fmt: skip
        assert "contactpersoon" in exc.value.message_dict

    def test_an_unknown_crebo_is_named(self, client, world):
        client.force_login(world.alpha.users[Role.PROJECTLEIDER])
        r = client.post(reverse("leerbanen:create"), _post_data(world, kwalificaties="99999, 123"))
        body = r.content.decode()
        assert "Een crebonummer heeft precies vijf cijfers: 123." in body

    def test_a_verwijzer_may_not_record_one(self, client, world):
        client.force_login(world.alpha.users[Role.VERWIJZER])
        assert client.get(reverse("leerbanen:create")).status_code == 403


class TestTheLeerbaanPage:
    def test_it_shows_the_recognition_of_the_leerbedrijf_per_crebo(self, client, world):
        a = world.alpha
        k1, _ = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 1)
        k2, _ = kwalificatie("25251", "Chauffeur", "Transport en logistiek", 1)
        k3, _ = kwalificatie("25252", "Heftruck", "Transport en logistiek", 1)
        erkenning(a.leerbedrijf, k1)
        erkenning(a.leerbedrijf, k2, ErkenningStatus.AANGEVRAAGD)
        lb = leerbaan(a, kwalificaties=[k1, k2, k3])
        client.force_login(a.users[Role.VERWIJZER])
        body = client.get(lb.get_absolute_url()).content.decode()
        rijen = body.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
        assert "25250" in rijen[0] and ">erkend<" in rijen[0] and "erkend sinds" in rijen[0]
        assert "25251" in rijen[1] and ">aangevraagd<" in rijen[1]
        assert "25252" in rijen[2] and ">niet erkend<" in rijen[2]

    def test_the_contact_person_sees_their_own_leerbaan_but_not_the_others(self, client, world):
        a = world.alpha
        k1, _ = kwalificatie("25250", "L", "T", 1)
        eigen = leerbaan(a, titel="Eigen baan", kwalificaties=[k1])
        ander = leerbaan(a, titel="Andere baan", kwalificaties=[k1], contactpersoon=wsp(a))
        client.force_login(a.users[Role.PRAKTIJKOPLEIDER])
        assert client.get(eigen.get_absolute_url()).status_code == 200
        assert client.get(ander.get_absolute_url()).status_code == 403
        body = client.get(reverse("leerbanen:list")).content.decode()
        assert "Eigen baan" in body and "Andere baan" not in body

    def test_the_list_filters_and_shows_open_ones_by_default(self, client, world):
        a = world.alpha
        k1, _ = kwalificatie("25250", "L", "T", 1)
        leerbaan(a, titel="Magazijn Noord", kwalificaties=[k1])
        dicht = leerbaan(a, titel="Kantine Zuid", kwalificaties=[k1])
        client.force_login(a.users[Role.PROJECTLEIDER])
        client.post(reverse("leerbanen:close", args=[dicht.pk]))
        body = client.get(reverse("leerbanen:list")).content.decode()
        assert "Magazijn Noord" in body and "Kantine Zuid" not in body
        body = client.get(reverse("leerbanen:list") + "?status=gesloten&q=kantine").content.decode()
        assert "Kantine Zuid" in body and "Magazijn Noord" not in body

    def test_changing_and_closing(self, client, world):
        a = world.alpha
        lb = leerbaan(a, kwalificaties=[kwalificatie("25250", "L", "T", 1)[0]])
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        url = reverse("leerbanen:update", args=[lb.pk])
        data = client.get(url).context["form"].initial
        assert data["kwalificaties"][0].crebo == "25250"
        post = _post_data(world, titel="Nieuwe titel", kwalificaties="25250", werkprocessen=[])
        assert client.post(url, post).status_code == 302
        lb.refresh_from_db()
        assert lb.titel == "Nieuwe titel"
        assert client.post(reverse("leerbanen:close", args=[lb.pk])).status_code == 302
        lb.refresh_from_db()
        assert lb.status == LeerbaanStatus.GESLOTEN and lb.gesloten_op is not None


class TestLookingForALeerbaan:
    def test_a_candidate_with_a_positive_advice_is_offered_and_can_be_marked(self, client, world):
        a = world.alpha
        positief_advies(a)
        positief_advies(a, a.deelnemer, route=Route.DIPLOMA)
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        body = client.get(reverse("leerbanen:kandidaten")).content.decode()
        assert reverse("leerbanen:zoekvraag", args=[a.other_deelnemer.pk]) in body
        assert reverse("leerbanen:zoekvraag", args=[a.deelnemer.pk]) not in body
        r = client.post(
            reverse("leerbanen:zoekvraag", args=[a.other_deelnemer.pk]),
            {"postcode4": "9991", "plaats": "Alfastad", "uren_per_week": "24", "kwalificaties": ""},
        )
        zk = Zoekvraag.objects.get()
        assert r.status_code == 302 and r["Location"] == zk.get_absolute_url()
        assert (zk.deelnemer, zk.status, zk.uren_per_week) == (
            a.other_deelnemer,
            ZoekStatus.ZOEKEND,
            24,
        )

    def test_a_candidate_without_a_positive_advice_cannot(self, client, world):
        a = world.alpha
        positief_advies(a, a.other_deelnemer, route=Route.CERTIFICAAT)
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        r = client.post(
            reverse("leerbanen:zoekvraag", args=[a.other_deelnemer.pk]), {"postcode4": "9991"}
        )
        assert r.status_code == 200 and not Zoekvraag.objects.exists()
        assert (
            "Alleen een kandidaat met als huidig advies de route praktijkverklaring"
            in r.content.decode()
        )

    def test_a_revised_advice_counts_not_the_first(self, world):
        a = world.alpha
        positief_advies(a)
        positief_advies(a, route=Route.DIPLOMA)
        assert not selectors.is_positief(selectors.huidig_advies(a.other_deelnemer))

    def test_the_wsp_sees_the_searches_but_cannot_open_a_dossier(self, client, world):
        a = world.alpha
        positief_advies(a)
        zk = zoekvraag(a)
        client.force_login(wsp(a))
        assert client.get(zk.get_absolute_url()).status_code == 200
        assert client.get(reverse("leerbanen:zoekvraag", args=[a.deelnemer.pk])).status_code == 403


class TestCounting:
    def test_open_leerbanen_per_sector_and_time_from_advice_to_placement(self, world):
        a, b = world.alpha, world.beta
        k1, _ = kwalificatie("25250", "L", "Transport en logistiek", 1)
        k3, _ = kwalificatie("25260", "Z", "Zorg en welzijn", 1)
        lb1 = leerbaan(a, kwalificaties=[k1, k3])
        leerbaan(a, kwalificaties=[k1])
        leerbaan(b, kwalificaties=[k3], contactpersoon=b.users[Role.PRAKTIJKOPLEIDER])
        assert selectors.open_per_sector([a.pilot.pk]) == {
            "Transport en logistiek": 2,
            "Zorg en welzijn": 1,
        }
        assert selectors.open_leerbanen([a.pilot.pk, b.pilot.pk]) == 3
        advies = positief_advies(a)
        zk = zoekvraag(a)
        m = stel_voor(actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=zk, leerbaan=lb1)
        assert selectors.leerbaan_gevonden([a.pilot.pk]) == {}
        accepteer(actor=a.users[Role.PRAKTIJKOPLEIDER], match=m)
        vandaag = timezone.localdate()
        assert selectors.leerbaan_gevonden([a.pilot.pk]) == {a.other_deelnemer.pk: vandaag}
        Match.objects.filter(pk=m.pk).update(geplaatst_op=vandaag + timedelta(days=3))
        (p,) = selectors.plaatsingen([a.pilot.pk])
        assert p.advies_op == timezone.localdate(advies.gegeven_op)
        assert p.dagen == 3
        assert selectors.plaatsingen([b.pilot.pk]) == []
        assert Match.objects.get().status == MatchStatus.GEACCEPTEERD


def test_the_demo_data_has_leerbanen_a_wsp_a_candidate_looking_and_a_portal_login(db):
    """What the README's demo promises for issue 17 (one seed for all of it: it is slow)."""
    from datetime import date

    from deelnemers.models import Deelnemer
    from deelnemers.services import toestemming_geldt
    from portaal.services import vraag_inloglink
    from praktijkleren.demo import seed_demo

    seed_demo(today=date(2026, 11, 29))
    # Every demo participant was referred with consent; Dennis Smit gets a portal login link.
    assert all(toestemming_geldt(d) for d in Deelnemer.objects.all())
    assert vraag_inloglink(email="dennis.smit@example.test") == 1
    assert Leerbaan.objects.filter(pilot__code="noorderkwartier").count() == 3
    wsp_user = Leerbaan.objects.filter(contactpersoon__email="wsp@wsp-nhn.demo").first()
    assert wsp_user is not None
    zk = Zoekvraag.objects.get()
    assert zk.deelnemer.pilot.code == "noorderkwartier" and zk.werkprocessen.exists()
