"""Leerbanen in the monitor (issue 17, "counting it"): the funnel's step "leerbaan gevonden",
open leerbanen per sector and the time from advice to placement on the pilot and national
dashboards, counts only for SBB, and figures that follow a change at once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.models import Advies, Intake
from kwalificaties.models import Kwalificatie
from leerbanen.constants import LeerbaanStatus, MatchStatus
from leerbanen.models import Leerbaan, Match, Zoekvraag
from monitoring.selectors import funnel_stappen, referral_funnel
from pilots.roles import Role
from trajecten.models import Traject

from .conftest import World

pytestmark = pytest.mark.django_db
# A row of a chart's table: label and number.
ROW = r"<tr><td>([^<]+)</td><td class=\"num\"[^>]*>(\d+)<"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _kwal(crebo: str, domein: str) -> Kwalificatie:
    return Kwalificatie.objects.create(crebo=crebo, naam=f"K {crebo}", niveau="2", domein=domein)


def _leerbaan(world: World, p: str, kwalificaties: list[Kwalificatie], **kw: Any) -> Leerbaan:
    pw = getattr(world, p)
    vandaag = timezone.localdate()
    velden: dict[str, Any] = {
        "pilot": pw.pilot,
        "organisatie": pw.leerbedrijf,
        "titel": "Magazijn",
        "postcode": "1234 AB",
        "postcode4": "1234",
        "plaats": "Alphastad",
        "uren_per_week": 24,
        "start_vanaf": vandaag,
        "start_tot": vandaag + timedelta(days=60),
        "contactpersoon": pw.users[Role.PRAKTIJKOPLEIDER],
    }
    velden.update(kw)
    leerbaan = Leerbaan.objects.create(**velden)
    leerbaan.kwalificaties.set(kwalificaties)
    return leerbaan


def _advies(deelnemer: Any, dagen_geleden: int) -> Advies:
    Intake.objects.create(deelnemer=deelnemer, gepland_op=timezone.now())
    advies = Advies.objects.create(
        deelnemer=deelnemer, route="praktijkverklaring", onderbouwing="x", volgende_stap="y"
    )
    Advies.objects.filter(pk=advies.pk).update(
        gegeven_op=timezone.now() - timedelta(days=dagen_geleden)
    )
    advies.refresh_from_db()
    return advies


def _geplaatst(leerbaan: Leerbaan, deelnemer: Any, advies: Advies, traject: Any = None) -> Match:
    zoekvraag = Zoekvraag.objects.create(deelnemer=deelnemer, advies=advies)
    return Match.objects.create(
        leerbaan=leerbaan,
        zoekvraag=zoekvraag,
        status=MatchStatus.GEACCEPTEERD,
        beantwoord_op=timezone.now(),
        traject=traject,
        geplaatst_op=timezone.localdate() if traject is not None else None,
    )


def test_the_funnel_counts_a_leerbaan_found_between_the_advice_and_the_start(world: World):
    """Alpha's participant has a (planned) traject: a leerbedrijf was found. The other one has
    an advice and an accepted match but no traject yet: found, not started."""
    a = world.alpha
    _advies(a.deelnemer, 20)
    advies = _advies(a.other_deelnemer, 10)
    stappen, _zonder = funnel_stappen(pilot=a.pilot)
    assert [label for label, _n in stappen][3] in ("Leerbaan gevonden", "Leerbaan found")
    assert [n for _label, n in stappen] == [2, 2, 2, 1, 0, 0]
    _geplaatst(_leerbaan(world, "alpha", [_kwal("10001", "Logistiek")]), a.other_deelnemer, advies)
    stappen, _zonder = funnel_stappen(pilot=a.pilot)
    assert [n for _label, n in stappen] == [2, 2, 2, 2, 0, 0]
    # A declined match is no leerbaan found.
    Match.objects.update(status=MatchStatus.AFGEWEZEN)
    assert [n for _label, n in funnel_stappen(pilot=a.pilot)[0]] == [2, 2, 2, 1, 0, 0]
    # Per organisation too.
    per_org = {
        r["organisatie"]: r["leerbaan"] for r in referral_funnel(pilot=a.pilot).per_organisatie
    }
    assert per_org == {"Gemeente Alphastad": 1, "UWV Alphastad": 0}


def test_the_pilot_dashboard_shows_open_leerbanen_per_sector_and_time_to_placement(world: World):
    a = world.alpha
    logistiek, zorg = _kwal("10001", "Logistiek"), _kwal("10002", "Zorg")
    _leerbaan(world, "alpha", [logistiek])
    _leerbaan(world, "alpha", [logistiek, zorg])  # counts in both sectors
    _leerbaan(world, "alpha", [zorg], status=LeerbaanStatus.GESLOTEN)  # closed: not open
    vandaag = timezone.localdate()
    _leerbaan(  # start window passed: not open
        world, "alpha", [zorg], start_vanaf=vandaag - timedelta(days=90),
        start_tot=vandaag - timedelta(days=1),
    )  # fmt: skip
    _leerbaan(world, "beta", [zorg])  # another pilot
    baan = _leerbaan(world, "alpha", [zorg], plaatsen=2)
    _geplaatst(baan, a.deelnemer, _advies(a.deelnemer, 40), traject=a.traject)

    html = (
        _client(a.users[Role.PROJECTLEIDER])
        .get(reverse("monitoring:dashboard", args=["alpha"]))
        .content.decode()
    )
    sectie = html.split('data-grafiek="leerbanen"')[1].split("</section>")[0]
    rijen = dict(re.findall(ROW, sectie))
    assert rijen == {"Zorg": "2", "Logistiek": "2"}
    assert "Open leerbanen per sector" in sectie
    assert "duurt 40 dagen (mediaan van 1 plaatsing)" in html
    plaatsing = html.split('data-grafiek="plaatsing"')[1].split("</section>")[0]
    banden = dict(re.findall(ROW, plaatsing))
    assert banden["31-60 dagen"] == "1" and banden["0-30 dagen"] == "0"
    assert "Adaalpha" not in html  # counts only


def test_sbb_sees_leerbanen_only_as_counts(world: World):
    _leerbaan(world, "alpha", [_kwal("10001", "Logistiek")], titel="Geheimebaanalpha")
    sbb = _client(world.sbb)
    html = sbb.get(reverse("monitoring:landelijk")).content.decode()
    assert "Open leerbanen per sector" in html
    rij = html.split('data-pilot="alpha"')[1].split("</tr>")[0]
    assert 'data-kolom="open_leerbanen">1<' in rij
    assert "Geheimebaanalpha" not in html and "Leerbedrijf Alphastad" not in html
    # No leerbaan page for SBB.
    assert sbb.get(reverse("leerbanen:list")).status_code in (403, 404)


def test_a_new_leerbaan_shows_on_the_kept_dashboard_at_once(world: World):
    pl = _client(world.alpha.users[Role.PROJECTLEIDER])
    url = reverse("monitoring:dashboard", args=["alpha"])
    assert 'data-grafiek="leerbanen"' in pl.get(url).content.decode()
    baan = _leerbaan(world, "alpha", [_kwal("10001", "Logistiek")])
    sectie = (
        pl.get(url).content.decode().split('data-grafiek="leerbanen"')[1].split("</section>")[0]
    )
    assert "Logistiek" in sectie
    # Adding a sector to the leerbaan (its kwalificaties) counts too.
    baan.kwalificaties.add(_kwal("10002", "Zorg"))
    sectie = (
        pl.get(url).content.decode().split('data-grafiek="leerbanen"')[1].split("</section>")[0]
    )
    assert "Zorg" in sectie
    assert Traject.objects.exists()
