"""National figures computed once per peildatum, not per request (issue 16, item 1): the export
(which the dashboards, the monitor PDF, the download and the API all read) is kept in the cache
and made again as soon as the register or the participants change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.services import plan_intake
from monitoring.export import monitor_export
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import Traject
from verklaringen.models import Registratie

pytestmark = pytest.mark.django_db
PEILDATUM = date(2026, 11, 1)


def _export(**kwargs):
    with CaptureQueriesContext(connection) as queries:
        data = monitor_export(peildatum=PEILDATUM, aanvullend=True, **kwargs)
    return data, len(queries.captured_queries)


def test_the_second_request_reads_the_figures_without_recomputing(world):
    eerste, n_eerste = _export()
    tweede, n_tweede = _export()
    assert tweede == eerste
    assert n_eerste > 10 and n_tweede == 0


def test_a_change_to_the_participants_or_the_register_makes_them_again(world):
    _export()
    traject = world.alpha.traject
    traject.status = TrajectStatus.AFGEROND
    traject.save(update_fields=["status"])
    _na, n_na = _export()
    assert n_na > 10  # made again
    a = world.alpha
    Registratie.objects.create(
        nummer="PV-CACHE-1", verificatiecode="CACHE1", pilot=a.pilot, deelnemer=a.deelnemer,
        instelling=a.mbo, instelling_naam=a.mbo.naam, houder_naam="x",
        uitgegeven_op=date(2026, 10, 1), werkprocessen=[],
    )  # fmt: skip
    _data, n_register = _export()
    assert n_register > 10


def test_one_pilot_and_the_nation_are_kept_apart(world):
    nationaal, _n = _export()
    alpha, _n = _export(pilot=world.alpha.pilot)
    assert [r["pilot"] for r in alpha["per_pilot"]] == ["alpha"]
    assert len(nationaal["per_pilot"]) == 2
    assert Traject.objects.exists()


def test_with_the_cache_down_saves_go_on_and_the_figures_are_computed(world, settings):
    """The cache is an optimisation, never a condition: Redis down must not stop a referral
    being saved nor the dashboards answering."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{poort}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    traject = world.alpha.traject
    traject.status = TrajectStatus.AFGEROND
    traject.save(update_fields=["status"])  # the signal's cache call fails quietly
    eerste, n_eerste = _export()
    tweede, n_tweede = _export()
    assert tweede == eerste and n_eerste > 10 and n_tweede == n_eerste


NATIONALE_TABELLEN = ("deelnemers_deelnemer", "trajecten_traject", "intake_intake", "intake_advies")


def _dashboard_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_national_dashboard_reads_no_national_table_the_second_time(world):
    """Issue 16: with the export cached, every request still counted the referral funnel and
    the trajecten of the whole nation (2.2 s at scale 100). Now all its figures are kept."""
    sbb = Client()
    sbb.force_login(world.sbb)
    url = reverse("monitoring:landelijk")
    eerste = _dashboard_queries(sbb, url)
    assert any(t in sql for sql in eerste for t in NATIONALE_TABELLEN)
    tweede = _dashboard_queries(sbb, url)
    assert [sql for sql in tweede if any(t in sql for t in NATIONALE_TABELLEN)] == []


def test_the_pilot_dashboard_counts_a_new_intake_at_once(world):
    """The funnel is kept too, and made again when an intake or an advice is recorded."""
    pl = Client()
    pl.force_login(world.user(Role.PROJECTLEIDER, "alpha"))
    url = reverse("monitoring:dashboard", args=[world.alpha.pilot.code])
    voor = pl.get(url).content.decode()
    assert _dashboard_queries(pl, url)  # warm
    zonder = world.alpha.other_deelnemer
    plan_intake(
        actor=world.user(Role.MBO_MEDEWERKER, "alpha"), deelnemer=zonder,
        gepland_op=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    na = pl.get(url).content.decode()
    assert _funnel_stap(na, "Intake bereikt") == _funnel_stap(voor, "Intake bereikt") + 1


def _funnel_stap(html: str, label: str) -> int:
    import re

    match = re.search(rf"<td>{label}</td><td class=\"num\"[^>]*>(\d+)</td>", html)
    assert match, f"no row {label!r} in the funnel table"
    return int(match.group(1))


def test_a_kept_dashboard_speaks_the_language_of_its_reader(world, settings):
    """The dashboard is kept whole (charts drawn), once per language: a reader in English after
    one in Dutch gets English labels, and the other way round."""
    url = reverse("monitoring:landelijk")
    nl = Client()
    nl.force_login(world.sbb)
    en = Client()
    en.force_login(world.sbb)
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):
        assert "<td>Intake bereikt</td>" in nl.get(url).content.decode()
        engels = en.get(url).content.decode()
        assert "<td>Reached intake</td>" in engels and "Intake bereikt" not in engels
