"""The participant portal (issue 17): logging in without a password (an e-mailed link, then an
e-mailed code, with the signing app's limits), never revealing whether an address is known, and
a participant who sees only their own dossier (404 on anything else)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import Toestemming
from deelnemers.privacy import anonimiseer
from ondertekening.constants import MAX_CODE_POGINGEN, MAX_CODES_PER_LINK
from pilots.roles import Role
from portaal.models import Deellink, Inlogverzoek
from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^\s]+(/mijn/inloggen/[\w-]+/)")
CODE = re.compile(r"\b(\d{6})\b")


def deelnemer_met_toegang(world, pilot: str = "alpha", email: str | None = None):
    """The pilot's participant, with an e-mail address and the consent of the referral."""
    d = getattr(world, pilot).deelnemer
    d.email = email or f"ada@{pilot}.test"
    d.save(update_fields=["email"])
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=["delen_partners"])
    return d


def login_links(email: str) -> list[str]:
    return [m for message in mail.outbox if email in message.to for m in LINK.findall(message.body)]


def laatste_code(email: str) -> str:
    subject = [m.subject for m in mail.outbox if email in m.to and "code" in m.subject.lower()][-1]
    return CODE.findall(subject)[0]


def log_in(client: Client, deelnemer) -> Client:
    """The whole login, as the participant's browser does it."""
    client.post(reverse("portaal-inloggen"), {"email": deelnemer.email})
    link = login_links(deelnemer.email)[-1]
    client.post(link, {"stap": "code"})
    response = client.post(link, {"stap": "controleer", "code": laatste_code(deelnemer.email)})
    assert response.status_code == 302 and response["Location"] == reverse("portaal-dossier")
    return client


def uitgegeven_verklaring(world, pilot: str = "alpha", nummer: str = "MV-2027-000001"):
    """An issued mbo-verklaring of the pilot's participant (register entry and sealed PDF)."""
    pw = getattr(world, pilot)
    pv = Praktijkverklaring.objects.create(
        traject=pw.traject, volgnummer=1, inhoud={"deelnemer": {"naam": str(pw.deelnemer)}}
    )
    registratie = Registratie.objects.create(
        nummer=nummer,
        verificatiecode=("ABCDEFGHJKMN" if pilot == "alpha" else "PQRSTUVWXYZ2"),
        pilot=pw.pilot,
        deelnemer=pw.deelnemer,
        instelling=pw.mbo,
        instelling_naam=pw.mbo.naam,
        uitgegeven_op=timezone.localdate(),
        houder_naam=str(pw.deelnemer),
        werkprocessen=[{"code": "B1-K1-W1", "naam": "Ontvangt goederen", "crebo": "25256"}],
    )
    mv = MboVerklaring.objects.create(
        praktijkverklaring=pv, mbo_instelling=pw.mbo, registratie=registratie,
        uitgegeven_op=timezone.now(),
    )  # fmt: skip
    mv.pdf.save(f"{nummer}.pdf", ContentFile(b"%PDF-1.7\n% sealed " + nummer.encode()))
    return mv


def test_a_participant_logs_in_with_a_link_and_a_code_and_sees_their_own_dossier(client, world):
    d = deelnemer_met_toegang(world)
    response = client.post(reverse("portaal-inloggen"), {"email": "ADA@alpha.test "})
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["ada@alpha.test"] and "Beste Adaalpha Zichtbaar" in message.body
    link = LINK.findall(message.body)[0]
    # The link alone logs nobody in: it leads to a code sent to the same address.
    page = client.get(link)
    assert "a***@alpha.test" in page.content.decode()
    assert client.get(reverse("portaal-dossier")).status_code == 302
    client.post(link, {"stap": "code"})
    code_mail = mail.outbox[-1]
    assert "/mijn/" not in code_mail.body  # the code e-mail carries no link
    client.post(link, {"stap": "controleer", "code": laatste_code(d.email)})
    dossier = client.get(reverse("portaal-dossier")).content.decode()
    assert "Hallo Adaalpha" in dossier
    assert "Zuleikabeta" not in dossier and "Adaalphaander" not in dossier
    # Only hashes are stored; the link is used up by the login.
    verzoek = Inlogverzoek.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in verzoek.token_hash and verzoek.ingelogd_op and not verzoek.code_hash
    assert Client().get(link).status_code == 410


def test_the_answer_is_the_same_for_an_unknown_address(client, world):
    deelnemer_met_toegang(world)
    bekend = client.post(reverse("portaal-inloggen"), {"email": "ada@alpha.test"})
    onbekend = Client().post(reverse("portaal-inloggen"), {"email": "niemand@alpha.test"})
    assert bekend.status_code == onbekend.status_code == 200

    def tekst(r):
        main = r.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        return main.replace("ada@alpha.test", "X").replace("niemand@alpha.test", "X")

    assert tekst(bekend) == tekst(onbekend)
    assert [m.to for m in mail.outbox] == [["ada@alpha.test"]]


def test_no_link_without_consent_or_after_anonymising(client, world):
    d = world.alpha.deelnemer
    d.email = "ada@alpha.test"
    d.save(update_fields=["email"])  # no consent recorded
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    assert not mail.outbox
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=[])
    log_in(Client(), d)
    mail.outbox.clear()
    anonimiseer(actor=world.user(Role.PROJECTLEIDER), deelnemer=d, reden="Verzoek van de deelnemer")
    assert not Inlogverzoek.objects.exists()  # the portal's rows go with the dossier
    client.post(reverse("portaal-inloggen"), {"email": "ada@alpha.test"})
    assert not mail.outbox


def test_wrong_codes_count_and_block_the_link_with_a_dutch_message(client, world):
    d = deelnemer_met_toegang(world)
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    link = login_links(d.email)[-1]
    client.post(link, {"stap": "code"})
    goed = laatste_code(d.email)
    fout = f"{(int(goed) + 1) % 10**6:06d}"
    response = client.post(link, {"stap": "controleer", "code": fout})
    assert response.status_code == 400
    assert "Deze code klopt niet. U kunt het nog 4 keer proberen." in response.content.decode()
    for _ in range(MAX_CODE_POGINGEN - 1):
        response = client.post(link, {"stap": "controleer", "code": fout})
    assert response.status_code == 410
    assert "te vaak een verkeerde code" in response.content.decode()
    # Even the right code no longer helps: ask for a new link.
    assert client.post(link, {"stap": "controleer", "code": goed}).status_code == 410
    assert client.get(reverse("portaal-dossier")).status_code == 302


def test_at_most_five_codes_per_link(client, world):
    d = deelnemer_met_toegang(world)
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    link = login_links(d.email)[-1]
    for _ in range(MAX_CODES_PER_LINK):
        assert client.post(link, {"stap": "code"}).status_code == 302
    response = client.post(link, {"stap": "code"})
    assert response.status_code == 400
    assert "maximale aantal codes" in response.content.decode()


def test_an_expired_link_and_a_replaced_link_say_so_in_dutch(client, world):
    d = deelnemer_met_toegang(world)
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    oud = login_links(d.email)[-1]
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    nieuw = login_links(d.email)[-1]
    response = client.get(oud)
    assert response.status_code == 410 and "nieuwere link" in response.content.decode()
    Inlogverzoek.objects.filter(vervallen_op__isnull=True).update(
        link_verloopt_op=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(nieuw)
    assert response.status_code == 410 and "Deze link is verlopen op" in response.content.decode()
    assert client.get("/mijn/inloggen/onzin/").status_code == 404


def test_an_expired_code_asks_for_a_new_one(client, world):
    d = deelnemer_met_toegang(world)
    client.post(reverse("portaal-inloggen"), {"email": d.email})
    link = login_links(d.email)[-1]
    client.post(link, {"stap": "code"})
    Inlogverzoek.objects.update(code_verloopt_op=timezone.now() - timedelta(seconds=1))
    response = client.post(link, {"stap": "controleer", "code": laatste_code(d.email)})
    assert response.status_code == 400 and "Deze code is verlopen" in response.content.decode()


def test_login_requests_are_rate_limited_with_the_same_answer_for_every_address(client, world):
    d = deelnemer_met_toegang(world)
    for _ in range(3):
        assert client.post(reverse("portaal-inloggen"), {"email": d.email}).status_code == 200
    response = client.post(reverse("portaal-inloggen"), {"email": d.email})
    assert response.status_code == 429
    assert "Er is geen e-mail verstuurd" in response.content.decode()
    assert len(mail.outbox) == 3


def test_staff_are_anonymous_to_the_portal(client, world):
    client.force_login(world.user(Role.PROJECTLEIDER))
    for naam in ("portaal-dossier", "portaal-gegevens", "portaal-delen", "portaal-voortgang"):
        response = client.get(reverse(naam))
        assert response.status_code == 302 and response["Location"] == reverse("portaal-inloggen")


def test_a_participant_sees_only_their_own_documents_and_gets_404_on_others(client, world):
    d = deelnemer_met_toegang(world)
    eigen = uitgegeven_verklaring(world, "alpha", "MV-2027-000001")
    vreemd = uitgegeven_verklaring(world, "beta", "MV-2027-000002")
    beta_tw = world.beta.traject.traject_werkprocessen.first()
    beta_link = Deellink.objects.create(
        deelnemer=world.beta.deelnemer, registratie=vreemd.registratie, token_hash="x" * 64,
        verloopt_op=timezone.localdate(),
    )  # fmt: skip
    log_in(client, d)
    assert client.get(reverse("portaal-verklaring-pdf", args=[eigen.pk])).status_code == 200
    dossier = client.get(reverse("portaal-dossier")).content.decode()
    assert "MV-2027-000001" in dossier and "MV-2027-000002" not in dossier
    for url in [
        reverse("portaal-verklaring-pdf", args=[vreemd.pk]),
        reverse("portaal-document", args=[999999]),
        reverse("portaal-deellink-intrekken", args=[beta_link.pk]),
    ] + ([reverse("portaal-reflectie", args=[beta_tw.pk])] if beta_tw else []):
        method = client.post if "intrekken" in url else client.get
        assert method(url).status_code == 404, url
    # Sharing another's verklaring is refused as a choice that does not exist.
    response = client.post(
        reverse("portaal-delen"),
        {"registratie": vreemd.registratie.pk, "verloopt_op": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and not Deellink.objects.filter(deelnemer=d).exists()
    beta_link.refresh_from_db()
    assert beta_link.ingetrokken_op is None


def test_logging_out_ends_the_portal_session(client, world):
    log_in(client, deelnemer_met_toegang(world))
    assert client.get(reverse("portaal-dossier")).status_code == 200
    client.post(reverse("portaal-uitloggen"))
    assert client.get(reverse("portaal-dossier")).status_code == 302
