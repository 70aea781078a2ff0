"""Dashboards per pilot and national, and the PDF monitor reports (issue 6, items 3-5)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from monitoring.constants import RapportStatus
from monitoring.dashboard import laatste_perioden
from monitoring.models import MonitorRapport
from monitoring.tasks import maak_rapport_pdf
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Traject, Uitstroom
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from .conftest import BETA_PERSONAL_MARKERS, World
from .factories import PilotFactory
from .matrix_support import ALPHA_PERSONAL_MARKERS

GRAFIEKEN = [
    "actief", "funnel", "niveau", "domein", "trajecten", "leerbanen", "plaatsing", "doelgroep", "uitkering", "situatie",
    "verwijzer", "uitstroom", "behaald", "nameting6", "nameting12", "kwalificaties", "partners",
]  # fmt: skip
WERKPROCESSEN = [
    {"code": "B1-K1-W1", "crebo": "25250", "kwalificatie": "Bouwen", "niveau": "Entree",
     "domein": "Bouw"},
    {"code": "B1-K1-W2", "crebo": "25250", "kwalificatie": "Bouwen", "niveau": "Entree",
     "domein": "Bouw"},
    {"code": "B1-K1-W1", "crebo": "23000", "kwalificatie": "Zorg", "niveau": "3",
     "domein": "Zorg"},
]  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _cel(html: str, key: str, rij: int) -> int:
    match = re.search(rf'data-cel="{key}-{rij}">(\d+)<', html)
    assert match, f"no cell {key}-{rij}"
    return int(match.group(1))


def _registratie(pw: Any, nummer: str, **extra: Any) -> Registratie:
    return Registratie.objects.create(
        nummer=nummer, verificatiecode=nummer, pilot=pw.pilot, deelnemer=pw.deelnemer,
        instelling=pw.mbo, instelling_naam=pw.mbo.naam, houder_naam="x",
        uitgegeven_op=date(2026, 11, 2), werkprocessen=WERKPROCESSEN, **extra,
    )  # fmt: skip


@pytest.fixture
def records(world: World) -> World:
    """Alpha: a running traject, a completed one with outflow, one valid and one revoked
    verklaring. Beta: one valid verklaring."""
    a = world.alpha
    Traject.objects.filter(pk=a.traject.pk).update(status=TrajectStatus.LOPEND)
    klaar = Traject.objects.create(
        deelnemer=a.other_deelnemer,
        leerbedrijf=a.leerbedrijf,
        startdatum=date(2026, 9, 5),
        einddatum=date(2026, 10, 20),
        status=TrajectStatus.AFGEROND,
    )
    Uitstroom.objects.create(
        traject=klaar, soort=UitstroomSoort.ANDERE_WERKGEVER, datum=date(2026, 10, 21)
    )
    _registratie(a, "MV-A1")
    _registratie(a, "MV-A2", status=RegistratieStatus.INGETROKKEN)
    _registratie(world.beta, "MV-B1")
    return world


class TestPilotDashboard:
    def test_every_chart_is_in_the_page_with_its_table(self, records):
        html = _client(records.alpha.users["projectleider"]).get(
            reverse("monitoring:dashboard", args=["alpha"])
        )
        assert html.status_code == 200
        text = html.content.decode()
        for key in GRAFIEKEN:
            section = text.split(f'data-grafiek="{key}"')[1].split("</section>")[0]
            assert "<svg" in section and f'data-tabel="{key}"' in section
        assert 'width="100%"' in text

    def test_the_figures_match_the_records(self, records):
        text = (
            _client(records.alpha.users["projectleider"])
            .get(reverse("monitoring:dashboard", args=["alpha"]))
            .content.decode()
        )
        # Sep-Oct: both participants; Nov-Dec: only the one whose traject still runs.
        assert _cel(text, "actief", 5) == 2 and _cel(text, "actief", 6) == 1
        # Both participants started without intake or advice: their own step, not "referred".
        assert _cel(text, "funnel", 1) == 0 and _cel(text, "funnel", 7) == 2
        # The verklaring counts under its qualification with most werkprocessen (Entree, Bouw);
        # the revoked one and beta's do not count.
        assert [_cel(text, "niveau", i) for i in range(1, 5)] == [1, 0, 0, 0]
        assert "Bouw" in text and _cel(text, "domein", 1) == 1
        assert [_cel(text, "trajecten", i) for i in range(1, 5)] == [0, 1, 1, 0]
        assert _cel(text, "uitstroom", 2) == 1  # other employer
        assert sum(_cel(text, "uitstroom", i) for i in range(1, 7)) == 1

    def test_what_is_collected_is_charted(self, records):
        from deelnemers.models import Deelnemer
        from pilots.constants import PartnerRol
        from trajecten.models import Nameting

        a = records.alpha
        Deelnemer.objects.filter(pk=a.deelnemer.pk).update(
            doelgroepen=["ww", "nieuwkomer"], uitkering="ww", situatie="werkzoekend"
        )
        klaar = Traject.objects.get(deelnemer=a.other_deelnemer)
        Uitstroom.objects.filter(traject=klaar).update(behaald="mbo_certificaat")
        Nameting.objects.create(
            traject=klaar, maanden=6, gevraagd_op=date(2026, 11, 20),
            beantwoord_op=date(2026, 11, 22), situatie=UitstroomSoort.ANDERE_WERKGEVER,
        )  # fmt: skip
        text = (
            _client(a.users["projectleider"])
            .get(reverse("monitoring:dashboard", args=["alpha"]))
            .content.decode()
        )
        # One participant in two groups (ww is 2nd, nieuwkomer 5th), the other not recorded.
        assert _cel(text, "doelgroep", 2) == 1 and _cel(text, "doelgroep", 5) == 1
        assert _cel(text, "doelgroep", 10) == 1
        assert _cel(text, "uitkering", 3) == 1 and _cel(text, "situatie", 1) == 1
        # Referral channel: gemeente (alpha's participant), uwv (the other one).
        assert _cel(text, "verwijzer", 1) == 1 and _cel(text, "verwijzer", 2) == 1
        assert _cel(text, "behaald", 1) == 1 and _cel(text, "nameting6", 2) == 1
        # Both trajecten without agreed werkprocessen.
        assert _cel(text, "kwalificaties", 1) == 2
        rollen = dict(zip(PartnerRol.values, range(1, 9), strict=True))
        assert _cel(text, "partners", rollen["leerbedrijf"]) == 2
        assert _cel(text, "partners", rollen["opleider"]) == 1

    def test_the_last_six_periods_end_with_the_current_one(self):
        assert laatste_perioden(date(2026, 11, 23)) == [
            "2026-01/02", "2026-03/04", "2026-05/06", "2026-07/08", "2026-09/10", "2026-11/12",
        ]  # fmt: skip

    def test_another_pilots_projectleider_gets_404_and_other_roles_403(self, world):
        url = reverse("monitoring:dashboard", args=["alpha"])
        assert _client(world.beta.users["projectleider"]).get(url).status_code == 404
        assert _client(world.alpha.users["mbo_medewerker"]).get(url).status_code == 403
        assert _client(world.sbb).get(url).status_code == 200

    def test_sbb_sees_no_personal_data_on_a_pilot_dashboard(self, records):
        text = _client(records.sbb).get(reverse("monitoring:dashboard", args=["alpha"]))
        for marker in ALPHA_PERSONAL_MARKERS + BETA_PERSONAL_MARKERS:
            assert marker not in text.content.decode()


class TestLandelijkDashboard:
    def test_sbb_sees_the_national_figures_and_no_names(self, records):
        response = _client(records.sbb).get(reverse("monitoring:landelijk"))
        assert response.status_code == 200
        text = response.content.decode()
        for key in GRAFIEKEN:
            assert f'data-grafiek="{key}"' in text and f'data-tabel="{key}"' in text
        assert text.count("<svg") == len(GRAFIEKEN)
        for marker in ["Adaalpha", "Zuleikabeta", *ALPHA_PERSONAL_MARKERS, *BETA_PERSONAL_MARKERS]:
            assert marker not in text
        # beta's two referrals (a planned traject has not started); alpha's two participants
        # started without intake.
        assert _cel(text, "funnel", 1) == 2 and _cel(text, "funnel", 7) == 2
        # alpha's valid verklaring; beta's holder has a planned traject only (not a
        # participant), so it does not count.
        assert _cel(text, "niveau", 1) == 1
        partners = text.split('data-partners="alpha"')[1].split("</tr>")[0]
        assert 'data-kolom="organisaties">5<' in partners
        row = text.split('data-pilot="alpha"')[1].split("</tr>")[0]
        assert 'data-kolom="verklaringen">1<' in row and 'data-kolom="afgerond">1<' in row

    def test_the_per_pilot_tables_are_paginated_not_one_row_per_pilot_of_the_nation(
        self, records, settings
    ):
        """Issue 16: 2,600 pilots were 2,600 rows (1 MB of HTML) on one page. The page shows a
        page of pilots; the national charts still count every pilot."""
        from pilots.models import Pilot

        Pilot.objects.bulk_create(
            [
                Pilot(
                    code=f"extra-{i:03d}",
                    naam=f"Extra {i:03d}",
                    soort="regionaal",
                    tranche=1,
                    startdatum=date(2026, 1, 1),
                )
                for i in range(60)
            ]
        )
        client = _client(records.sbb)
        text = client.get(reverse("monitoring:landelijk")).content.decode()
        assert text.count('data-pilot="') == 50 and text.count('data-partners="') == 50
        assert "Page 1 of 2" in text and text.count('href="?page=2"') == 1
        tweede = client.get(reverse("monitoring:landelijk") + "?page=2").content.decode()
        assert tweede.count('data-pilot="') == Pilot.objects.count() - 50
        assert tweede.count('data-partners="') == Pilot.objects.count() - 50
        # A page number that does not exist gives the last page, not an error.
        assert client.get(reverse("monitoring:landelijk") + "?page=x").status_code == 200

    def test_pilot_roles_get_403(self, world):
        url = reverse("monitoring:landelijk")
        assert _client(world.alpha.users["projectleider"]).get(url).status_code == 403
        assert _client(world.beheerder).get(url).status_code == 200

    def test_the_national_pdf_holds_the_per_pilot_table(self, records):
        response = _client(records.sbb).get(reverse("monitoring:landelijk-pdf"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        data = b"".join(response.streaming_content)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        flat = " ".join(text.split())
        assert "Pilot Alfaregio" in flat and "Pilot Betaregio" in flat, flat[:600]
        assert "Adaalpha" not in text and "Zuleikabeta" not in text
        # made by the Celery task, once per day
        from django.utils import timezone

        from monitoring.tasks import maak_landelijk_pdf

        assert maak_landelijk_pdf.delay(timezone.localdate().isoformat()).get() is False


class TestQueries:
    def test_the_dashboards_do_not_grow_with_pilots_or_periods(
        self, records, django_assert_max_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        sbb = _client(records.sbb)
        urls = [reverse("monitoring:landelijk"), reverse("monitoring:dashboard", args=["alpha"])]
        before = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert sbb.get(url).status_code == 200
            before.append(len(ctx.captured_queries))
        for i in range(8):
            PilotFactory(code=f"extra{i}", naam=f"Zz extra {i}")  # after alpha: same current pilot
        # Older records: more periods in the export's history.
        Traject.objects.filter(pk=records.alpha.traject.pk).update(startdatum=date(2024, 1, 3))
        records.alpha.deelnemer.__class__.objects.filter(pk=records.alpha.deelnemer.pk).update(
            aangemeld_op=date(2024, 1, 2)
        )
        for url, n in zip(urls, before, strict=True):
            with django_assert_max_num_queries(n):
                assert sbb.get(url).status_code == 200


class TestRapportPdf:
    @pytest.fixture
    def rapport(self, records: World) -> MonitorRapport:
        return MonitorRapport.objects.create(
            pilot=records.alpha.pilot,
            periode_start=date(2026, 9, 1),
            periode_eind=date(2026, 10, 31),
            status=RapportStatus.INGEDIEND,
            cijfers={
                "periode": "2026-09/10",
                "actieve_deelnemers": 7,
                "nieuwe_aanmeldingen": 13,
                "trajecten_gestart": 5,
                "praktijkverklaringen": 3,
            },
            verschillen="Meer leerbedrijven dan verwacht in Alfaland.",
            wijzigingen="Een nieuwe jobcoach sinds oktober.",
        )

    def test_the_task_makes_the_pdf_with_the_figures_the_story_and_the_charts(self, rapport):
        assert maak_rapport_pdf.delay(rapport.pk).get() is True
        rapport.refresh_from_db()
        assert rapport.pdf and rapport.pdf_gemaakt_op is not None
        with rapport.pdf.open("rb") as f:
            reader = PdfReader(f)
            text = " ".join(page.extract_text() for page in reader.pages)
        flat = " ".join(text.split())
        assert "Meer leerbedrijven dan verwacht in Alfaland." in flat
        assert "Een nieuwe jobcoach sinds oktober." in flat
        # The period reads as people read it; the export's key "2026-09/10" stays in the data.
        assert "sep\u2013okt 2026" in flat and "2026-09/10" not in flat
        for figure in ("13", "7", "5", "3"):
            assert re.search(rf"\b{figure}\b", flat)
        assert "Adaalpha" not in flat and "Annaalpha" not in flat

    def test_the_pdf_html_has_every_chart_as_inline_svg(self, rapport):
        from monitoring.pdf import render_rapport

        html, pdf = render_rapport(rapport)
        assert pdf.startswith(b"%PDF")
        assert html.count("<svg") == len(GRAFIEKEN)
        assert 'lang="nl"' in html and 'data-verhaal="verschillen"' in html

    def test_running_the_task_twice_makes_one_file(self, rapport):
        maak_rapport_pdf.delay(rapport.pk)
        rapport.refresh_from_db()
        eerste = (rapport.pdf.name, rapport.pdf_gemaakt_op)
        assert maak_rapport_pdf.delay(rapport.pk).get() is False
        rapport.refresh_from_db()
        assert (rapport.pdf.name, rapport.pdf_gemaakt_op) == eerste
        assert len(list((Path(settings.MEDIA_ROOT) / "monitor").iterdir())) == 1

    def test_a_report_reopened_after_the_pdf_gets_a_new_one(self, rapport):
        from django.utils import timezone

        maak_rapport_pdf.delay(rapport.pk)
        rapport.refresh_from_db()
        eerste = rapport.pdf_gemaakt_op
        MonitorRapport.objects.filter(pk=rapport.pk).update(heropend_op=timezone.now())
        assert maak_rapport_pdf.delay(rapport.pk).get() is True
        rapport.refresh_from_db()
        assert rapport.pdf_gemaakt_op > eerste

    def test_the_download_makes_the_pdf_and_has_the_reports_access(self, rapport, records):
        url = reverse("monitoring:rapport-pdf", args=[rapport.pk])
        response = _client(records.alpha.users["projectleider"]).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert _client(records.sbb).get(url).status_code == 200
        assert _client(records.beta.users["projectleider"]).get(url).status_code == 404
        assert _client(records.alpha.users["mbo_medewerker"]).get(url).status_code == 403

    def test_sbb_gets_no_pdf_of_a_draft(self, records):
        concept = MonitorRapport.objects.create(
            pilot=records.alpha.pilot,
            periode_start=date(2026, 5, 1),
            periode_eind=date(2026, 6, 30),
        )
        url = reverse("monitoring:rapport-pdf", args=[concept.pk])
        assert _client(records.sbb).get(url).status_code == 404
        assert _client(records.alpha.users["projectleider"]).get(url).status_code == 200
