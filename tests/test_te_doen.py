"""The "Te doen" list on the start page (issue 15, item 1): per role what waits in the current
pilot, each item linking to where the work is done, a count next to "Start" in the menu, the
examencommissie e-mailed when a verklaring becomes ready, and the number of queries independent
of the number of rows. Nothing of another pilot, nor of a role the user does not hold."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from deelnemers.services import registreer_deelnemer, wijzig_status
from erkenningen.constants import ErkenningStatus
from erkenningen.models import Erkenning
from monitoring.models import MonitorRapport
from ondertekening.models import Ondertekening
from pilots.roles import Role
from trajecten.constants import KwaliteitsUitkomst, TrajectStatus, WerkprocesStatus
from trajecten.models import KwaliteitsMoment, Traject, TrajectWerkproces, VoortgangEntry
from trajecten.voortgang import zet_werkproces_status
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    maak_mbo_verklaring,
    verstuur_naar_praktijkopleider,
)
from werkvoorraad import te_doen

from .factories import traject_rij
from .overeenkomsten_support import genereer, klaar_traject, links, verstuur
from .test_verklaringen import gestart, signed_pv

TODAY = timezone.localdate  # read per use: a run may cross midnight


def home(client: Client, user: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def lijst(user: Any, pilot: Any, sleutel: str) -> te_doen.Lijst:
    (gevonden,) = [lijst for lijst in te_doen.lijsten(user, pilot) if lijst.sleutel == sleutel]
    return gevonden


def sleutels(user: Any, pilot: Any) -> set[str]:
    return {lijst.sleutel for lijst in te_doen.lijsten(user, pilot)}


def overdue(world: Any, pilot: str = "alpha") -> Deelnemer:
    d = getattr(world, pilot).deelnemer
    Deelnemer.objects.filter(pk=d.pk).update(aangemeld_op=TODAY() - timedelta(days=10))
    d.refresh_from_db()
    return d


@pytest.mark.django_db(transaction=True)
class TestExamencommissie:
    def test_finds_the_verklaring_ready_to_issue_and_is_emailed(self, client, world):
        traject = gestart(klaar_traject(world))
        po = world.user(Role.PRAKTIJKOPLEIDER)
        w1, _w2 = traject.traject_werkprocessen.order_by("werkproces__code")
        zet_werkproces_status(
            actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
            samenvattend_oordeel="Zelfstandig.",
        )  # fmt: skip
        pv = signed_pv(world, traject)
        exa = world.user(Role.EXAMENCOMMISSIE)
        assert "uit_te_geven" in sleutels(exa, world.alpha.pilot)
        assert lijst(exa, world.alpha.pilot, "uit_te_geven").items == []
        mail.outbox.clear()

        mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)

        # E-mailed to the examencommissie of the institution, with a greeting and the link.
        (message,) = [m for m in mail.outbox if exa.email in m.to]
        assert message.subject == "Een mbo-verklaring is klaar om uit te geven"
        assert message.body.startswith(f"Beste {exa.get_full_name()},")
        assert settings.SITE_URL.rstrip("/") + mv.get_absolute_url() in message.body
        assert traject.deelnemer.achternaam not in message.body  # no personal data in e-mail
        assert not [
            m for m in mail.outbox if world.user(Role.EXAMENCOMMISSIE, "beta").email in m.to
        ]
        # On the start page, linking to the page where it is issued; and counted in the menu.
        html = home(client, exa)
        assert f'href="{mv.get_absolute_url()}"' in html
        assert str(traject.deelnemer) in html
        assert 'data-te-doen-aantal="1"' in html
        # Nobody else gets it on their list: not the mbo, not beta's examencommissie.
        beta_exa = world.user(Role.EXAMENCOMMISSIE, "beta")
        assert lijst(beta_exa, world.beta.pilot, "uit_te_geven").items == []
        assert "uit_te_geven" not in sleutels(world.user(Role.MBO_MEDEWERKER), world.alpha.pilot)
        # Issued: off the list.
        geef_uit(actor=exa, mbo_verklaring=mv)
        assert lijst(exa, world.alpha.pilot, "uit_te_geven").items == []


@pytest.mark.django_db(transaction=True)
class TestMboMedewerker:
    def test_intakes_to_plan_and_advice_overdue_link_to_the_forms(self, client, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        d = overdue(world)
        overdue(world, "beta")
        intakes = lijst(mbo, world.alpha.pilot, "intakes")
        assert reverse("intake:plan", args=[d.pk]) in [i.url for i in intakes.items]
        te_laat = lijst(mbo, world.alpha.pilot, "advies_te_laat")
        assert reverse("intake:advies", args=[d.pk]) in [i.url for i in te_laat.items]
        beta = world.beta.deelnemer
        assert reverse("intake:advies", args=[beta.pk]) not in [i.url for i in te_laat.items]
        html = home(client, mbo)
        assert "Te laat" in html and "Adaalpha" in html
        assert "Zuleikabeta" not in html and "Geheimbeta" not in html

    def test_open_blocked_and_expired_signatures_can_be_sent_again(self, client, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = klaar_traject(world)
        genereer(traject, mbo)
        client.force_login(mbo)
        verstuur(client, traject)
        open_ = Ondertekening.objects.filter(traject=traject).order_by("pk")
        geblokkeerd, verlopen = open_[0], open_[1]
        Ondertekening.objects.filter(pk=geblokkeerd.pk).update(code_pogingen=5)
        Ondertekening.objects.filter(pk=verlopen.pk).update(
            link_verloopt_op=timezone.now() - timedelta(days=1)
        )
        handtekeningen = lijst(mbo, world.alpha.pilot, "handtekeningen")
        assert handtekeningen.aantal == open_.count()
        eerste, tweede = handtekeningen.items[:2]
        assert "geblokkeerd" in eerste.toelichting and "verlopen" in tweede.toelichting
        assert eerste.url == traject.get_absolute_url()
        assert eerste.actie is not None
        assert eerste.actie.url == reverse("te-doen-opnieuw", args=[geblokkeerd.pk])
        html = home(client, mbo)
        assert f'action="{eerste.actie.url}"' in html and "Opnieuw versturen" in html

        mail.outbox.clear()
        response = client.post(eerste.actie.url)
        assert response.status_code == 302 and response["Location"] == reverse("home")
        assert links(geblokkeerd.email)  # a fresh link went to the party
        geblokkeerd.refresh_from_db()
        assert geblokkeerd.code_pogingen == 0
        # Neither another pilot's mbo nor a role that may not change the traject sends it.
        beta = Client()
        beta.force_login(world.user(Role.MBO_MEDEWERKER, "beta"))
        assert beta.post(eerste.actie.url).status_code == 404
        verwijzer = Client()
        verwijzer.force_login(world.user(Role.VERWIJZER))
        assert verwijzer.post(eerste.actie.url).status_code == 403
        # Signed: off the list.
        Ondertekening.objects.filter(traject=traject).update(getekend_op=timezone.now())
        assert lijst(mbo, world.alpha.pilot, "handtekeningen").aantal == 0

    def test_running_trajecten_without_a_quality_review(self, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = world.alpha.traject
        assert lijst(mbo, world.alpha.pilot, "kwaliteit").items == []  # planned, not running
        Traject.objects.filter(pk=traject.pk).update(status=TrajectStatus.LOPEND)
        Traject.objects.filter(pk=world.beta.traject.pk).update(status=TrajectStatus.LOPEND)
        (item,) = lijst(mbo, world.alpha.pilot, "kwaliteit").items
        assert item.url == reverse("trajecten:voortgang-kwaliteitsmoment", args=[traject.pk])
        KwaliteitsMoment.objects.create(
            traject=traject, moment="start", datum=TODAY(), uitkomst=KwaliteitsUitkomst.OP_KOERS
        )
        assert lijst(mbo, world.alpha.pilot, "kwaliteit").items == []


@pytest.mark.django_db(transaction=True)
class TestProjectleider:
    def test_the_report_to_fill_in_and_overdue_dossiers(self, client, world):
        from monitoring.rapport import maak_concept

        pl = world.user(Role.PROJECTLEIDER)
        rapport, _made = maak_concept(actor=None, pilot=world.alpha.pilot)
        maak_concept(actor=None, pilot=world.beta.pilot)
        d = overdue(world)
        (item,) = lijst(pl, world.alpha.pilot, "rapport").items
        assert item.url == rapport.get_absolute_url()
        te_laat = [i.url for i in lijst(pl, world.alpha.pilot, "advies_te_laat").items]
        assert d.get_absolute_url() in te_laat
        assert world.beta.deelnemer.get_absolute_url() not in te_laat
        html = home(client, pl)
        n = te_doen.aantal(pl, world.alpha.pilot)
        assert n >= 2 and f'data-te-doen-aantal="{n}"' in html
        MonitorRapport.objects.filter(pk=rapport.pk).update(status="ingediend")
        assert lijst(pl, world.alpha.pilot, "rapport").items == []

    def test_agreements_blocked_by_a_revoked_recognition(self, client, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        pl = world.user(Role.PROJECTLEIDER)
        traject = klaar_traject(world)
        genereer(traject, mbo)
        client.force_login(mbo)
        verstuur(client, traject)
        assert lijst(pl, world.alpha.pilot, "geblokkeerd").items == []
        Erkenning.objects.filter(organisatie=world.alpha.leerbedrijf).update(
            status=ErkenningStatus.INGETROKKEN
        )
        assert traject.erkenning_blokkades()  # the rule the SQL follows
        items = lijst(pl, world.alpha.pilot, "geblokkeerd").items
        urls = {o.get_absolute_url() for o in traject.overeenkomsten.all()}
        assert items and {i.url for i in items} == urls
        assert (
            lijst(world.user(Role.PROJECTLEIDER, "beta"), world.beta.pilot, "geblokkeerd").items
            == []
        )


@pytest.mark.django_db(transaction=True)
class TestPraktijkopleider:
    def test_werkprocessen_to_assess_and_documents_to_sign(self, client, world):
        po = world.user(Role.PRAKTIJKOPLEIDER)
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = gestart(klaar_traject(world))
        w1, w2 = traject.traject_werkprocessen.order_by("werkproces__code")
        zet_werkproces_status(
            actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
            samenvattend_oordeel="Zelfstandig.",
        )  # fmt: skip
        zet_werkproces_status(actor=po, traject_werkproces=w2, status=WerkprocesStatus.BEZIG)
        (item,) = lijst(po, world.alpha.pilot, "beoordelen").items
        assert item.url == reverse("trajecten:voortgang-werkproces", args=[w2.pk])
        # Not the jobcoach's to judge, nor the mbo's.
        assert "beoordelen" not in sleutels(world.user(Role.JOBCOACH), world.alpha.pilot)

        pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
        verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
        (item,) = lijst(po, world.alpha.pilot, "tekenen").items
        assert item.titel.startswith("Praktijkverklaring")
        assert item.actie is not None
        html = home(client, po)
        assert "Documenten om te ondertekenen" in html and "Werkprocessen om te beoordelen" in html
        mail.outbox.clear()
        assert client.post(item.actie.url).status_code == 302
        assert links(po.email)  # the praktijkopleider asked for their own link again
        # Blocked after wrong codes: only the mbo may lift that, not the signatory themselves.
        eigen = Ondertekening.objects.get(pk=item.actie.url.split("/")[-3])
        Ondertekening.objects.filter(pk=eigen.pk).update(code_pogingen=5)
        mail.outbox.clear()
        response = client.post(item.actie.url, follow=True)
        assert "Er zijn te veel verkeerde codes ingevoerd" in response.text
        assert not links(po.email) and mail.outbox == []
        eigen.refresh_from_db()
        assert eigen.code_pogingen == 5
        # Another person's signature is not theirs to resend.
        # Another person's signature on a traject they follow is not theirs to resend.
        Ondertekening.objects.filter(pk=eigen.pk).update(
            email="iemand.anders@example.test", code_pogingen=0
        )
        mail.outbox.clear()
        assert client.post(item.actie.url).status_code == 403
        assert mail.outbox == []


@pytest.mark.django_db
class TestJobcoachEnVerwijzer:
    def test_the_jobcoach_sees_the_caseload_with_the_last_contact(self, client, world):
        jc = world.user(Role.JOBCOACH)
        traject = world.alpha.traject
        (item,) = lijst(jc, world.alpha.pilot, "caseload").items
        assert item.url == traject.get_absolute_url()
        assert "nog geen contact" in item.toelichting.lower()
        tw = TrajectWerkproces.objects.create(
            traject=traject, werkproces=_werkproces(), status=WerkprocesStatus.BEZIG
        )
        VoortgangEntry.objects.create(
            traject_werkproces=tw, soort="observatie", datum=date(2026, 11, 20)
        )
        html = home(client, jc)
        assert "20 november 2026" in html
        assert "Zuleikabeta" not in html

    def test_the_verwijzer_sees_status_changes_of_their_referrals(self, client, world):
        vw = world.user(Role.VERWIJZER)
        d = world.alpha.deelnemer
        wijzig_status(
            actor=world.user(Role.MBO_MEDEWERKER),
            deelnemer=d,
            status=DeelnemerStatus.INTAKE_GEPLAND,
        )
        wijzig_status(
            actor=world.user(Role.MBO_MEDEWERKER, "beta"),
            deelnemer=world.beta.deelnemer,
            status=DeelnemerStatus.INTAKE_GEPLAND,
        )
        items = lijst(vw, world.alpha.pilot, "statuswijzigingen").items
        assert items and all(i.url == d.get_absolute_url() for i in items)
        html = home(client, vw)
        assert "Intake gepland" in html and "Zuleikabeta" not in html
        # Not shown to the verwijzer: another organisation's referral they were not granted.
        other = world.alpha.other_deelnemer
        wijzig_status(
            actor=world.user(Role.MBO_MEDEWERKER),
            deelnemer=other,
            status=DeelnemerStatus.INTAKE_GEPLAND,
        )
        urls = {i.url for i in lijst(vw, world.alpha.pilot, "statuswijzigingen").items}
        assert other.get_absolute_url() not in urls


def _werkproces() -> Any:
    from .overeenkomsten_support import twee_werkprocessen

    return twee_werkprocessen()[0]


@pytest.mark.django_db
class TestQueries:
    """The start page and the menu count read the same number of queries with few and with many
    rows, for every role."""

    def more_rows(self, world: Any, n: int) -> None:
        pw = world.alpha
        pl = pw.users[Role.PROJECTLEIDER]
        wp = _werkproces()
        for i in range(n):
            d = registreer_deelnemer(
                actor=pl,
                pilot=pw.pilot,
                voornaam=f"Extra{i}",
                achternaam="Rij",
                geboortedatum=date(1990, 1, 1),
                aangemeld_op=TODAY() - timedelta(days=20),
                verwijzer=pw.users[Role.VERWIJZER],
                verwijzer_organisatie=pw.verwijzer_org,
            )
            t = traject_rij(
                actor=pl,
                deelnemer=d,
                leerbedrijf=pw.leerbedrijf,
                praktijkopleider=pw.users[Role.PRAKTIJKOPLEIDER],
                jobcoach=pw.users[Role.JOBCOACH],
                status=TrajectStatus.LOPEND,
                startdatum=TODAY() - timedelta(days=30),
            )
            tw = TrajectWerkproces.objects.create(
                traject=t, werkproces=wp, status=WerkprocesStatus.BEZIG
            )
            VoortgangEntry.objects.create(traject_werkproces=tw, soort="observatie", datum=TODAY())
            wijzig_status(actor=pl, deelnemer=d, status=DeelnemerStatus.INTAKE_GEPLAND)
            wijzig_status(actor=pl, deelnemer=d, status=DeelnemerStatus.AANGEMELD)

    def queries(self, client: Client, user: Any) -> tuple[int, int, str]:
        te_doen.aantal(user, user._pilot)  # the per-request role cache, as the page has it
        client.force_login(user)
        client.get(reverse("home"))  # warm up (sessions, content types)
        with CaptureQueriesContext(connection) as pagina:
            html = client.get(reverse("home")).content.decode()
        with CaptureQueriesContext(connection) as menu:
            te_doen.aantal(user, user._pilot)
        return len(pagina), len(menu), html

    @pytest.mark.parametrize(
        "role",
        [
            Role.EXAMENCOMMISSIE,
            Role.MBO_MEDEWERKER,
            Role.PROJECTLEIDER,
            Role.PRAKTIJKOPLEIDER,
            Role.JOBCOACH,
            Role.VERWIJZER,
        ],
    )
    def test_the_number_of_queries_does_not_grow_with_the_rows(
        self, client, world, role, django_assert_max_num_queries
    ):
        user = world.user(role)
        user._pilot = world.alpha.pilot
        self.more_rows(world, 2)
        weinig, menu_weinig, _html = self.queries(client, user)
        self.more_rows(world, 15)
        with django_assert_max_num_queries(weinig):
            client.get(reverse("home"))
        veel, menu_veel, html = self.queries(client, user)
        assert veel == weinig
        assert menu_weinig == menu_veel == 1  # the menu count: one query
        if role != Role.EXAMENCOMMISSIE:
            assert "data-te-doen-item" in html  # there is something on the list


def test_a_list_longer_than_shown_says_how_many_more_wait():
    """A list without its own page (e.g. verklaringen to issue) still says that more wait."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from werkvoorraad.te_doen import MAX_ITEMS, Item, Lijst

    items = [Item(f"Deelnemer {i}", f"/x/{i}/") for i in range(MAX_ITEMS)]
    lijst = Lijst("uit_te_geven", "Verklaringen klaar om uit te geven", items, MAX_ITEMS + 3)
    with translation.override("nl"):
        html = render_to_string("werkvoorraad/_te_doen.html", {"te_doen": [lijst]})
    assert 'data-rest="3"' in html
    assert "En nog 3: die verschijnen hier zodra die hierboven klaar zijn." in html
    lijst.aantal = MAX_ITEMS
    with translation.override("nl"):
        assert "data-rest" not in render_to_string(
            "werkvoorraad/_te_doen.html", {"te_doen": [lijst]}
        )


@pytest.mark.django_db
def test_the_timeline_is_kept_in_dutch_whatever_language_the_actor_uses(world):
    """A status change made by someone reading English is stored in the dossier's language:
    the verwijzer's Te doen list (and the timeline) read Dutch (found by CI, test order)."""
    from django.utils import translation

    from deelnemers.constants import DeelnemerStatus
    from deelnemers.models import DeelnemerEvent
    from deelnemers.services import wijzig_status

    deelnemer = world.alpha.deelnemer
    with translation.override("en"):
        wijzig_status(
            actor=world.user(Role.MBO_MEDEWERKER), deelnemer=deelnemer,
            status=DeelnemerStatus.NIET_GESTART, reden="Verhuisd",
        )  # fmt: skip
    tekst = DeelnemerEvent.objects.filter(deelnemer=deelnemer).latest("pk").tekst
    assert "Niet gestart: Verhuisd" in tekst and "Did not start" not in tekst
