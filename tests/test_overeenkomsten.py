"""OOK, POK and PLOK: generated from the traject, validated together before signing, rendered to
PDF once per version, signed online with a personal link plus an e-mailed code, and sealed with
an audit page. Edge cases from the issue: a PLOK of 41 weeks, differing start dates, a link used
twice, an expired link, wrong codes, and a change after signing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from deelnemers.constants import DeelnemerStatus
from ondertekening.constants import MAX_CODE_POGINGEN, GebeurtenisSoort
from ondertekening.models import Ondertekening
from ondertekening.tasks import ondertekening_herinneringen
from overeenkomsten.constants import OvereenkomstSoort, PdfStatus, VersieStatus
from overeenkomsten.models import Overeenkomst, OvereenkomstVersie
from overeenkomsten.services import render_versie_pdf, wijzig_overeenkomst
from overeenkomsten.tasks import render_overeenkomst_pdf
from pilots.roles import Role
from trajecten.constants import TrajectStatus

from .overeenkomsten_support import (
    _pk,
    genereer,
    klaar_traject,
    last_code,
    links,
    pdf_text,
    teken,
    verstuur,
)

# Real commits: the PDFs and e-mails are queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mbo(world):
    return world.user(Role.MBO_MEDEWERKER)


@pytest.fixture
def traject(world):
    return klaar_traject(world)


def test_the_mbo_generates_three_agreements_each_with_a_rendered_pdf(client, world, traject, mbo):
    client.force_login(mbo)
    response = client.post(reverse("overeenkomsten:genereer", args=[traject.pk]))
    assert response.status_code == 302
    soorten = set(traject.overeenkomsten.values_list("soort", flat=True))
    assert soorten == {"ook", "pok", "plok"}
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject):
        assert versie.nummer == 1 and versie.pdf_status == PdfStatus.KLAAR
        text = pdf_text(versie.pdf.read())
        assert "2 november 2026" in text
        assert "ROC Alphastad" in text if versie.overeenkomst.soort != "plok" else True
        assert world.alpha.other_deelnemer.achternaam in text
    pok = OvereenkomstVersie.objects.get(overeenkomst__soort="pok", overeenkomst__traject=traject)
    text = pdf_text(pok.pdf.read())
    assert "B1-K1-W1" in text and "Slaat goederen op" in text
    assert "Leerbedrijf Alphastad" in text and "32" in text


def test_the_pdf_task_run_twice_for_one_version_produces_one_document(world, traject, mbo):
    versie = genereer(traject, mbo)["pok"].huidige_versie
    first_name, first_sha = versie.pdf.name, versie.pdf_sha256
    render_overeenkomst_pdf.delay(versie.pk)
    render_versie_pdf(versie.pk)
    versie.refresh_from_db()
    assert (versie.pdf.name, versie.pdf_sha256) == (first_name, first_sha)
    folder = Path(settings.MEDIA_ROOT) / Path(first_name).parent
    assert [p.name for p in folder.iterdir() if p.name.startswith("pok-")] == [
        Path(first_name).name
    ]


def test_a_plok_of_41_weeks_is_named_and_nothing_is_sent(client, world, traject, mbo):
    plok = genereer(traject, mbo)["plok"]
    wijzig_overeenkomst(
        actor=mbo,
        overeenkomst=plok,
        wijzigingen={"einddatum": (date(2026, 11, 2) + timedelta(weeks=41)).isoformat()},
    )
    mail.outbox.clear()
    client.force_login(mbo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = verstuur(client, traject).content.decode()
    assert "PLOK: it runs 41 weeks; a PLOK may run at most 40 weeks." in html
    assert not Ondertekening.objects.exists() and not mail.outbox
    assert set(
        OvereenkomstVersie.objects.exclude(status="vervallen").values_list("status", flat=True)
    ) == {"concept"}


def test_differing_start_dates_are_named_in_dutch(client, world, traject, mbo):
    ook = genereer(traject, mbo)["ook"]
    wijzig_overeenkomst(actor=mbo, overeenkomst=ook, wijzigingen={"startdatum": "2026-11-09"})
    client.force_login(mbo)
    html = verstuur(client, traject).content.decode()
    assert "De startdatum moet in alle overeenkomsten gelijk zijn" in html
    assert "OOK 9 november 2026" in html and "POK 2 november 2026" in html
    assert not Ondertekening.objects.exists()


def test_missing_signatory_and_recognition_are_each_named(client, world, traject, mbo):
    from erkenningen.constants import ErkenningStatus
    from erkenningen.models import Erkenning

    genereer(traject, mbo)
    plok = Overeenkomst.objects.get(traject=traject, soort="plok")
    versie = plok.huidige_versie
    partijen = [
        {**p, "naam": "", "email": "geen-adres"} if p["rol"] == "mobiliteitsteam" else p
        for p in versie.inhoud["partijen"]
    ]
    wijzig_overeenkomst(actor=mbo, overeenkomst=plok, wijzigingen={"partijen": partijen})
    Erkenning.objects.filter(organisatie=world.alpha.leerbedrijf).update(
        status=ErkenningStatus.GEEN
    )
    client.force_login(mbo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = verstuur(client, traject).content.decode()
    assert "PLOK: the name of the signatory for Regional mobility team" in html
    assert "PLOK: the signatory&#x27;s e-mail address for Regional mobility team" in html
    assert "Leerbedrijf Alphastad" in html and "25256" in html
    assert not Ondertekening.objects.exists()


def test_every_party_signs_through_its_link_and_the_final_pdfs_carry_the_audit_page(
    client, world, traject, mbo
):
    genereer(traject, mbo)
    client.force_login(mbo)
    mail.outbox.clear()
    verstuur(client, traject)
    assert Ondertekening.objects.count() == 2 + 3 + 3
    tokens = links()
    # one link per person for all their agreements (issue 11): participant, mbo, leerbedrijf,
    # mobiliteitsteam
    assert len(tokens) == 4 and len(mail.outbox) == 4
    # a party needs no account: a fresh browser per link
    from django.test import Client

    for token in tokens:
        response = teken(Client(), token)
        assert response.status_code == 200
        assert "data-ondertekend" in response.content.decode()
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject):
        assert versie.status == VersieStatus.ONDERTEKEND
        assert versie.definitief_pdf
        text = pdf_text(versie.definitief_pdf.read())
        assert "Auditpagina" in text and versie.pdf_sha256[:16] in text.replace("\n", "")
        assert "2 november 2026" in text and "203.0.113.7" in text
    o = Ondertekening.objects.filter(rol="deelnemer").first()
    assert o.ip_adres == "203.0.113.7" and o.user_agent == "Mozilla/5.0 (test phone)"
    assert o.document_sha256 == o.document.pdf_sha256 and o.getekende_naam == o.naam.upper()
    soorten = set(o.gebeurtenissen.values_list("soort", flat=True))
    assert {"verstuurd", "geopend", "code_verstuurd", "code_goed", "getekend"} <= soorten
    # now the traject can start, and the participant is in a traject
    client.post(reverse("trajecten:traject-start", args=[traject.pk]))
    traject.refresh_from_db()
    traject.deelnemer.refresh_from_db()
    assert traject.status == TrajectStatus.LOPEND
    assert traject.deelnemer.status == DeelnemerStatus.IN_TRAJECT


def test_a_signing_link_used_twice_is_refused(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links(world.alpha.other_deelnemer.email)[0]
    from django.test import Client

    teken(Client(), token)
    response = Client().get(reverse("ondertekenen", args=[token]))
    assert response.status_code == 410
    assert "Deze link is al gebruikt: u heeft ondertekend op" in response.content.decode()
    # and it cannot be used to sign again
    response = Client().post(
        reverse("ondertekenen", args=[token]),
        {"stap": "teken", "naam": "Nog Eens", "akkoord": "on"},
    )
    assert response.status_code == 410
    # one session: the participant signed the OOK, POK and PLOK at once (issue 11)
    getekend = Ondertekening.objects.filter(getekend_op__isnull=False)
    assert getekend.count() == 3 and {o.rol for o in getekend} == {"deelnemer"}
    assert {o.getekende_naam for o in getekend} == {getekend[0].naam.upper()}


def test_an_expired_link_is_refused_with_its_date(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]
    o = Ondertekening.objects.get(pk=_pk(token))
    o.link_verloopt_op = timezone.now() - timedelta(minutes=1)
    o.save()
    response = client.get(reverse("ondertekenen", args=[token]))
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()
    # a new link from the mbo works again
    client.post(reverse("overeenkomsten:opnieuw", args=[o.pk]))
    new = links(o.email)[-1]
    assert new != token and client.get(reverse("ondertekenen", args=[new])).status_code == 200


def test_wrong_codes_are_limited_and_block_the_link(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]
    url = reverse("ondertekenen", args=[token])
    from django.test import Client

    signer = Client()
    signer.post(url, {"stap": "code"})
    o = Ondertekening.objects.get(pk=_pk(token))
    goed = last_code(o.email)
    fout = "000000" if goed != "000000" else "111111"
    for i in range(MAX_CODE_POGINGEN - 1):
        response = signer.post(url, {"stap": "controleer", "code": fout})
        assert response.status_code == 400
        over = MAX_CODE_POGINGEN - 1 - i
        # "nog 1 poging", in the singular (issue 11)
        tekst = "nog 1 poging." if over == 1 else f"nog {over} pogingen."
        assert tekst in response.content.decode()
    signer.post(url, {"stap": "controleer", "code": fout})
    # blocked: even the right code no longer helps
    response = signer.post(url, {"stap": "controleer", "code": goed})
    assert response.status_code == 410
    o.refresh_from_db()
    assert o.code_pogingen == MAX_CODE_POGINGEN and o.getekend_op is None
    assert o.gebeurtenissen.filter(soort=GebeurtenisSoort.GEBLOKKEERD).exists()


def test_changing_a_signed_agreement_makes_a_new_version_and_voids_its_signatures(
    client, world, traject, mbo
):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    pok = Overeenkomst.objects.get(traject=traject, soort="pok")
    from django.test import Client

    po = world.alpha.users[Role.PRAKTIJKOPLEIDER].email
    teken(Client(), links(po)[0])  # the leerbedrijf signs the POK and PLOK in one session
    mbo_link = links(mbo.email)[0]  # the mbo's link: OOK and POK
    deelnemer_link = links(traject.deelnemer.email)[0]  # OOK, POK and PLOK
    mail.outbox.clear()
    response = client.post(
        reverse("overeenkomsten:wijzig", args=[pok.pk]),
        {
            **{k: v for k, v in _form_initial(pok).items() if v is not None},
            "beoordeling": "Nieuwe afspraak over de beoordeling.",
        },
    )
    assert response.status_code == 302
    v1, v2 = pok.versies.order_by("nummer")
    assert v1.status == VersieStatus.VERVALLEN and v2.nummer == 2
    assert v2.status == VersieStatus.CONCEPT and v2.pdf_status == PdfStatus.KLAAR
    assert v1.ondertekeningen.filter(vervallen_op__isnull=False).count() == 3
    # the signed signature is kept as evidence, marked void
    assert v1.ondertekeningen.filter(getekend_op__isnull=False, vervallen_op__isnull=False).exists()
    notified = {address for m in mail.outbox for address in m.to}
    assert notified == set(v1.ondertekeningen.values_list("email", flat=True))
    assert "Nieuwe afspraak over de beoordeling." in pdf_text(v2.pdf.read())
    # the leerbedrijf's PLOK signature stands; the other documents of a session stay signable
    plok = Overeenkomst.objects.get(traject=traject, soort="plok").huidige_versie
    assert plok.ondertekeningen.get(rol="leerbedrijf").getekend_op
    signer = Client()
    url = reverse("ondertekenen", args=[deelnemer_link])
    assert signer.get(url).status_code == 200
    signer.post(url, {"stap": "code"})
    signer.post(url, {"stap": "controleer", "code": last_code(traject.deelnemer.email)})
    html = signer.get(url).content.decode()
    assert 'data-stuk="OOK"' in html and 'data-stuk="PLOK"' in html
    assert 'data-stuk="POK"' not in html
    # once every document of a link was changed, the link says so
    ook = Overeenkomst.objects.get(traject=traject, soort="ook")
    client.post(
        reverse("overeenkomsten:wijzig", args=[ook.pk]),
        {
            **{k: v for k, v in _form_initial(ook).items() if v is not None},
            "einddatum": "2027-05-10",
        },
    )
    response = Client().get(reverse("ondertekenen", args=[mbo_link]))
    assert response.status_code == 410
    assert "is gewijzigd" in response.content.decode()
    # the traject cannot start: the POK lacks signatures
    client.post(reverse("trajecten:traject-start", args=[traject.pk]))
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GEPLAND


def _form_initial(overeenkomst):
    from overeenkomsten.forms import OvereenkomstForm

    return OvereenkomstForm.initial_from(overeenkomst)


def test_anonymising_the_participant_clears_their_signatures_but_not_the_signed_pdf(
    client, world, traject, mbo
):
    from django.test import Client

    from deelnemers.privacy import anonimiseer, inzage
    from ondertekening.models import OndertekenGebeurtenis

    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    for token in links():
        teken(Client(), token)
    deelnemer = traject.deelnemer
    eigen = inzage(deelnemer)["ondertekeningen"]
    naam = str(deelnemer)
    assert len(eigen) == 3 and {o["getekende_naam"] for o in eigen} == {naam.upper()}
    assert {o["ip_adres"] for o in eigen} == {"203.0.113.7"}
    versie = OvereenkomstVersie.objects.get(
        overeenkomst__traject=traject, overeenkomst__soort="pok"
    )
    pdf = versie.definitief_pdf.read()
    anonimiseer(actor=mbo, deelnemer=deelnemer, reden="Verzoek deelnemer")
    ondertekeningen = Ondertekening.objects.filter(traject=traject)
    assert set(
        ondertekeningen.filter(rol="deelnemer").values_list("naam", "getekende_naam", "email")
    ) == {("Geanonimiseerd", "Geanonimiseerd", "")}
    assert not ondertekeningen.filter(ip_adres__isnull=False).exists()
    assert not ondertekeningen.exclude(user_agent="").exists()
    gebeurtenissen = OndertekenGebeurtenis.objects.filter(ondertekening__traject=traject)
    assert gebeurtenissen.exists()
    assert not gebeurtenissen.exclude(ip_adres=None, user_agent="").exists()
    # the other parties keep their names, and the signed PDF (the evidence) does not change
    assert "Geanonimiseerd" not in set(
        ondertekeningen.exclude(rol="deelnemer").values_list("naam", flat=True)
    )
    versie.refresh_from_db()
    assert versie.definitief_pdf.read() == pdf


def test_the_traject_cannot_start_before_ook_and_pok_are_signed(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("trajecten:traject-start", args=[traject.pk]), follow=True)
    assert "(not yet: OOK, POK)" in response.content.decode()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GEPLAND


def test_pending_signatures_get_one_reminder_after_five_days(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    Ondertekening.objects.update(verstuurd_op=timezone.now() - timedelta(days=5, minutes=1))
    mail.outbox.clear()
    # one reminder per person, covering all their documents (issue 11)
    assert ondertekening_herinneringen.delay().get() == 4
    assert ondertekening_herinneringen.delay().get() == 0
    assert len(mail.outbox) == 4 and all("Herinnering" in m.body for m in mail.outbox)
    assert not Ondertekening.objects.exclude(gebeurtenissen__soort="herinnering").exists()
    # the reminder carries a fresh link that works
    assert client.get(reverse("ondertekenen", args=[links()[0]])).status_code == 200


def test_a_plok_ending_within_four_weeks_is_announced_once(client, world, traject, mbo):
    from overeenkomsten.herinneringen import stuur_herinneringen

    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    from django.test import Client

    for token in links():
        teken(Client(), token)
    client.post(reverse("trajecten:traject-start", args=[traject.pk]))
    OvereenkomstVersie.objects.filter(overeenkomst__soort=OvereenkomstSoort.PLOK).update(
        einddatum=timezone.localdate() + timedelta(weeks=3)
    )
    mail.outbox.clear()
    assert stuur_herinneringen() == 1
    assert stuur_herinneringen() == 0
    # One e-mail per person, each greeted by name.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.alpha.users[Role.PROJECTLEIDER].email, world.alpha.users[Role.MBO_MEDEWERKER].email]
    )


def test_a_praktijkopleider_can_read_the_agreements_but_not_send_or_change_them(
    client, world, traject, mbo
):
    genereer(traject, mbo)
    client.force_login(world.user(Role.PRAKTIJKOPLEIDER))
    pok = Overeenkomst.objects.get(traject=traject, soort="pok")
    assert client.get(pok.get_absolute_url()).status_code == 200
    versie = pok.huidige_versie
    assert client.get(reverse("overeenkomsten:pdf", args=[versie.pk, "concept"])).status_code == 200
    assert client.get(reverse("overeenkomsten:wijzig", args=[pok.pk])).status_code == 403
    assert client.post(reverse("overeenkomsten:verstuur", args=[traject.pk])).status_code == 403
    assert not Ondertekening.objects.exists()


def test_the_signing_pdf_is_shown_only_after_the_code(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]
    from django.test import Client

    signer = Client()
    assert signer.get(reverse("ondertekenen-pdf", args=[token])).status_code == 403
    signer.post(reverse("ondertekenen", args=[token]), {"stap": "code"})
    o = Ondertekening.objects.get(pk=_pk(token))
    signer.post(
        reverse("ondertekenen", args=[token]), {"stap": "controleer", "code": last_code(o.email)}
    )
    response = signer.get(reverse("ondertekenen-pdf", args=[token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_api_shows_agreement_status_but_never_signing_secrets(
    client, world, traject, mbo, django_assert_max_num_queries
):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/overeenkomsten/", {"traject": traject.pk})
    assert response.status_code == 200
    data = response.json()["results"]
    assert {o["soort"] for o in data} == {"ook", "pok", "plok"}
    body = response.content.decode()
    o = Ondertekening.objects.first()
    for secret in ("token_hash", "code_hash", "ip_adres", "user_agent", o.token_hash):
        assert secret not in body
    pok = next(o for o in data if o["soort"] == "pok")
    assert pok["versies"][0]["status"] == "ter_ondertekening"
    assert {s["rol"] for s in pok["versies"][0]["ondertekeningen"]} == {
        "mbo",
        "leerbedrijf",
        "deelnemer",
    }
    # another pilot's projectleider sees none of them
    client.force_login(world.beta.users[Role.PROJECTLEIDER])
    assert client.get("/api/v1/overeenkomsten/").json()["results"] == []


def test_the_signing_page_shows_nothing_personal_before_the_code(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links(world.alpha.other_deelnemer.email)[0]
    from django.test import Client

    html = Client().get(reverse("ondertekenen", args=[token])).content.decode()
    deelnemer = world.alpha.other_deelnemer
    assert deelnemer.achternaam not in html and deelnemer.voornaam not in html
    assert "2 november 2026" not in html and "d***@alpha.test" in html


def test_a_confirmed_code_counts_for_half_an_hour_only(client, world, traject, mbo):
    import time

    from ondertekening import views as ondertekenen_views

    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]
    from django.test import Client

    signer = Client()
    url = reverse("ondertekenen", args=[token])
    signer.post(url, {"stap": "code"})
    o = Ondertekening.objects.get(pk=_pk(token))
    signer.post(url, {"stap": "controleer", "code": last_code(o.email)})
    session = signer.session
    key = f"ondertekening-{o.groep}"
    confirmation = session[key]
    confirmation["at"] = time.time() - ondertekenen_views.BEVESTIGING_GELDIG_SECONDEN - 1
    session[key] = confirmation
    session.save()
    response = signer.post(url, {"stap": "teken", "naam": "Te Laat", "akkoord": "on"})
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.getekend_op is None


def test_a_reminder_does_not_lift_a_block_after_wrong_codes(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    Ondertekening.objects.update(
        code_pogingen=MAX_CODE_POGINGEN,
        verstuurd_op=timezone.now() - timedelta(days=6),
    )
    mail.outbox.clear()
    assert ondertekening_herinneringen.delay().get() == 4
    assert set(Ondertekening.objects.values_list("code_pogingen", flat=True)) == {MAX_CODE_POGINGEN}
    response = client.get(reverse("ondertekenen", args=[links()[0]]))
    assert response.status_code == 410  # still blocked: only a new link from the mbo helps


def test_the_signer_ip_is_taken_from_the_trusted_proxy(client, world, traject, mbo, settings):
    settings.NUM_PROXIES = 1
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]
    from django.test import Client

    signer = Client(HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44")
    teken(signer, token, ip="10.0.0.2")
    assert Ondertekening.objects.get(pk=_pk(token)).ip_adres == "192.0.2.44"


def test_signer_addresses_and_the_audit_pdf_are_for_the_mbo_and_projectleider_only(
    client, world, traject, mbo
):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    from django.test import Client

    for token in links():
        teken(Client(), token)
    pok = Overeenkomst.objects.get(traject=traject, soort="pok")
    versie = pok.huidige_versie
    client.force_login(world.user(Role.VERWIJZER))
    html = client.get(pok.get_absolute_url()).content.decode()
    assert "203.0.113.7" not in html and world.alpha.other_deelnemer.email not in html
    url = reverse("overeenkomsten:pdf", args=[versie.pk, "definitief"])
    assert client.get(url).status_code == 403
    client.force_login(mbo)
    assert client.get(url).status_code == 200


def test_a_failed_pdf_keeps_its_reason_and_the_sweeper_leaves_it(world, traject, mbo):
    from overeenkomsten.tasks import herstart_pdf_taken

    versie = genereer(traject, mbo)["pok"].huidige_versie
    versie.pdf.delete(save=False)
    OvereenkomstVersie.objects.filter(pk=versie.pk).update(
        pdf="",
        pdf_status=PdfStatus.WACHT,
        pdf_aangevraagd_op=timezone.now() - timedelta(hours=1),
        inhoud={**versie.inhoud, "startdatum": "geen-datum"},
    )
    with pytest.raises(ValueError):
        render_versie_pdf(versie.pk)
    versie.refresh_from_db()
    assert versie.pdf_status == PdfStatus.MISLUKT and "geen-datum" in versie.pdf_fout
    assert herstart_pdf_taken() == 0


def test_bad_ids_in_the_api_are_a_404_not_a_500(client, world, mbo):
    client.force_login(mbo)
    for url in (
        "/api/v1/overeenkomsten/?traject=\u00b2",
        "/api/v1/trajecten/?deelnemer=\u00b2",
    ):
        assert client.get(url).status_code == 200
    for url in ("/api/v1/overeenkomsten/abc/", "/api/v1/trajecten/abc/"):
        assert client.get(url).status_code == 404


def test_the_code_step_leads_with_confirming_and_offers_a_new_code_below(
    client, world, traject, mbo
):
    """Issue 11: "Code bevestigen" is the main button, a new code a secondary link below the
    field, and the focus is on the code field."""
    from django.test import Client

    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    url = reverse("ondertekenen", args=[links()[0]])
    signer = Client()
    html = signer.post(url, {"stap": "code"}, follow=True).content.decode()
    veld = html.index('name="code"')
    bevestig = html.index('data-actie="bevestig"')
    nieuw = html.index('data-actie="nieuwe-code"')
    assert veld < bevestig < nieuw
    assert 'class="primary" data-actie="bevestig">Code bevestigen<' in html
    assert 'class="link" data-actie="nieuwe-code">Stuur een nieuwe code<' in html
    assert "autofocus" in html[html.rindex("<input", 0, veld) : html.index(">", veld)]


def test_the_typed_name_must_match_the_signatory_but_case_spaces_and_accents_may_differ(
    client, world, traject, mbo
):
    """Issue 11: anything else than the signatory's name gets a clear message, and nothing is
    signed."""
    from django.test import Client

    from ondertekening.services import zelfde_naam

    assert zelfde_naam("  zoe   DE vries ", "Zoë de Vries")
    assert not zelfde_naam("Zoë de Vriesch", "Zoë de Vries")
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links(world.alpha.other_deelnemer.email)[0]
    o = Ondertekening.objects.get(pk=_pk(token))
    response = teken(Client(), token, naam="Iemand Anders")
    assert response.status_code == 400
    html = response.content.decode()
    assert "De naam die u typte hoort niet bij de ondertekenaar van dit document" in html
    o.refresh_from_db()
    assert o.getekend_op is None
    teken(Client(), token, naam=f"  {o.naam.lower()} ")
    o.refresh_from_db()
    assert o.getekend_op is not None and o.getekende_naam == o.naam.lower()
