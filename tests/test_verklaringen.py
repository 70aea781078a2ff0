"""The praktijkverklaring and mbo-verklaring: only mastered werkprocessen, signed online by the
praktijkopleider, issued by the examencommissie of the institution (registered, sealed, e-mailed
to the participant), corrections that supersede, and stacking per participant."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ondertekening.models import Ondertekening
from pilots.roles import Role
from trajecten.constants import WerkprocesStatus
from trajecten.models import Traject
from trajecten.voortgang import zet_werkproces_status
from verklaringen.constants import PraktijkverklaringStatus, RegistratieStatus
from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    maak_mbo_verklaring,
    verstuur_naar_praktijkopleider,
)

from .overeenkomsten_support import klaar_traject, last_code, links, pdf_text

# Real commits: PDFs, seals and e-mails are queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


GESTART = date(2026, 11, 2)


def gestart(traject):
    """The traject has started (a werkproces is marked beheerst only once it has)."""
    Traject.objects.filter(pk=traject.pk).update(status="lopend", startdatum=GESTART)
    traject.refresh_from_db()
    return traject


@pytest.fixture
def traject(world):
    """A running traject of which the praktijkopleider marked B1-K1-W1 beheerst; W2 is still
    bezig."""
    traject = gestart(klaar_traject(world))
    po = world.user(Role.PRAKTIJKOPLEIDER)
    w1, w2 = traject.traject_werkprocessen.order_by("werkproces__code")
    zet_werkproces_status(
        actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel="Ontvangt zelfstandig goederen en controleert de pakbon.",
    )  # fmt: skip
    zet_werkproces_status(actor=po, traject_werkproces=w2, status=WerkprocesStatus.BEZIG)
    return traject


def sign_as_praktijkopleider(world) -> None:
    email = world.user(Role.PRAKTIJKOPLEIDER).email
    token = links(email)[-1]
    signer = Client()
    url = reverse("ondertekenen", args=[token])
    signer.post(url, {"stap": "code"})
    signer.post(url, {"stap": "controleer", "code": last_code(email)})
    naam = world.user(Role.PRAKTIJKOPLEIDER).get_full_name()
    response = signer.post(url, {"stap": "teken", "naam": naam, "akkoord": "on"})
    assert response.status_code == 200


def signed_pv(world, traject) -> Praktijkverklaring:
    mbo = world.user(Role.MBO_MEDEWERKER)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    sign_as_praktijkopleider(world)
    pv.refresh_from_db()
    return pv


def test_a_praktijkverklaring_lists_only_the_mastered_werkprocessen(client, world, traject):
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    response = client.post(reverse("verklaringen:praktijkverklaring-maak", args=[traject.pk]))
    pv = Praktijkverklaring.objects.get(traject=traject)
    assert response["Location"] == pv.get_absolute_url()
    assert [w["code"] for w in pv.inhoud["werkprocessen"]] == ["B1-K1-W1"]
    assert pv.volgnummer == 1 and pv.status == PraktijkverklaringStatus.CONCEPT
    text = pdf_text(pv.pdf.read())
    assert "B1-K1-W1" in text and "Ontvangt goederen" in text
    assert "B1-K1-W2" not in text and "Slaat goederen op" not in text
    assert "25256" in text and "alpha-1" in text  # kwalificatie and SBB leerbedrijf-ID


def test_nothing_mastered_means_no_praktijkverklaring(client, world):
    traject = klaar_traject(world)
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    response = client.post(
        reverse("verklaringen:praktijkverklaring-maak", args=[traject.pk]), follow=True
    )
    assert "Er is nog geen werkproces van dit traject beheerst" in response.content.decode()
    assert not Praktijkverklaring.objects.exists()


def test_the_praktijkopleider_signs_the_praktijkverklaring_online(world, traject):
    pv = signed_pv(world, traject)
    assert pv.status == PraktijkverklaringStatus.ONDERTEKEND
    assert pv.inhoud["ondertekend"]["naam"] == world.user(Role.PRAKTIJKOPLEIDER).get_full_name()
    o = Ondertekening.objects.get(praktijkverklaring=pv)
    assert o.document_sha256 == pv.pdf_sha256 and o.ip_adres


def test_a_pending_praktijkverklaring_signature_gets_one_reminder_after_five_days(world, traject):
    from datetime import timedelta

    from django.utils import timezone

    from ondertekening.tasks import ondertekening_herinneringen

    mbo = world.user(Role.MBO_MEDEWERKER)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    Ondertekening.objects.filter(praktijkverklaring=pv).update(
        verstuurd_op=timezone.now() - timedelta(days=5, minutes=1)
    )
    mail.outbox.clear()
    assert ondertekening_herinneringen.delay().get() == 1
    assert ondertekening_herinneringen.delay().get() == 0
    (message,) = mail.outbox
    assert "Herinnering" in message.body and "Praktijkverklaring" in message.subject
    sign_as_praktijkopleider(world)  # through the reminder's fresh link
    pv.refresh_from_db()
    assert pv.status == PraktijkverklaringStatus.ONDERTEKEND


def test_only_the_examencommissie_of_the_institution_issues(world, traject):
    pv = signed_pv(world, traject)
    mbo = world.user(Role.MBO_MEDEWERKER)
    mv = maak_mbo_verklaring(
        actor=mbo, praktijkverklaring=pv, overige_resultaten="Taal 2F deelcertificaat"
    )
    for user in (mbo, world.user(Role.PROJECTLEIDER), world.beta.users[Role.EXAMENCOMMISSIE]):
        with pytest.raises(PermissionDenied):
            geef_uit(actor=user, mbo_verklaring=mv)
    assert not Registratie.objects.exists()
    mail.outbox.clear()
    registratie = geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)
    mv.refresh_from_db()
    registratie.refresh_from_db()
    assert registratie.nummer.startswith("MV-") and len(registratie.verificatiecode) == 12
    assert registratie.houder_naam == pv.inhoud["deelnemer"]["naam"]
    assert [w["code"] for w in registratie.werkprocessen] == ["B1-K1-W1"]
    # sealed PDF, registered by its SHA-256, and e-mailed to the participant
    assert mv.pdf and registratie.pdf_sha256
    data = mv.pdf.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == registratie.pdf_sha256
    text = pdf_text(data)
    assert "B1-K1-W1" in text and "B1-K1-W2" not in text
    assert registratie.verificatiecode in text.replace(" ", "")
    (message,) = [m for m in mail.outbox if traject.deelnemer.email in m.to]
    assert message.attachments[0][0] == f"{registratie.nummer}.pdf"
    assert f"/verificatie/{registratie.verificatiecode}/" in message.body
    # issued documents never change
    with pytest.raises(ValidationError):
        geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)


def test_a_werkproces_no_longer_beheerst_cannot_be_issued(world, traject):
    pv = signed_pv(world, traject)
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    w1 = traject.traject_werkprocessen.get(werkproces__code="B1-K1-W1")
    zet_werkproces_status(
        actor=world.user(Role.PRAKTIJKOPLEIDER),
        traject_werkproces=w1,
        status=WerkprocesStatus.BEZIG,
    )
    with pytest.raises(ValidationError, match="B1-K1-W1"):
        geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)
    assert not Registratie.objects.exists()


def test_a_correction_supersedes_the_issued_verklaring(world, traject):
    pv = signed_pv(world, traject)
    mbo, exa = world.user(Role.MBO_MEDEWERKER), world.user(Role.EXAMENCOMMISSIE)
    eerste = geef_uit(
        actor=exa, mbo_verklaring=maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv)
    )
    with pytest.raises(ValidationError):
        maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv)  # not without naming the correction
    correctie = maak_mbo_verklaring(
        actor=mbo, praktijkverklaring=pv, overige_resultaten="Rekenen 2F", vervangt=eerste
    )
    tweede = geef_uit(actor=exa, mbo_verklaring=correctie)
    eerste.refresh_from_db()
    assert eerste.status == RegistratieStatus.VERVANGEN and eerste.vervangen_door == tweede
    assert tweede.status == RegistratieStatus.GELDIG


def test_the_stacking_overview_shows_the_distance_to_the_kwalificatie(
    client, world, traject, django_assert_max_num_queries
):
    pv = signed_pv(world, traject)
    geef_uit(
        actor=world.user(Role.EXAMENCOMMISSIE),
        mbo_verklaring=maak_mbo_verklaring(
            actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv
        ),
    )
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_max_num_queries(25):
        response = client.get(reverse("verklaringen:stapeling", args=[traject.deelnemer_id]))
    html = response.content.decode()
    assert "1 of 2 werkprocessen covered." in html
    assert "B1-K1-W2 Slaat goederen op" in html  # still to learn
    assert MboVerklaring.objects.get().registratie.verificatiecode in html


def test_over_the_api_only_the_examencommissie_issues_and_only_what_is_beheerst(
    client, world, traject
):
    pv = signed_pv(world, traject)
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    url = f"/api/v1/mbo-verklaringen/{mv.pk}/issue/"
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    assert client.post(url).status_code == 403
    # the praktijkopleider takes "beheerst" back before the examencommissie issues
    w1 = traject.traject_werkprocessen.get(werkproces__code="B1-K1-W1")
    zet_werkproces_status(
        actor=world.user(Role.PRAKTIJKOPLEIDER),
        traject_werkproces=w1,
        status=WerkprocesStatus.BEZIG,
    )
    client.force_login(world.user(Role.EXAMENCOMMISSIE))
    response = client.post(url)
    assert response.status_code == 400 and "B1-K1-W1" in response.content.decode()
    assert not Registratie.objects.exists()
    zet_werkproces_status(
        actor=world.user(Role.PRAKTIJKOPLEIDER), traject_werkproces=w1,
        status=WerkprocesStatus.BEHEERST, samenvattend_oordeel="Weer zelfstandig.",
    )  # fmt: skip
    response = client.post(url)
    assert response.status_code == 200
    body = response.json()
    assert body["uitgegeven"] and body["registratie"]["status"] == "geldig"
    assert [w["code"] for w in body["werkprocessen"]] == ["B1-K1-W1"]


def test_the_beheerst_check_tells_kwalificaties_apart(world, traject):
    """Werkproces codes repeat across kwalificaties: B1-K1-W1 of another crebo being beheerst
    does not make B1-K1-W1 of this one beheerst."""
    from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
    from trajecten.models import TrajectWerkproces

    k = Kwalificatie.objects.create(crebo="25999", naam="Andere", niveau="2", domein="Logistiek")
    kt = Kerntaak.objects.create(kwalificatie=k, code="B1-K1", naam="Kerntaak")
    wp = Werkproces.objects.create(kerntaak=kt, kwalificatie=k, code="B1-K1-W1", naam="Ander")
    andere = TrajectWerkproces.objects.create(traject=traject, werkproces=wp)
    po = world.user(Role.PRAKTIJKOPLEIDER)
    zet_werkproces_status(
        actor=po, traject_werkproces=andere, status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel="Goed.",
    )  # fmt: skip
    pv = signed_pv(world, traject)
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    eigen = traject.traject_werkprocessen.get(werkproces__kwalificatie__crebo="25256",
                                              werkproces__code="B1-K1-W1")  # fmt: skip
    zet_werkproces_status(actor=po, traject_werkproces=eigen, status=WerkprocesStatus.BEZIG)
    with pytest.raises(ValidationError, match="25256 B1-K1-W1"):
        geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)
    assert not Registratie.objects.exists()


def test_a_revoked_verklaring_cannot_be_superseded_and_the_beheerder_cannot_issue(world, traject):
    from verklaringen.register import trek_in

    pv = signed_pv(world, traject)
    mbo, exa = world.user(Role.MBO_MEDEWERKER), world.user(Role.EXAMENCOMMISSIE)
    with pytest.raises(PermissionDenied):
        geef_uit(
            actor=world.beheerder,
            mbo_verklaring=maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv),
        )
    eerste = geef_uit(actor=exa, mbo_verklaring=MboVerklaring.objects.get())
    correctie = maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv, vervangt=eerste)
    trek_in(actor=exa, registratie=eerste, reden="Uitgegeven aan de verkeerde persoon")
    with pytest.raises(ValidationError):
        geef_uit(actor=exa, mbo_verklaring=correctie)
    eerste.refresh_from_db()
    assert eerste.status == RegistratieStatus.INGETROKKEN and eerste.vervangen_door is None


def test_only_the_examencommissie_reads_the_reason_for_revoking(client, world, traject):
    from verklaringen.register import trek_in

    pv = signed_pv(world, traject)
    exa = world.user(Role.EXAMENCOMMISSIE)
    registratie = geef_uit(
        actor=exa,
        mbo_verklaring=maak_mbo_verklaring(
            actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv
        ),
    )
    trek_in(actor=exa, registratie=registratie, reden="Interne reden zomaar")
    for role in (Role.PRAKTIJKOPLEIDER, Role.MBO_MEDEWERKER):
        client.force_login(world.user(role))
        assert "zomaar" not in client.get("/api/v1/registraties/").content.decode()
    client.force_login(exa)
    assert "zomaar" in client.get("/api/v1/registraties/").content.decode()


def test_public_rate_limits_count_per_visitor_behind_the_proxy(client, world, settings):
    from django.core.cache import cache

    settings.NUM_PROXIES = 1
    cache.clear()
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").get("/verificatie/ABCDEFGHJKMN/").status_code
        for i in range(35)
    ]
    assert 429 not in statuses  # 35 different visitors
    same = Client(HTTP_X_FORWARDED_FOR="198.51.100.200")
    statuses = [same.get("/verificatie/ABCDEFGHJKMN/").status_code for _ in range(31)]
    assert statuses[-1] == 429 and statuses[0] == 404
    cache.clear()


def test_a_praktijkverklaring_can_be_withdrawn_and_prepared_again(client, world, traject):
    mbo = world.user(Role.MBO_MEDEWERKER)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    client.force_login(mbo)
    client.post(reverse("verklaringen:praktijkverklaring-intrekken", args=[pv.pk]))
    pv.refresh_from_db()
    assert pv.status == PraktijkverklaringStatus.VERVALLEN
    assert Ondertekening.objects.get(praktijkverklaring=pv).vervallen_op is not None
    nieuw = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    assert nieuw.volgnummer == 1  # a withdrawn one does not count
