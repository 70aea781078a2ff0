"""Signing for everyone (issue 11) in a real browser on a 390 px phone: (a) the participant signs
the OOK, POK and PLOK in one session with one code; (b) a participant without an e-mail address
signs in person on the mbo-medewerker's logged-in phone. Demo data (`make run`): Dennis Smit's
three agreements are out for signing; Nick Peters has no e-mail address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from ondertekening.constants import PartijRol, Wijze
from ondertekening.models import Ondertekening
from ondertekening.services import opnieuw_versturen
from praktijkleren.models import User

from ..overeenkomsten_support import LINK
from .conftest import CHROMIUM_ARGS, TIMEOUT_MS  # noqa: F401
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def test_the_participant_signs_three_agreements_in_one_session(
    page: Any, demo: Any, artifacts: Any
) -> None:
    eigen = Ondertekening.objects.filter(
        traject__deelnemer__referentie="DEMO-004", rol=PartijRol.DEELNEMER
    ).order_by("pk")
    assert eigen.count() == 3
    email, naam = eigen[0].email, eigen[0].naam
    # A fresh link from the mbo covers the whole session: one e-mail, one link.
    mail.outbox.clear()
    opnieuw_versturen(
        actor=User.objects.get(email="mbo@roc-kustenrivier.demo"), ondertekening=eigen[0]
    )
    (message,) = mail.outbox
    assert message.to == [email] and len(LINK.findall(message.body)) == 1
    link = LINK.search(message.body)
    assert link is not None
    page.goto(link.group(0)[link.group(0).index("/ondertekenen/") :])

    page.locator("form:has(input[name=stap][value=code]) button").click()
    codes = [m for m in mail.outbox if email in m.to and "code" in m.subject.lower()]
    assert len(codes) == 1
    page.locator("input[name=code]").fill(re.findall(r"\d{6}", codes[0].subject)[0])
    page.locator("form:has(input[name=stap][value=controleer]) button").click()

    # Every document, each with its own PDF, and one signature for all.
    expect(page.locator("[data-stukken] [data-stuk]")).to_have_count(3)
    for kort in ("OOK", "POK", "PLOK"):
        expect(page.locator(f"[data-stuk={kort}] [data-bekijk]")).to_be_visible()
    with page.expect_popup() as popup:
        page.locator("[data-stuk=POK] [data-bekijk]").click()
    popup.value.close()
    expect(page.locator("[data-ondertekenaar]")).to_have_text(naam)
    page.locator("input[name=naam]").fill(naam)
    page.locator("input[name=akkoord]").check()
    assert page.evaluate(PAGE_WIDTH) <= 0  # no sideways scrolling on a phone
    page.screenshot(path=str(artifacts / "ondertekenen-samen-telefoon.png"), full_page=True)
    page.locator("form:has(input[name=stap][value=teken]) button").click()
    expect(page.locator("[data-ondertekend] [data-stuk]")).to_have_count(3)

    assert {o.wijze for o in eigen.all()} == {Wijze.ONLINE}
    assert len({o.document_sha256 for o in eigen.all()}) == 3
    assert all(o.getekend_op for o in eigen.all())


def test_a_participant_without_email_signs_in_person_on_the_mbo_phone(
    page: Any, demo: Any, artifacts: Any
) -> None:
    eigen = Ondertekening.objects.filter(
        rol=PartijRol.DEELNEMER, email="", getekend_op__isnull=True
    ).order_by("pk")
    assert eigen.exists(), "the demo has a participant without e-mail (Nick Peters)"
    traject = eigen[0].traject
    eigen = eigen.filter(traject=traject)
    naam = eigen[0].naam
    mbo_email = Ondertekening.objects.get(
        document_type=eigen[0].document_type,
        document_id=eigen[0].document_id,
        rol=PartijRol.MBO,
    ).email
    mbo = User.objects.get(email=mbo_email)

    log_in(page, mbo.email)
    page.goto(traject.get_absolute_url() + "#overeenkomsten")
    persoon = page.locator(f"[data-open-handtekeningen] [data-persoon='{eigen[0].pk}']")
    expect(persoon).to_contain_text(naam)
    persoon.locator("[data-actie=ter-plekke]").click()
    expect(page.locator("[data-stukken] [data-stuk]")).to_have_count(eigen.count())
    expect(page.locator("[data-geen-email]")).to_be_visible()

    # Submitted without the checks: each is named in Dutch and nothing is signed.
    page.locator("main form button[type=submit]").click()
    # In the error summary (which has focus) and at the field.
    expect(page.locator("[data-foutoverzicht]")).to_be_focused()
    expect(page.locator("[data-foutoverzicht]")).to_contain_text(
        "Bevestig dat de ondertekenaar zelf aanwezig is."
    )
    assert not eigen.filter(getekend_op__isnull=False).exists()

    page.locator("input[name=aanwezig]").check()
    page.locator("input[name=id_gecontroleerd]").check()
    page.locator("select[name=id_document]").select_option("paspoort")
    page.locator("input[name=naam]").fill(naam)
    page.locator("input[name=akkoord]").check()
    assert page.evaluate(PAGE_WIDTH) <= 0
    page.screenshot(path=str(artifacts / "ter-plekke-telefoon.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".msg-success")).to_contain_text("ter plekke ondertekend")

    for o in eigen.all():
        assert o.getekend_op and o.wijze == Wijze.TER_PLEKKE
        assert o.vastgelegd_door == mbo and o.id_document == "paspoort"
