"""Matching to a traject: the mbo, the verwijzer or the WSP proposes a candidate for a leerbaan;
only its contact person accepts, or declines with a reason; an accepted match holds a place and
pre-fills the traject, which records where it came from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leerbanen.constants import MatchStatus, ZoekStatus
from leerbanen.models import Match
from leerbanen.services import accepteer, stel_voor
from pilots.roles import Role
from trajecten.models import Traject

from .leerbanen_support import (
    erkenning,
    kwalificatie,
    leerbaan,
    positief_advies,
    wsp,
    zoekvraag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voorstel(world, django_capture_on_commit_callbacks):
    """Alpha's other participant (positive advice, looking) proposed by the WSP for a leerbaan teaching two werkprocessen of crebo 25250, whose contact person is
    the praktijkopleider."""
    a = world.alpha
    k1, wps = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 3)
    erkenning(a.leerbedrijf, k1)
    start = timezone.localdate() + timedelta(days=14)
    lb = leerbaan(a, werkprocessen=wps[:2], plaatsen=1, start_vanaf=start,
                  start_tot=start + timedelta(days=30))  # fmt: skip
    positief_advies(a)
    a.other_deelnemer.mbo_instelling = a.mbo
    a.other_deelnemer.save()
    zk = zoekvraag(a, werkprocessen=[wps[1], wps[2]])
    with django_capture_on_commit_callbacks(execute=True):
        m = stel_voor(actor=wsp(a), zoekvraag=zk, leerbaan=lb, toelichting="Past goed.")
    return {"lb": lb, "zk": zk, "m": m, "wps": wps}


class TestProposing:
    def test_the_contact_person_is_told_by_email_without_the_candidates_name(self, world, voorstel):
        (bericht,) = mail.outbox
        assert bericht.to == [world.alpha.users[Role.PRAKTIJKOPLEIDER].email]
        assert "Medewerker magazijn" in bericht.subject
        assert str(world.alpha.other_deelnemer.achternaam) not in bericht.body
        assert voorstel["m"].get_absolute_url() in bericht.body

    def test_a_candidate_is_not_proposed_twice_for_the_same_leerbaan(self, client, world, voorstel):
        client.force_login(world.alpha.users[Role.MBO_MEDEWERKER])
        url = reverse("leerbanen:voorstellen", args=[voorstel["zk"].pk, voorstel["lb"].pk])
        r = client.post(url, {"toelichting": ""})
        assert r.status_code == 200 and Match.objects.count() == 1
        assert "Deze kandidaat is al voorgesteld voor deze leerbaan." in r.content.decode()

    def test_the_contact_person_sees_it_on_their_proposals_page_and_start_page(
        self, client, world, voorstel
    ):
        client.force_login(world.alpha.users[Role.PRAKTIJKOPLEIDER])
        body = client.get(reverse("leerbanen:matches")).content.decode()
        assert "Wacht op uw antwoord" in body and voorstel["m"].get_absolute_url() in body
        body = client.get(reverse("home")).content.decode()
        assert voorstel["m"].get_absolute_url() in body


class TestAnswering:
    def test_the_contact_person_accepts_and_the_place_is_taken(self, client, world, voorstel):
        a = world.alpha
        client.force_login(a.users[Role.PRAKTIJKOPLEIDER])
        r = client.post(reverse("leerbanen:accepteren", args=[voorstel["m"].pk]))
        assert r.status_code == 302
        m = Match.objects.get()
        assert (m.status, m.beantwoord_door) == (
            MatchStatus.GEACCEPTEERD,
            a.users[Role.PRAKTIJKOPLEIDER],
        )
        assert m.zoekvraag.status == ZoekStatus.GEVONDEN
        # Its only place is taken: another candidate cannot be proposed.
        positief_advies(a, a.deelnemer)
        ander = zoekvraag(a, a.deelnemer)
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        r = client.post(reverse("leerbanen:voorstellen", args=[ander.pk, voorstel["lb"].pk]), {})
        assert "Alle plaatsen van deze leerbaan zijn bezet." in r.content.decode()

    def test_declining_needs_a_reason(self, client, world, voorstel):
        client.force_login(world.alpha.users[Role.PRAKTIJKOPLEIDER])
        url = reverse("leerbanen:afwijzen", args=[voorstel["m"].pk])
        r = client.post(url, {"reden": "  "})
        assert r.status_code == 200
        assert "Geef de reden waarom u de kandidaat afwijst." in r.content.decode()
        assert Match.objects.get().status == MatchStatus.VOORGESTELD
        r = client.post(url, {"reden": "Geen plek voor iemand zonder rijbewijs."})
        assert r.status_code == 302
        m = Match.objects.get()
        assert (m.status, m.reden) == (
            MatchStatus.AFGEWEZEN,
            "Geen plek voor iemand zonder rijbewijs.",
        )
        assert m.zoekvraag.status == ZoekStatus.ZOEKEND

    @pytest.mark.parametrize("role", [Role.MBO_MEDEWERKER, Role.PROJECTLEIDER, Role.WSP])
    def test_only_the_contact_person_may_answer(self, client, world, voorstel, role):
        client.force_login(world.alpha.users[role])
        for naam in ("leerbanen:accepteren", "leerbanen:afwijzen"):
            r = client.post(reverse(naam, args=[voorstel["m"].pk]), {"reden": "x"})
            assert r.status_code == 403
        assert Match.objects.get().status == MatchStatus.VOORGESTELD

    def test_another_pilots_contact_person_gets_404(self, client, world, voorstel):
        client.force_login(world.beta.users[Role.PRAKTIJKOPLEIDER])
        for naam in ("leerbanen:match", "leerbanen:accepteren", "leerbanen:afwijzen"):
            method = client.get if naam == "leerbanen:match" else client.post
            assert method(reverse(naam, args=[voorstel["m"].pk])).status_code == 404

    def test_an_answered_proposal_cannot_be_answered_again(self, client, world, voorstel):
        client.force_login(world.alpha.users[Role.PRAKTIJKOPLEIDER])
        client.post(reverse("leerbanen:accepteren", args=[voorstel["m"].pk]))
        r = client.post(
            reverse("leerbanen:afwijzen", args=[voorstel["m"].pk]),
            {"reden": "toch niet"},
            follow=True,
        )
        assert "Dit voorstel is al beantwoord." in r.content.decode()
        assert Match.objects.get().status == MatchStatus.GEACCEPTEERD


class TestTheTraject:
    def test_an_accepted_match_prefills_the_traject_and_records_it(self, client, world, voorstel):
        a = world.alpha
        accepteer(actor=a.users[Role.PRAKTIJKOPLEIDER], match=voorstel["m"])
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        url = reverse("leerbanen:traject", args=[voorstel["m"].pk])
        form = client.get(url).context["form"]
        lb, wps = voorstel["lb"], voorstel["wps"]
        # The leerbaan teaches W1 and W2, the candidate wished W2 and W3: W2.
        assert form.initial["leerbedrijf"] == a.leerbedrijf.pk
        assert form.initial["werkprocessen"] == [wps[1].pk]
        assert form.initial["startdatum"] == lb.start_vanaf
        assert form.initial["mbo_instelling"] == a.mbo.pk
        assert form.initial["uren_per_week"] == 32
        data = {
            "route": "praktijkverklaring",
            "mbo_instelling": a.mbo.pk,
            "leerbedrijf": a.leerbedrijf.pk,
            "praktijkopleider": a.users[Role.PRAKTIJKOPLEIDER].pk,
            "startdatum": lb.start_vanaf.isoformat(),
            "geplande_einddatum": (lb.start_vanaf + timedelta(days=120)).isoformat(),
            "uren_per_week": "32",
            "werkprocessen": [wps[1].pk],
        }
        r = client.post(url, data)
        traject = Traject.objects.get(deelnemer=a.other_deelnemer)
        assert r.status_code == 302 and r["Location"] == traject.get_absolute_url()
        m = Match.objects.get()
        assert (m.traject, m.geplaatst_op) == (traject, timezone.localdate())
        assert m.zoekvraag.status == ZoekStatus.GEPLAATST
        assert [tw.werkproces for tw in traject.traject_werkprocessen.all()] == [wps[1]]
        # Once placed, the form is not offered again.
        assert client.get(url).status_code == 302

    def test_a_proposal_not_yet_accepted_does_not_become_a_traject(self, client, world, voorstel):
        client.force_login(world.alpha.users[Role.MBO_MEDEWERKER])
        r = client.get(reverse("leerbanen:traject", args=[voorstel["m"].pk]))
        assert (
            r.status_code == 302
            and not Traject.objects.filter(deelnemer=world.alpha.other_deelnemer).exists()
        )

    def test_the_wsp_cannot_agree_the_traject(self, client, world, voorstel):
        accepteer(actor=world.alpha.users[Role.PRAKTIJKOPLEIDER], match=voorstel["m"])
        client.force_login(wsp(world.alpha))
        assert client.get(reverse("leerbanen:traject", args=[voorstel["m"].pk])).status_code == 403
