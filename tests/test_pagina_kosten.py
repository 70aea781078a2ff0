"""What every page costs (issue 16, item 8: pages at >= 0.25 x the throughput of /health/): the
menu's "te doen" count keeps its counting statement per user and pilot instead of building it
on every request, and the pilot switcher's options are built without a template loop. Neither
may change what a user sees: the number follows the data and the user's roles at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import Deelnemer
from monitoring.models import MonitorRapport
from pilots.models import Membership, Pilot
from pilots.roles import Role


def aantal_in_menu(client: Client) -> int:
    """The number next to "Start" in the menu, 0 when there is none."""
    html = client.get(reverse("deelnemers:list")).content.decode()
    marker = 'data-te-doen-aantal="'
    if marker not in html:
        return 0
    return int(html.split(marker, 1)[1].split('"', 1)[0])


def overdue(deelnemer: Deelnemer) -> None:
    Deelnemer.objects.filter(pk=deelnemer.pk).update(
        aangemeld_op=timezone.localdate() - timedelta(days=10)
    )


@pytest.mark.django_db
class TestTeDoenInHetMenu:
    def test_the_number_follows_the_data_from_one_page_to_the_next(self, client, world):
        from monitoring.rapport import maak_concept

        client.force_login(world.user(Role.PROJECTLEIDER))
        voor = aantal_in_menu(client)
        assert aantal_in_menu(client) == voor  # the kept statement counts the same
        rapport, _made = maak_concept(actor=None, pilot=world.alpha.pilot)
        assert aantal_in_menu(client) == voor + 1
        MonitorRapport.objects.filter(pk=rapport.pk).update(status="ingediend")
        assert aantal_in_menu(client) == voor

    def test_the_number_follows_a_role_taken_away(self, client, world):
        pl = world.user(Role.PROJECTLEIDER)
        overdue(world.alpha.deelnemer)
        client.force_login(pl)
        assert aantal_in_menu(client) >= 1
        Membership.objects.filter(user=pl, pilot=world.alpha.pilot).update(
            role=Role.SBB_MONITOR, pilot=None
        )
        assert aantal_in_menu(client) == 0

    def test_another_pilot_counts_its_own_lists(self, client, world):
        from monitoring.rapport import maak_concept

        pl = world.user(Role.PROJECTLEIDER)
        Membership.objects.create(
            user=pl, pilot=world.beta.pilot, organisatie=world.beta.mbo, role=Role.PROJECTLEIDER
        )
        maak_concept(actor=None, pilot=world.alpha.pilot)
        client.force_login(pl)
        in_alpha = aantal_in_menu(client)
        client.post(reverse("switch-pilot"), {"pilot": world.beta.pilot.pk})
        assert aantal_in_menu(client) == in_alpha - 1


@pytest.mark.django_db
class TestPilotSwitcher:
    def test_every_pilot_of_the_user_with_the_current_one_selected(self, client, world):
        user = world.user(Role.MBO_MEDEWERKER)
        Membership.objects.create(
            user=user, pilot=world.beta.pilot, organisatie=world.beta.mbo, role=Role.MBO_MEDEWERKER
        )
        client.force_login(user)
        html = client.get(reverse("deelnemers:list")).content.decode()
        switcher = html.split('<select id="pilot-switch"', 1)[1].split("</select>", 1)[0]
        pilots = Pilot.objects.filter(pk__in=[world.alpha.pilot.pk, world.beta.pilot.pk])
        for pilot in pilots.order_by("naam"):
            selected = " selected" if pilot == world.alpha.pilot else ""
            assert f'<option value="{pilot.pk}"{selected}>{pilot.naam}</option>' in switcher
        assert switcher.index(pilots.order_by("naam")[0].naam) < switcher.index(
            pilots.order_by("naam")[1].naam
        )

    def test_no_switcher_with_one_pilot(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        html = client.get(reverse("deelnemers:list")).content.decode()
        assert 'id="pilot-switch"' not in html

    def test_one_pilot_costs_no_query_for_the_switcher(self, client, world):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(world.user(Role.MBO_MEDEWERKER))
        client.get(reverse("deelnemers:list"))
        with CaptureQueriesContext(connection) as pagina:
            html = client.get(reverse("deelnemers:list")).content.decode()
        assert 'id="pilot-switch"' not in html
        opties = [q["sql"] for q in pagina.captured_queries if 'AS "naam"' in q["sql"]]
        assert opties == []

    def test_a_national_role_switches_between_every_pilot(self, client, world):
        client.force_login(world.user(Role.SBB_MONITOR))
        html = client.get(reverse("pilots:pilot-list")).content.decode()
        switcher = html.split('<select id="pilot-switch"', 1)[1].split("</select>", 1)[0]
        for pilot in Pilot.objects.all():
            assert f'value="{pilot.pk}"' in switcher

    def test_a_pilot_name_is_escaped(self, client, world):
        user = world.user(Role.MBO_MEDEWERKER)
        Membership.objects.create(
            user=user, pilot=world.beta.pilot, organisatie=world.beta.mbo, role=Role.MBO_MEDEWERKER
        )
        Pilot.objects.filter(pk=world.beta.pilot.pk).update(naam="<b>Beta & co</b>")
        client.force_login(user)
        html = client.get(reverse("deelnemers:list")).content.decode()
        assert "&lt;b&gt;Beta &amp; co&lt;/b&gt;</option>" in html
