"""Sharing a verklaring from the portal (issue 17): a link to the public verification page of
one of the participant's own verklaringen, until its expiry date or until they revoke it; each
use is logged (the time only) and shown to the participant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portaal.models import Deellink, DeellinkGebruik

from .test_portaal import deelnemer_met_toegang, log_in, uitgegeven_verklaring

pytestmark = pytest.mark.django_db(transaction=True)

GEDEELD = re.compile(r"https?://[^\s\"]+(/gedeeld/[\w-]+/)")


def maak(client, registratie, dagen=30, **extra):
    datum = (timezone.localdate() + timedelta(days=dagen)).isoformat()
    return client.post(
        reverse("portaal-delen"),
        {"registratie": registratie.pk, "verloopt_op": datum, **extra},
    )


@pytest.fixture
def ingelogd(client, world):
    d = deelnemer_met_toegang(world)
    mv = uitgegeven_verklaring(world)
    log_in(client, d)
    return client, d, mv


def test_a_share_link_opens_the_verification_page_until_it_is_revoked(ingelogd):
    client, d, mv = ingelogd
    response = maak(client, mv.registratie, omschrijving="Bakkerij De Korf")
    assert response.status_code == 200
    pad = GEDEELD.search(response.content.decode()).group(1)
    werkgever = Client()
    pagina = werkgever.get(pad)
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "MV-2027-000001" in tekst and "Adaalpha Zichtbaar" in tekst
    assert pagina["X-Robots-Tag"] == "noindex"
    # The same page as the code on the verklaring opens (one template, one function).
    code = werkgever.get(reverse("verificatie-code", args=["ABCDEFGHJKMN"]))
    assert [t.name for t in pagina.templates][:1] == [t.name for t in code.templates][:1]
    # The participant sees when it was used: the time only, no IP address.
    link = Deellink.objects.get(deelnemer=d)
    assert DeellinkGebruik.objects.filter(deellink=link).count() == 1
    assert {f.name for f in DeellinkGebruik._meta.fields} == {"id", "deellink", "at"}
    overzicht = client.get(reverse("portaal-delen")).content.decode()
    assert 'data-gebruikt="1"' in overzicht and "Bakkerij De Korf" in overzicht
    # The secret is shown once and stored as a hash only.
    assert pad.split("/")[-2] not in link.token_hash
    assert pad not in overzicht
    client.post(reverse("portaal-deellink-intrekken", args=[link.pk]))
    na = werkgever.get(pad)
    assert na.status_code == 410
    assert "heeft deze link gestopt" in na.content.decode()
    assert DeellinkGebruik.objects.count() == 1  # a refused use is not a use


def test_a_share_link_stops_after_its_expiry_date(ingelogd):
    client, _d, mv = ingelogd
    pad = GEDEELD.search(maak(client, mv.registratie, dagen=0).content.decode()).group(1)
    assert Client().get(pad).status_code == 200  # valid through the whole last day
    Deellink.objects.update(verloopt_op=timezone.localdate() - timedelta(days=1))
    response = Client().get(pad)
    assert response.status_code == 410
    assert "Deze link werkte tot en met" in response.content.decode()
    assert Client().get("/gedeeld/bestaat-niet/").status_code == 404


@pytest.mark.parametrize(
    ("dagen", "melding"),
    [(-1, "Deze datum is al voorbij"), (366, "Een link werkt hoogstens een jaar")],
)
def test_an_expiry_date_in_the_past_or_too_far_is_refused_in_dutch(ingelogd, dagen, melding):
    client, _d, mv = ingelogd
    response = maak(client, mv.registratie, dagen=dagen)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Deellink.objects.exists()


def test_the_default_expiry_is_thirty_days(ingelogd):
    client, _d, _mv = ingelogd
    pagina = client.get(reverse("portaal-delen")).content.decode()
    assert (timezone.localdate() + timedelta(days=30)).isoformat() in pagina


def test_the_list_of_links_costs_the_same_queries_for_one_link_or_many(ingelogd):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _d, mv = ingelogd

    def tellen() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portaal-delen")).status_code == 200
        return len(ctx.captured_queries)

    pad = GEDEELD.search(maak(client, mv.registratie).content.decode()).group(1)
    Client().get(pad)
    een = tellen()
    for _ in range(4):
        pad = GEDEELD.search(maak(client, mv.registratie).content.decode()).group(1)
        Client().get(pad)
        Client().get(pad)
    assert tellen() == een
