"""The referral funnel per pilot: figures from the records, a table beside every chart."""

import re
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Advies, Intake
from monitoring.charts import bar_chart
from monitoring.selectors import referral_funnel
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

pytestmark = pytest.mark.django_db


def test_the_funnel_counts_each_step_from_the_records(world):
    d = world.alpha.deelnemer  # has a planned traject: not started yet
    Traject.objects.filter(deelnemer=d).update(status=TrajectStatus.LOPEND)
    Intake.objects.create(deelnemer=d, gepland_op=timezone.now())
    Advies.objects.create(
        deelnemer=d, route="praktijkverklaring", onderbouwing="x", volgende_stap="y"
    )
    Advies.objects.create(deelnemer=d, route="diploma", onderbouwing="herzien", volgende_stap="y")
    funnel = referral_funnel(pilot=world.alpha.pilot)
    assert [n for _label, n in funnel.stappen] == [2, 1, 1, 1, 1, 0]
    assert funnel.zonder_intake == 0
    assert funnel.mediaan_dagen_tot_advies == (timezone.localdate() - d.aangemeld_op).days
    per_org = {r["organisatie"]: (r["aangemeld"], r["gestart"]) for r in funnel.per_organisatie}
    assert per_org == {"Gemeente Alphastad": (1, 1), "UWV Alphastad": (1, 0)}
    assert dict(funnel.per_maand) == {"2026-09": 1, "2026-10": 1}
    routes = dict(funnel.per_route)
    assert sum(routes.values()) == 2  # one participant, two routes in its history
    # each pilot counts only its own participants
    assert referral_funnel(pilot=world.beta.pilot).stappen[0][1] == 2


def test_the_page_shows_each_chart_with_its_table(client, world):
    client.force_login(world.user(Role.PROJECTLEIDER))
    html = client.get(reverse("monitoring:funnel", args=[world.alpha.pilot.code])).content.decode()
    assert html.count("<svg") == 3
    assert re.search(r'data-step="1">2<', html)
    assert re.search(r'data-step="zonder-intake">0<', html)
    assert "Gemeente Alphastad" in html
    assert "Adaalpha" not in html  # counts only


def test_chart_labels_are_escaped():
    svg = str(bar_chart([("<script>alert(1)</script>", 3)], title="t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def _monotoon(stappen: list[tuple[str, int]]) -> bool:
    aantallen = [n for _label, n in stappen]
    return all(b <= a for a, b in pairwise(aantallen))


def test_the_funnel_is_monotonic_on_the_demo_and_the_example():
    """The demo's referrals with intakes and advice, plus the Praktijkloket example imported
    (participants without intake): every step is at most the one before, per pilot and
    nationally; the imported participants form their own step."""
    from datetime import date

    from monitoring.importeren import importeer_praktijkloket
    from monitoring.selectors import funnel_stappen
    from pilots.models import Pilot
    from praktijkleren.demo import seed_demo

    from .shared_formats import EXAMPLE

    seed_demo(today=date(2026, 11, 29))
    demo, demo_zonder = funnel_stappen(pilot=None)
    assert _monotoon(demo), demo
    assert demo[1][1] > 0  # the demo has intakes
    assert importeer_praktijkloket(map=EXAMPLE).errors == []
    stappen, zonder_intake = funnel_stappen(pilot=None)
    assert _monotoon(stappen), stappen
    # The example's 38 rows: 35 started (running or ended trajecten) without intake, their own
    # step; the three `L` rows (status aangemeld, a planned traject) are referrals that have
    # not started: the first step only.
    assert zonder_intake == demo_zonder + 35
    assert [n for _l, n in stappen] == [demo[0][1] + 3] + [n for _l, n in demo[1:]]
    for pilot in Pilot.objects.all():
        funnel = referral_funnel(pilot=pilot)
        assert _monotoon(funnel.stappen), (pilot.code, funnel.stappen)
