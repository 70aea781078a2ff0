"""The bi-monthly monitor: drafts made once per pilot and period, figures from the records,
submitted with the projectleider's story and frozen, reopened only by SBB, reminders once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from monitoring.constants import RapportStatus
from monitoring.models import MonitorRapport
from monitoring.rapport import (
    cijfers,
    dien_in,
    heropen,
    maak_concepten,
    periode_van,
    stuur_herinneringen,
    vorige_periode,
)
from monitoring.tasks import maak_monitor_concepten
from pilots.models import Pilot
from pilots.roles import Role
from trajecten.constants import TrajectStatus

pytestmark = pytest.mark.django_db


def test_periods_are_two_calendar_months():
    assert periode_van(date(2026, 11, 23)) == (date(2026, 11, 1), date(2026, 12, 31))
    assert periode_van(date(2026, 2, 28)) == (date(2026, 1, 1), date(2026, 2, 28))
    assert vorige_periode(date(2027, 1, 1)) == (date(2026, 11, 1), date(2026, 12, 31))
    assert vorige_periode(date(2026, 3, 1)) == (date(2026, 1, 1), date(2026, 2, 28))


def test_the_beat_task_run_twice_makes_one_draft_per_pilot(world):
    assert maak_monitor_concepten.delay().get() == Pilot.objects.count()
    assert maak_monitor_concepten.delay().get() == 0
    start, _eind = vorige_periode(date.today())
    for pilot in Pilot.objects.all():
        (rapport,) = MonitorRapport.objects.filter(pilot=pilot)
        assert rapport.periode_start == start and rapport.status == RapportStatus.CONCEPT


def test_the_figures_come_from_the_records(world):
    traject = world.alpha.traject  # started 2026-10-15
    traject.status = TrajectStatus.AFGEROND
    traject.einddatum = date(2026, 12, 20)
    traject.save()
    figures = cijfers(world.alpha.pilot, date(2026, 11, 1), date(2026, 12, 31))
    assert figures["realisatie"] == 1
    assert figures["actieve_deelnemers"] == 1 and figures["trajecten_afgerond"] == 1
    assert figures["trajecten_gestart"] == 0  # started in the previous period
    earlier = cijfers(world.alpha.pilot, date(2026, 9, 1), date(2026, 10, 31))
    assert earlier["trajecten_gestart"] == 1
    assert earlier["nieuwe_aanmeldingen"] == 2  # both referred in Sep-Oct
    assert (
        cijfers(world.beta.pilot, date(2026, 11, 1), date(2026, 12, 31))["trajecten_afgerond"] == 0
    )


def test_the_report_counts_what_is_collected_over_the_active_participants(client, world):
    """Referrals that never started are not counted; the additional tables are the period's."""
    from deelnemers.models import Deelnemer
    from trajecten.constants import UitstroomSoort
    from trajecten.models import Uitstroom

    a = world.alpha
    Deelnemer.objects.filter(pk=a.deelnemer.pk).update(doelgroepen=["ww"], situatie="werkend")
    # The other participant was referred with the same details but never started.
    Deelnemer.objects.filter(pk=a.other_deelnemer.pk).update(doelgroepen=["ww"], situatie="werkend")
    a.traject.status = TrajectStatus.AFGEROND
    a.traject.einddatum = date(2026, 12, 20)
    a.traject.save()
    Uitstroom.objects.create(
        traject=a.traject, soort=UitstroomSoort.BLIJFT_LEERBEDRIJF, datum=date(2026, 12, 21),
        behaald="mbo_diploma",
    )  # fmt: skip
    figures = cijfers(a.pilot, date(2026, 11, 1), date(2026, 12, 31))
    assert figures["actieve_deelnemers"] == 1 and figures["realisatie"] == 1
    tabellen = figures["tabellen"]
    assert {r["doelgroep"]: r["deelnemers"] for r in tabellen["per_doelgroep"]}["ww"] == 1
    assert tabellen["per_situatie"][:2] == [
        {"situatie": "werkzoekend", "deelnemers": 0},
        {"situatie": "werkend", "deelnemers": 1},
    ]
    assert tabellen["uitstroom"][0] == {
        "uitstroom": "blijft_leerbedrijf", "trajecten": 1, "mbo_certificaat": 0, "mbo_diploma": 1,
    }  # fmt: skip
    assert [r["pilot"] for r in tabellen["partners_per_pilot"]] == ["alpha"]
    # Sep-Oct: the outflow of December is not in it.
    eerder = cijfers(a.pilot, date(2026, 9, 1), date(2026, 10, 31))["tabellen"]
    assert eerder["uitstroom"][0]["trajecten"] == 0

    rapport = MonitorRapport.objects.create(
        pilot=a.pilot, periode_start=date(2026, 11, 1), periode_eind=date(2026, 12, 31)
    )
    client.force_login(a.users[Role.PROJECTLEIDER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = client.get(rapport.get_absolute_url()).content.decode()
    assert "Deelnemers per doelgroep" in html
    assert 'data-rapport-tabel="situatie"' in html and 'data-cel="situatie-2">1<' in html


def test_submitting_needs_the_story_and_freezes_the_figures(client, world):
    world.alpha.traject.status = TrajectStatus.LOPEND
    world.alpha.traject.save()
    maak_concepten(vandaag=date(2026, 11, 2))
    rapport = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    client.force_login(world.user(Role.PROJECTLEIDER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("monitoring:rapport-indienen", args=[rapport.pk])
    response = client.post(url, {"verschillen": "", "wijzigingen": ""})
    assert response.status_code == 400
    assert (
        "Describe the differences between expectation and realisation." in response.content.decode()
    )
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT
    response = client.post(
        url,
        {
            "verschillen": "Minder aanmeldingen dan verwacht.",
            "wijzigingen": "",
            "stap": "bevestigen",
            "bevestig": "on",
        },
    )
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.INGEDIEND and rapport.cijfers["trajecten_gestart"] == 1
    # a traject added afterwards does not change the submitted figures
    world.alpha.traject.startdatum = date(2026, 9, 20)
    world.alpha.traject.save()
    html = client.get(rapport.get_absolute_url()).content.decode()
    assert 'data-cijfer="trajecten_gestart">1<' in html
    # the frozen codes are shown by their labels
    assert "Advice: Alternative route<" in html and "Outflow: Unknown<" in html


def test_only_sbb_reopens_and_sbb_never_sees_drafts(client, world):
    maak_concepten(vandaag=date(2026, 11, 2))
    alpha = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    beta = MonitorRapport.objects.get(pilot=world.beta.pilot)
    pl = world.user(Role.PROJECTLEIDER)
    dien_in(actor=pl, rapport=alpha, verschillen="Zoals verwacht.", wijzigingen="")
    with pytest.raises(PermissionDenied):
        heropen(actor=pl, rapport=alpha)
    client.force_login(world.sbb)
    html = client.get(reverse("monitoring:rapporten")).content.decode()
    assert f'data-rapport="{alpha.pk}"' in html and f'data-rapport="{beta.pk}"' not in html
    assert client.get(beta.get_absolute_url()).status_code == 404
    client.post(reverse("monitoring:rapport-heropenen", args=[alpha.pk]))
    alpha.refresh_from_db()
    assert alpha.status == RapportStatus.HEROPEND
    # the projectleider of the other pilot does not see alpha's report
    client.force_login(world.beta.users[Role.PROJECTLEIDER])
    assert client.get(alpha.get_absolute_url()).status_code == 404


def test_a_report_not_submitted_in_14_days_gets_one_reminder(
    world, django_capture_on_commit_callbacks
):
    maak_concepten(vandaag=date(2026, 11, 2))
    rapport = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    mail.outbox.clear()
    assert stuur_herinneringen(vandaag=rapport.periode_eind + timedelta(days=14)) == 0
    later = rapport.periode_eind + timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert stuur_herinneringen(vandaag=later) == 2  # alpha and beta
        assert stuur_herinneringen(vandaag=later) == 0
    assert any(world.alpha.users[Role.PROJECTLEIDER].email in m.to for m in mail.outbox)


def test_the_report_list_does_not_grow_in_queries(client, world, django_assert_max_num_queries):
    for dag in (date(2026, 3, 2), date(2026, 5, 2), date(2026, 7, 2), date(2026, 9, 2)):
        maak_concepten(vandaag=dag)
    client.force_login(world.user(Role.PROJECTLEIDER))
    # The layout itself takes about ten; what matters is no query per report.
    with django_assert_max_num_queries(20):
        assert client.get(reverse("monitoring:rapporten")).status_code == 200
