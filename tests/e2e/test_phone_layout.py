"""Every page a projectleider and a beheerder use fits a 390 px phone screen: wide tables scroll
inside their own box, the page itself never scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pilots.models import Organisatie, Pilot

from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def _pages() -> list[str]:
    pilot = Pilot.objects.get(code="noorderkwartier")
    org = Organisatie.objects.get(naam="Gemeente Alkmaar")
    return [
        reverse("home"),
        reverse("pilots:pilot-list"),
        pilot.get_absolute_url(),
        reverse("pilots:pilot-update", args=[pilot.code]),
        reverse("pilots:partner-create", args=[pilot.code]),
        reverse("pilots:subregio-create", args=[pilot.code]),
        reverse("pilots:membership-list", args=[pilot.code]),
        reverse("pilots:organisatie-list"),
        reverse("pilots:organisatie-create"),
        org.get_absolute_url(),
        reverse("pilots:organisatie-update", args=[org.pk]),
        reverse("kwalificaties:list"),
        reverse("kwalificaties:detail", args=["25250"]),
        reverse("deelnemers:list"),
    ]


@pytest.mark.parametrize("email", ["projectleider@noorderkwartier.demo", "sbb@sbb.demo"])
def test_no_page_scrolls_sideways_on_a_phone(page: Any, demo: Any, email: str) -> None:
    urls = _pages()
    log_in(page, email)
    too_wide = []
    for url in urls:
        response = page.goto(url)
        if response is None or response.status != 200:
            continue  # pages a role may not open are the tenancy matrix's business
        overflow = page.evaluate(PAGE_WIDTH)
        if overflow > 0:
            too_wide.append(f"{url}: {overflow}px too wide")
    assert not too_wide
