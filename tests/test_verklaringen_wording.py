"""Issue 11: the verklaringen as the landelijk model words them. The praktijkverklaring says what
the participant "heeft geleerd uit te voeren" and its signed version names the praktijkopleider
and the date; the mbo-verklaring is signed for the examencommissie by a named member with a
function, lists the exam results as rows and the brancheorganisatie per kwalificatie; every
document uses Dutch long dates and the verification code grouped as on the verification page.
The PDFs are read back as a reader would."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from pilots.roles import Role
from trajecten.constants import WerkprocesStatus
from trajecten.voortgang import zet_werkproces_status
from verklaringen.models import Examenresultaat, MboVerklaring, Praktijkverklaring, Registratie
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    maak_mbo_verklaring,
    verstuur_naar_praktijkopleider,
)
from verklaringen.verificatie import code_weergave

from .overeenkomsten_support import klaar_traject, pdf_text
from .test_verklaringen import gestart, sign_as_praktijkopleider

pytestmark = pytest.mark.django_db(transaction=True)

CREBO = "25256"
EXAMEN_DATUM = date(2026, 11, 20)


def flat(text: str) -> str:
    return " ".join(text.split())


def lang(d: date) -> str:
    with translation.override("nl"):
        return date_format(d, "j F Y")


@pytest.fixture
def traject(world):
    traject = gestart(klaar_traject(world))
    po = world.user(Role.PRAKTIJKOPLEIDER)
    w1 = traject.traject_werkprocessen.order_by("werkproces__code").first()
    zet_werkproces_status(
        actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel="Ontvangt zelfstandig goederen.",
    )  # fmt: skip
    return traject


@pytest.fixture
def pv(world, traject) -> Praktijkverklaring:
    mbo = world.user(Role.MBO_MEDEWERKER)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    sign_as_praktijkopleider(world)
    pv.refresh_from_db()
    return pv


def nl_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "nl"
    return client


def mbo_verklaring_post(**changes) -> dict[str, str]:
    data = {
        "overige_resultaten": "Nederlands 2F (lessen gevolgd)",
        f"branche_{CREBO}": "Transport en Logistiek Nederland",
        "examen-TOTAL_FORMS": "3",
        "examen-INITIAL_FORMS": "0",
        "examen-MIN_NUM_FORMS": "0",
        "examen-MAX_NUM_FORMS": "20",
        "examen-0-examenonderdeel": "Praktijkexamen Ontvangen goederen",
        "examen-0-datum": EXAMEN_DATUM.isoformat(),
        "examen-0-resultaat": "voldoende",
        "examen-0-certificaat_crebo": "25999",
        "examen-0-certificaat_naam": "Medewerker goederenontvangst",
    }
    return {**data, **changes}


def test_the_praktijkverklaring_says_what_was_learned_and_its_signed_version_names_the_signer(
    client, world, pv
):
    po = world.user(Role.PRAKTIJKOPLEIDER)
    text = flat(pdf_text(pv.pdf.read()))
    assert "heeft geleerd de onderstaande werkprocessen uit te voeren" in text
    assert "Werkprocessen die de deelnemer in dit leerbedrijf heeft geleerd uit te voeren" in text
    assert "beheers" not in text.lower()
    assert lang(date(2026, 11, 2)) in text  # learning period, Dutch long date
    assert lang(pv.traject.deelnemer.geboortedatum) in text
    assert f"Online te ondertekenen door {po.get_full_name()}, praktijkopleider" in text

    # The signed version: the signed pages unchanged, then the signer by name and the date.
    assert pv.pdf_ondertekend
    signed = flat(pdf_text(pv.pdf_ondertekend.read()))
    assert signed.startswith(text[:200])
    assert f"Ondertekend door {po.get_full_name()}, praktijkopleider" in signed
    assert f"Datum van ondertekening {lang(timezone.localdate())}" in signed
    assert pv.pdf_sha256 in signed
    assert "beheers" not in signed.lower()
    # the page offers the signed version, and says who signed when
    client = nl_client(world.user(Role.MBO_MEDEWERKER))
    html = client.get(pv.get_absolute_url()).content.decode()
    assert f"online ondertekend door {po.get_full_name()} op {lang(timezone.localdate())}" in html
    assert "Beheerste werkprocessen" not in html
    response = client.get(reverse("verklaringen:praktijkverklaring-pdf", args=[pv.pk]))
    assert "Ondertekend door" in flat(pdf_text(b"".join(response.streaming_content)))


def test_the_mbo_verklaring_is_signed_by_a_named_member_and_lists_structured_results(world, pv):
    mbo = nl_client(world.user(Role.MBO_MEDEWERKER))
    response = mbo.post(
        reverse("verklaringen:mbo-verklaring-maak", args=[pv.pk]), mbo_verklaring_post()
    )
    mv = MboVerklaring.objects.get(praktijkverklaring=pv)
    assert response["Location"] == mv.get_absolute_url()
    (resultaat,) = Examenresultaat.objects.filter(mbo_verklaring=mv)
    assert (resultaat.examenonderdeel, resultaat.datum, resultaat.resultaat) == (
        "Praktijkexamen Ontvangen goederen", EXAMEN_DATUM, "voldoende",
    )  # fmt: skip
    assert mv.brancheorganisaties[0]["naam"] == "Transport en Logistiek Nederland"

    exa = nl_client(world.user(Role.EXAMENCOMMISSIE))
    page = exa.get(mv.get_absolute_url()).content.decode()
    assert 'name="ondertekenaar_functie"' in page and "lid van de examencommissie" in page
    mail.outbox.clear()
    exa.post(
        reverse("verklaringen:mbo-verklaring-uitgeven", args=[mv.pk]),
        {"ondertekenaar_naam": "J. de Vries", "ondertekenaar_functie": "voorzitter"},
    )
    mv.refresh_from_db()
    registratie = mv.registratie
    assert registratie is not None and mv.pdf
    assert registratie.brancheorganisaties == ["Transport en Logistiek Nederland"]
    gegroepeerd = code_weergave(registratie.verificatiecode)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", gegroepeerd)

    text = flat(pdf_text(mv.pdf.read()))
    assert "heeft geleerd de werkprocessen uit te voeren" in text
    assert "beheers" not in text.lower()
    assert "Namens de examencommissie: J. de Vries, voorzitter" in text
    assert f"Uitgegeven namens de examencommissie van {registratie.instelling_naam} op " in text
    assert lang(registratie.uitgegeven_op) in text
    assert "Examenonderdeel Datum Resultaat Mbo-certificaat" in text
    assert (
        f"Praktijkexamen Ontvangen goederen {lang(EXAMEN_DATUM)} voldoende "
        "Medewerker goederenontvangst (crebo 25999)"
    ) in text
    assert "Brancheorganisatie: Transport en Logistiek Nederland" in text
    assert "Nederlands 2F (lessen gevolgd)" in text
    assert lang(date(2026, 11, 2)) in text
    assert gegroepeerd in text.replace(" ", "")

    # The same grouped code on the public verification page, the detail page, the register,
    # the stacking overview and in the e-mail to the participant.
    public = Client().get(reverse("verificatie-code", args=[registratie.verificatiecode]))
    shown = re.search(r"<dd data-code>([^<]+)</dd>", public.content.decode())
    assert shown is not None and shown.group(1) == gegroepeerd
    detail = exa.get(mv.get_absolute_url()).content.decode()
    assert f">{gegroepeerd}</dd>" in detail
    assert "J. de Vries, voorzitter" in detail
    register = exa.get(reverse("verklaringen:register")).content.decode()
    assert f'<span class="meta" data-code>{gegroepeerd}</span>' in register
    stapeling = mbo.get(reverse("verklaringen:stapeling", args=[pv.traject.deelnemer_id]))
    assert f"data-code>{gegroepeerd}</a>" in stapeling.content.decode()
    (message,) = [m for m in mail.outbox if pv.traject.deelnemer.email in m.to]
    assert f"verificatiecode {gegroepeerd}" in message.body
    assert f"Uitgegeven op {lang(registratie.uitgegeven_op)}" in message.body
    # the API shows it the same way beside the machine code
    api = exa.get(f"/api/v1/mbo-verklaringen/{mv.pk}/").json()
    assert api["registratie"]["verificatiecode_weergave"] == gegroepeerd
    assert api["examenresultaten"][0]["resultaat"] == "voldoende"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            # two days ahead: still the future if the run crosses midnight after collection
            {"examen-0-datum": (timezone.localdate() + timedelta(days=2)).isoformat()},
            "Examenresultaat 1: de datum kan niet in de toekomst liggen.",
        ),
        (
            {"examen-0-datum": "2026-10-01"},
            "Examenresultaat 1: de datum kan niet vóór de start van het traject liggen "
            "(2 november 2026).",
        ),
        ({"examen-0-resultaat": ""}, "Examenresultaat 1: vul het resultaat in."),
        (
            {"examen-0-certificaat_crebo": "12"},
            "Examenresultaat 1: het crebonummer van het mbo-certificaat bestaat uit vijf cijfers.",
        ),
        ({f"branche_{CREBO}": ""}, f"Vul de brancheorganisatie in voor crebo {CREBO}."),
    ],
)
def test_bad_exam_results_get_a_dutch_message_and_nothing_is_stored(world, pv, changes, message):
    mbo = nl_client(world.user(Role.MBO_MEDEWERKER))
    response = mbo.post(
        reverse("verklaringen:mbo-verklaring-maak", args=[pv.pk]),
        mbo_verklaring_post(**changes),
        follow=True,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MboVerklaring.objects.exists() and not Examenresultaat.objects.exists()


def test_the_service_refuses_a_crebo_that_is_not_on_the_praktijkverklaring(world, pv):
    from django.core.exceptions import ValidationError

    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        maak_mbo_verklaring(
            actor=world.user(Role.MBO_MEDEWERKER),
            praktijkverklaring=pv,
            brancheorganisaties={"99999": "Onbekend"},
        )
    assert "Crebo 99999 staat niet op deze praktijkverklaring." in exc.value.messages
    assert not MboVerklaring.objects.exists()


def test_issuing_without_a_name_for_the_signer_is_refused(world, pv):
    from django.core.exceptions import ValidationError

    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    exa = world.user(Role.EXAMENCOMMISSIE)
    exa.first_name = exa.last_name = ""
    exa.save()
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        geef_uit(actor=exa, mbo_verklaring=mv)
    assert exc.value.messages == [
        "Vul de naam in van het lid van de examencommissie dat ondertekent."
    ]
    assert not Registratie.objects.exists()
    # by default the function is "lid van de examencommissie"
    registratie = geef_uit(actor=exa, mbo_verklaring=mv, ondertekenaar_naam="P. Jansen")
    mv.refresh_from_db()
    assert registratie.pk and (mv.ondertekenaar_naam, mv.ondertekenaar_functie) == (
        "P. Jansen", "lid van de examencommissie",
    )  # fmt: skip
