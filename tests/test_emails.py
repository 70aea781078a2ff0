"""Every notification greets its reader by name and links to what it is about (issue 15), sent
through the real flows, read from the outbox: the first line is "Beste <name>," and the body
holds the absolute link on `SITE_URL` (which `make run PORT=...` sets), or, for a signing party
without an account, their personal link. One e-mail per person, so each is greeted by name."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.aanmelding import aanmelden, wijzig_status
from deelnemers.constants import DeelnemerStatus
from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from erkenningen.services import leg_vast
from intake.services import geef_advies, stuur_advies_herinneringen
from monitoring.models import MonitorRapport
from monitoring.rapport import stuur_herinneringen as stuur_rapport_herinneringen
from ondertekening.models import Ondertekening
from overeenkomsten.constants import OvereenkomstSoort, VersieStatus
from overeenkomsten.herinneringen import stuur_herinneringen as stuur_plok_herinneringen
from overeenkomsten.models import OvereenkomstVersie
from overeenkomsten.services import wijzig_overeenkomst
from pilots.roles import Role
from pilots.services import voeg_lid_toe
from trajecten.constants import TrajectStatus
from trajecten.models import Nameting, Traject
from trajecten.uitstroom import stuur_einddatum_herinneringen, vraag_nametingen
from trajecten.voortgang import registreer_kwaliteitsmoment

from .factories import UserFactory
from .overeenkomsten_support import genereer, klaar_traject, links, teken, verstuur

SITE = "http://127.0.0.1:8123"
TODAY = timezone.localdate  # read per use: a run may cross midnight


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    # As `make run PORT=8123` sets it: every link must follow.
    settings.SITE_URL = SITE


def _aan(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


def groet_en_link(message: mail.EmailMessage, naam: str, link: str) -> None:
    """The e-mail opens with "Beste <naam>," and holds `link` (a path on this site, or an
    absolute URL) whole, on a line of its own or at the end of a line."""
    regels = message.body.splitlines()
    assert regels[0] == f"Beste {naam},", message.body
    absoluut = link if "://" in link else SITE + link
    assert any(r == absoluut or r.endswith(" " + absoluut) for r in regels), message.body
    assert "127.0.0.1:8000" not in message.body
    assert "Dear" not in message.body and "Hello" not in message.body


def _naam(user: Any) -> str:
    return user.get_full_name()


class TestAccountNotifications:
    """To people with an account: greeted by their name, linked to the object on this site."""

    def test_a_referral_greets_the_mbo_and_links_to_the_dossier(
        self, world, django_capture_on_commit_callbacks
    ):
        mbo = world.user(Role.MBO_MEDEWERKER)
        with django_capture_on_commit_callbacks(execute=True):
            deelnemer = aanmelden(
                actor=world.user(Role.VERWIJZER),
                pilot=world.alpha.pilot,
                voornaam="Zoë",
                achternaam="Ünal",
                geboortedatum=date(1990, 5, 6),
                toestemming=True,
                toestemming_doelen=[],
                email="zoe@example.test",
            )
        (message,) = _aan(mbo.email)
        groet_en_link(message, _naam(mbo), deelnemer.get_absolute_url())
        assert "Zoë Ünal" in message.body

    def test_the_verwijzer_is_greeted_when_their_candidate_starts_and_gets_advice(
        self, world, django_capture_on_commit_callbacks
    ):
        verwijzer = world.user(Role.VERWIJZER)
        deelnemer = world.alpha.deelnemer
        with django_capture_on_commit_callbacks(execute=True):
            geef_advies(
                actor=world.user(Role.MBO_MEDEWERKER),
                deelnemer=deelnemer,
                route="praktijkverklaring",
                onderbouwing="Past goed",
                volgende_stap="Traject bij het leerbedrijf",
            )
            wijzig_status(
                actor=world.user(Role.MBO_MEDEWERKER),
                deelnemer=deelnemer,
                status=DeelnemerStatus.IN_TRAJECT,
            )
        advies, gestart = _aan(verwijzer.email)
        for message in (advies, gestart):
            groet_en_link(message, _naam(verwijzer), deelnemer.get_absolute_url())
        assert "Traject bij het leerbedrijf" in advies.body

    def test_an_overdue_advice_reminder_greets_each_mbo_contact(
        self, world, django_capture_on_commit_callbacks
    ):
        tweede = UserFactory(email="tweede@alpha.test", first_name="Tamara", last_name="Twee")
        from pilots.models import Membership

        Membership.objects.create(
            user=tweede, pilot=world.alpha.pilot, organisatie=world.alpha.mbo,
            role=Role.MBO_MEDEWERKER,
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            stuur_advies_herinneringen(today=date(2026, 11, 29))
        deelnemer = world.alpha.deelnemer
        for user in (world.user(Role.MBO_MEDEWERKER), tweede):
            (message,) = [m for m in _aan(user.email) if str(deelnemer) in m.subject]
            groet_en_link(message, _naam(user), deelnemer.get_absolute_url())

    def test_the_monitor_reminder_links_to_the_report(
        self, world, django_capture_on_commit_callbacks
    ):
        rapport = MonitorRapport.objects.create(
            pilot=world.alpha.pilot, periode_start=date(2026, 7, 1), periode_eind=date(2026, 8, 31)
        )
        with django_capture_on_commit_callbacks(execute=True):
            stuur_rapport_herinneringen(vandaag=date(2026, 11, 29))
        pl = world.user(Role.PROJECTLEIDER)
        (message,) = _aan(pl.email)
        groet_en_link(message, _naam(pl), rapport.get_absolute_url())

    def test_a_traject_past_its_end_date_and_the_follow_up_question(
        self, world, django_capture_on_commit_callbacks
    ):
        Traject.objects.filter(pk=world.alpha.traject.pk).update(
            status=TrajectStatus.LOPEND,
            startdatum=TODAY() - timedelta(days=100),
            geplande_einddatum=TODAY() - timedelta(days=1),
        )
        from trajecten.uitstroom import add_months

        einde = add_months(TODAY(), -6)
        Traject.objects.filter(pk=world.beta.traject.pk).update(
            status=TrajectStatus.AFGEROND, startdatum=einde - timedelta(days=120), einddatum=einde
        )
        with django_capture_on_commit_callbacks(execute=True):
            stuur_einddatum_herinneringen(today=TODAY())
            vraag_nametingen(today=TODAY())
        mbo, pl = world.user(Role.MBO_MEDEWERKER), world.user(Role.PROJECTLEIDER)
        for user in (mbo, pl):
            (message,) = _aan(user.email)
            groet_en_link(message, _naam(user), world.alpha.traject.get_absolute_url())
        verwijzer = world.beta.users[Role.VERWIJZER]
        nameting = Nameting.objects.get(traject=world.beta.traject)
        (message,) = _aan(verwijzer.email)
        groet_en_link(message, _naam(verwijzer), reverse("trajecten:nameting", args=[nameting.pk]))

    def test_a_quality_review_greets_the_praktijkopleider_and_the_jobcoach_each(
        self, world, django_capture_on_commit_callbacks
    ):
        traject = world.alpha.traject
        with django_capture_on_commit_callbacks(execute=True):
            registreer_kwaliteitsmoment(
                actor=world.user(Role.MBO_MEDEWERKER),
                traject=traject,
                moment="midden",
                datum=TODAY(),
                uitkomst="bijsturen",
                toelichting="Minder uren op de heftruck",
            )
        for role in (Role.PRAKTIJKOPLEIDER, Role.JOBCOACH):
            user = world.user(role)
            (message,) = _aan(user.email)
            groet_en_link(message, _naam(user), traject.get_absolute_url() + "#kwaliteit")
            assert "Minder uren op de heftruck" in message.body
            assert "Het mbo heeft een kwaliteitsmoment" in message.body

    def test_a_new_member_and_an_existing_member_are_greeted(
        self, world, django_capture_on_commit_callbacks
    ):
        pl = world.user(Role.PROJECTLEIDER)
        bestaand = world.beta.users[Role.JOBCOACH]
        with django_capture_on_commit_callbacks(execute=True):
            voeg_lid_toe(
                actor=pl, pilot=world.alpha.pilot, email="nieuw@alpha.test",
                role=Role.JOBCOACH, organisatie=world.alpha.mbo,
                first_name="Noor", last_name="Nieuw",
                invite_url=lambda user: f"{SITE}/account/wachtwoord/kies/{user.pk}/",
            )  # fmt: skip
            voeg_lid_toe(
                actor=pl, pilot=world.alpha.pilot, email=bestaand.email,
                role=Role.JOBCOACH, organisatie=world.alpha.mbo,
            )  # fmt: skip
        (uitnodiging,) = _aan("nieuw@alpha.test")
        assert re.search(r"/account/wachtwoord/kies/\d+/$", uitnodiging.body, re.M)
        groet_en_link(
            uitnodiging, "Noor Nieuw", re.findall(r"^(http\S+)$", uitnodiging.body, re.M)[0]
        )
        (toegevoegd,) = _aan(bestaand.email)
        groet_en_link(toegevoegd, _naam(bestaand), reverse("pilots:pilot-detail", args=["alpha"]))

    def test_the_password_reset_greets_the_account_by_name(
        self, world, client, django_capture_on_commit_callbacks
    ):
        user = world.user(Role.PROJECTLEIDER)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": user.email})
        (message,) = _aan(user.email)
        link = re.search(r"^(http\S+/)$", message.body, re.M)
        assert link is not None, message.body
        groet_en_link(message, _naam(user), link.group(1))


@pytest.mark.django_db(transaction=True)
class TestSigningNotifications:
    """To signing parties (no account): greeted by the name in the document, with their own
    personal link."""

    def test_the_link_the_code_and_the_final_document(self, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = klaar_traject(world)
        genereer(traject, mbo)
        client = Client()
        client.force_login(mbo)
        verstuur(client, traject)
        deelnemer = traject.deelnemer
        (uitnodiging,) = _aan(deelnemer.email)
        o = Ondertekening.objects.filter(email=deelnemer.email).first()
        token = links(deelnemer.email)[0]
        groet_en_link(uitnodiging, o.naam, reverse("ondertekenen", args=[token]))
        for token in links():
            teken(Client(), token)
        code = next(m for m in _aan(deelnemer.email) if "code" in m.subject.lower())
        # Greeted, but without the signing link: link and code never travel in one e-mail.
        assert code.body.splitlines()[0] == f"Beste {o.naam},"
        assert "/ondertekenen/" not in code.body
        definitief = [m for m in _aan(deelnemer.email) if "/ondertekenen/definitief/" in m.body]
        assert len(definitief) == 3  # OOK, POK and PLOK
        for message in definitief:
            link = re.search(r"^(http\S+/ondertekenen/definitief/\S+/)$", message.body, re.M)
            groet_en_link(message, o.naam, link.group(1))

    def test_a_changed_agreement_greets_each_party(self, world):
        """The one notification without a link: the old link only says the version changed,
        and the link to sign the new version comes with its own e-mail."""
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = klaar_traject(world)
        ook = genereer(traject, mbo)[OvereenkomstSoort.OOK]
        client = Client()
        client.force_login(mbo)
        verstuur(client, traject)
        mail.outbox.clear()
        wijzig_overeenkomst(actor=mbo, overeenkomst=ook, wijzigingen={"startdatum": "2026-11-09"})
        ontvangers = {o.email: o.naam for o in Ondertekening.objects.exclude(email="")}
        assert mail.outbox
        for message in mail.outbox:
            (adres,) = message.to
            assert message.body.splitlines()[0] == f"Beste {ontvangers[adres]},"

    def test_a_revoked_erkenning_greets_the_mbo_and_links_to_the_traject(self, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = klaar_traject(world)
        genereer(traject, mbo)
        client = Client()
        client.force_login(mbo)
        verstuur(client, traject)
        mail.outbox.clear()
        org = world.alpha.leerbedrijf
        erkenning = Erkenning.objects.get(organisatie=org, soort=ErkenningSoort.LEERBEDRIJF)
        leg_vast(
            actor=mbo, organisatie=org, kwalificatie=erkenning.kwalificatie,
            soort=ErkenningSoort.LEERBEDRIJF, status=ErkenningStatus.INGETROKKEN,
            sinds=date(2026, 11, 1), bron="SBB register", gecontroleerd_op=TODAY(), contact="",
        )  # fmt: skip
        (message,) = _aan(mbo.email)
        groet_en_link(message, _naam(mbo), traject.get_absolute_url())

    def test_a_plok_that_ends_soon_greets_the_mbo_and_the_projectleider(self, world):
        mbo = world.user(Role.MBO_MEDEWERKER)
        traject = klaar_traject(world)
        plok = genereer(traject, mbo)[OvereenkomstSoort.PLOK]
        Traject.objects.filter(pk=traject.pk).update(status=TrajectStatus.LOPEND)
        OvereenkomstVersie.objects.filter(overeenkomst=plok).update(
            status=VersieStatus.ONDERTEKEND, einddatum=TODAY() + timedelta(days=20)
        )
        mail.outbox.clear()
        assert stuur_plok_herinneringen() == 1
        for user in (mbo, world.user(Role.PROJECTLEIDER)):
            (message,) = _aan(user.email)
            groet_en_link(message, _naam(user), traject.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_the_issued_verklaring_greets_the_participant_and_links_to_its_verification(world):
    from verklaringen.services import geef_uit, maak_mbo_verklaring

    from .test_verklaringen import gestart, signed_pv

    traject = gestart(klaar_traject(world))
    po = world.user(Role.PRAKTIJKOPLEIDER)
    from trajecten.constants import WerkprocesStatus
    from trajecten.voortgang import zet_werkproces_status

    w1 = traject.traject_werkprocessen.order_by("werkproces__code").first()
    zet_werkproces_status(
        actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel="Ontvangt zelfstandig goederen.",
    )  # fmt: skip
    # The praktijkopleider's signing e-mail: greeted by the name in the praktijkverklaring.
    mail.outbox.clear()
    pv = signed_pv(world, traject)
    uitnodiging = _aan(po.email)[0]
    groet_en_link(uitnodiging, _naam(po), reverse("ondertekenen", args=[links(po.email)[0]]))
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    mail.outbox.clear()
    registratie = geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)
    (message,) = _aan(traject.deelnemer.email)
    groet_en_link(
        message,
        registratie.houder_naam,
        reverse("verificatie-code", args=[registratie.verificatiecode]),
    )
    assert message.attachments[0][0] == f"{registratie.nummer}.pdf"
