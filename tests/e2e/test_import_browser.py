"""The registration import in a real browser (issue 15): a projectleider uploads a file with
errors and rows of another pilot, reads the Dutch groups, opens the folded lines; then uploads
a changed file and reads what each update changes. axe-core finds nothing on either page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from monitoring.importeren import importeer_praktijkloket
from pilots.models import Pilot

from ..shared_formats import EXAMPLE
from .axe_crawl import axe_violations
from .test_shell_browser import PROJECTLEIDER, log_in

pytestmark = pytest.mark.e2e

PILOT = "noorderkwartier"  # the demo pilot of PROJECTLEIDER, and the example files' first pilot


def _deelnemers(limit: int) -> list[dict[str, str]]:
    with (EXAMPLE / "deelnemers.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["pilot"] == PILOT][:limit]


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(page: Any, rows: list[dict[str, str]]) -> None:
    page.goto(reverse("monitoring:import-upload", kwargs={"code": PILOT}))
    page.locator("input[name=deelnemers]").set_input_files(
        {"name": "deelnemers.csv", "mimeType": "text/csv", "buffer": _csv(rows)}
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Import")


def test_a_projectleider_reads_grouped_dutch_errors_and_the_changes(page: Any, demo: Any) -> None:
    log_in(page, PROJECTLEIDER)
    rows = _deelnemers(10)
    for row in rows[3:]:
        row["pilot"] = "rivierenland"
    rows[0] = {**rows[0], "geboortedatum": "gisteren"}
    _upload(page, rows)

    groepen = page.locator(".import-groep h3")
    expect(groepen).to_have_text(
        [
            "Geen datum (1 rij)",
            "7 rijen horen bij een andere pilot (codes rivierenland) en worden geweigerd",
        ]
    )
    page.get_by_text("Toon de 7 regels").click()
    expect(page.locator("details tr[data-regel='11']")).to_be_visible()
    assert axe_violations(page, "import met fouten") == []

    first = _deelnemers(3)
    pilot = Pilot.objects.get(code=PILOT)
    assert not importeer_praktijkloket(map={"deelnemers.csv": _csv(first)}, pilot=pilot).errors
    first[1] = {**first[1], "achternaam": "Nieuwenhuis"}
    _upload(page, first)
    expect(page.locator("[data-wijzigingen]")).to_contain_text(
        f"Achternaam: {_deelnemers(3)[1]['achternaam']} → Nieuwenhuis"
    )
    expect(page.get_by_role("button", name="Bevestigen en importeren")).to_be_visible()
    assert axe_violations(page, "import met wijzigingen") == []
