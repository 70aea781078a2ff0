"""One definition of a participant and of "active in a period" (issue 12, the monitor, item 1):
the export, the dashboard, the start page and the bi-monthly report count the same."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from deelnemers.models import Deelnemer
from monitoring import definities
from monitoring.dashboard import pilot_dashboard
from monitoring.export import monitor_export
from monitoring.rapport import cijfers
from monitoring.selectors import landelijk_overzicht, pilot_kengetallen
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

pytestmark = pytest.mark.django_db


def _deelnemer(pilot: Any, naam: str, **traject: Any) -> Deelnemer:
    d = Deelnemer.objects.create(
        pilot=pilot, voornaam=naam, achternaam="Test", geboortedatum=date(1990, 1, 1),
        aangemeld_op=date(2026, 1, 5),
    )  # fmt: skip
    if traject:
        Traject.objects.create(deelnemer=d, **traject)
    return d


@pytest.fixture
def alpha(world: Any) -> Any:
    """Alpha on 2026-10-31: A running since 2026-10-15; B from 2026-05-03 to 2026-09-20; a
    referral that never started (world's other participant) and one with a planned traject."""
    a = world.alpha
    Traject.objects.filter(pk=a.traject.pk).update(
        status=TrajectStatus.LOPEND, startdatum=date(2026, 10, 15)
    )
    _deelnemer(
        a.pilot, "Bee", status=TrajectStatus.AFGEROND, startdatum=date(2026, 5, 3),
        einddatum=date(2026, 9, 20),
    )  # fmt: skip
    _deelnemer(a.pilot, "Gepland", status=TrajectStatus.GEPLAND, startdatum=date(2026, 12, 1))
    return a


def test_referrals_that_never_started_are_not_participants(alpha):
    assert Deelnemer.objects.filter(pilot=alpha.pilot).count() == 4
    peil = date(2026, 12, 31)
    assert definities.deelnemers(pilot=alpha.pilot, peildatum=peil).count() == 2
    export = monitor_export(peildatum=peil, pilot=alpha.pilot)
    assert export["totalen"]["deelnemers"] == 2
    assert cijfers(alpha.pilot, date(2026, 11, 1), peil)["realisatie"] == 2
    kengetallen = pilot_kengetallen(pilot=alpha.pilot, vandaag=peil)
    assert (kengetallen.deelnemers, kengetallen.aangemeld) == (2, 4)
    overzicht = {r["pilot"].code: r["deelnemers"] for r in landelijk_overzicht(vandaag=peil)}
    assert overzicht["alpha"] == 2
    # beta's participant has a planned traject only: a referral, not a participant.
    assert overzicht["beta"] == 0


def test_the_inschrijfdatum_and_einddatum_come_from_the_started_trajecten(alpha):
    rows = {
        d.voornaam: (d.inschrijfdatum, d.einddatum)
        for d in definities.deelnemers(pilot=alpha.pilot, data=True)
    }
    assert rows == {
        alpha.deelnemer.voornaam: (date(2026, 10, 15), None),
        "Bee": (date(2026, 5, 3), date(2026, 9, 20)),
    }


@pytest.mark.parametrize(
    ("start", "eind", "n"),
    [
        (date(2026, 3, 1), date(2026, 4, 30), 0),
        (date(2026, 5, 1), date(2026, 6, 30), 1),
        (date(2026, 9, 1), date(2026, 10, 31), 2),
        (date(2026, 11, 1), date(2026, 12, 31), 1),
    ],
)
def test_active_is_the_same_in_the_report_the_dashboard_the_start_page_and_the_export(
    alpha, start, eind, n
):
    label = definities.periode_label(start, eind)
    assert definities.actief(alpha.pilot, start, eind) == n
    assert definities.actieve_deelnemers(alpha.pilot, start, eind).count() == n
    assert cijfers(alpha.pilot, start, eind)["actieve_deelnemers"] == n
    export = monitor_export(peildatum=eind, pilot=alpha.pilot)
    per_periode = {r["periode"]: r["actieve_deelnemers"] for r in export["actief_per_periode"]}
    assert per_periode.get(label, 0) == n
    grafiek = next(g for g in pilot_dashboard(pilot=alpha.pilot, peildatum=eind).grafieken)
    assert (
        grafiek.key == "actief" and dict(grafiek.rijen)[definities.periode_naam(start, eind)] == n
    )
    assert pilot_kengetallen(pilot=alpha.pilot, vandaag=eind).actief == n


def test_a_period_is_whole_months():
    with pytest.raises(ValueError):
        definities.actief(None, date(2026, 9, 2), date(2026, 10, 31))


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_pages_show_the_same_active_number_today(world):
    """Today's period on the start page, the dashboard, the export API and the draft report."""
    a = world.alpha
    vandaag = timezone.localdate()
    start, eind = definities.periode_van(vandaag)
    Traject.objects.filter(pk=a.traject.pk).update(status=TrajectStatus.LOPEND, startdatum=start)
    _deelnemer(
        a.pilot, "Bee", status=TrajectStatus.AFGEROND, startdatum=start - timedelta(days=90),
        einddatum=start,
    )  # fmt: skip
    _deelnemer(
        a.pilot, "Cee", status=TrajectStatus.GESTOPT, startdatum=start - timedelta(days=90),
        einddatum=start - timedelta(days=1),
    )  # fmt: skip
    label = definities.periode_label(start, eind)
    pl = world.user(Role.PROJECTLEIDER)

    home = _client(pl).get(reverse("home")).content.decode()
    assert re.search(r'data-figure="actief">2<', home)
    assert re.search(r'data-figure="deelnemers">3<', home)
    assert re.search(r'data-figure="aangemeld">4<', home)

    dashboard = _client(pl).get(reverse("monitoring:dashboard", args=["alpha"])).content.decode()
    assert re.search(r'data-cel="actief-6">2<', dashboard)

    api = APIClient()
    api.force_authenticate(pl)
    export = api.get(
        "/api/v1/monitor-export/", {"peildatum": vandaag.isoformat(), "pilot": "alpha"}
    ).json()
    assert export["actief_per_periode"][-1] == {
        "periode": label,
        "pilots_met_actieve_deelnemers": 1,
        "actieve_deelnemers": 2,
    }
    assert export["totalen"]["deelnemers"] == 3
    assert cijfers(a.pilot, start, eind)["actieve_deelnemers"] == 2
