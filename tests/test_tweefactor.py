"""Two factors for staff (issue 14, docs/security.md "Two factors"): with TWO_FACTOR_REQUIRED on,
every staff role reaches nothing with personal data before its second factor; enrolment with a
QR code and recovery codes; verification with a TOTP code or a single-use recovery code;
sensitive actions ask again after 15 minutes; the beheerder resets another user's devices."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from deelnemers.models import Deelnemer
from pilots.models import Membership
from pilots.roles import Role
from praktijkleren import tweefactor
from praktijkleren.models import AuditEvent
from verklaringen.constants import RegistratieStatus

from .conftest import BETA_PERSONAL_MARKERS, World
from .matrix_support import ALPHA_PERSONAL_MARKERS, USERS
from .matrix_verklaringen_register import maak_registratie

# The matrix world and its fixtures, to walk every GET of the tenancy matrix.
from .test_tenancy_matrix import (  # noqa: F401
    CASES,
    _actor_user,
    _media_root,
    _url,
    matrix_world,
    media,
)

VERIFIEER = reverse("tweefactor-verifieer")
INSTELLEN = reverse("tweefactor-instellen")
BEVEILIGING = reverse("beveiliging")
HERSTELCODES = reverse("tweefactor-herstelcodes")
STAFF = USERS

# What an unverified user may still reach: signing in and out, the password reset, the language,
# the health check, the public verification and signing pages (the link is the key), the API's
# token endpoint (it asks for the code itself), its public verification and its docs, and the
# pages of the second factor. A change here is deliberate: the test below names them.
ALLOWED = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "health",
    "favicon",
    "verificatie",
    "verificatie-code",
    "ondertekenen",
    "ondertekenen-pdf",
    "ondertekenen-definitief",
    "api-token",
    "api-verificatie",
    "schema",
    "api-docs",
    "admin:logout",
    "tweefactor-verifieer",
    "tweefactor-instellen",
    "privacyverklaring",
    "toegankelijkheidsverklaring",
    "contact",
}


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user: Any) -> tuple[TOTPDevice, list[str]]:
    """A confirmed TOTP device and recovery codes, made through the services."""
    device = tweefactor.begin_inschrijving(user=user)
    codes = tweefactor.bevestig_inschrijving(user=user, device=device, token=totp_code(device))
    device.refresh_from_db()
    # The enrolment used this step's code: the next verification may use it again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return device, codes


def signed_in(user: Any, lang: str = "nl") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(user)
    return client


def verified(user: Any, device: TOTPDevice) -> Client:
    client = signed_in(user)
    response = client.post(VERIFIEER, {"token": totp_code(device)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def age_check(client: Client, minutes: int) -> None:
    """Move the time of the last check of the second factor back."""
    session = client.session
    session[tweefactor.SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def location(response: Any) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query)


def body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace") + response.get("Location", "")


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The world of tests/conftest.py once per module (and xdist worker), as the role sweep
    below builds the matrix world on it; each test runs in a savepoint that is rolled back."""
    return module_world


# --- every staff role, every GET of the tenancy matrix ---------------------------------------


def test_the_allowlist_is_what_the_docs_say():
    assert set(tweefactor.VRIJE_URLS) == ALLOWED


@pytest.mark.parametrize("actor", STAFF)
def test_every_staff_role_is_sent_to_the_second_factor_before_any_personal_data(
    actor: str,
    matrix_world: World,  # noqa: F811
    db: None,
    media: None,  # noqa: F811
    settings: Any,
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    user = _actor_user(matrix_world, actor)
    markers = BETA_PERSONAL_MARKERS + ALPHA_PERSONAL_MARKERS
    failures: list[str] = []
    cells = 0
    for with_device, target in ((False, INSTELLEN), (True, VERIFIEER)):
        with transaction.atomic():
            if with_device:
                TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
            client = signed_in(user)
            for key, case in CASES.items():
                if key in ALLOWED:
                    continue
                for variant in case.variants:
                    if variant.method != "get":
                        continue
                    cells += 1
                    url = _url(key, variant.kwargs(matrix_world))
                    response = client.get(url)
                    text = body(response)
                    where = f"{key} [{variant.label}] device={with_device}: GET {url}"
                    if url.startswith("/api/"):
                        detail = json.loads(response.content or b"{}").get("detail", "")
                        if response.status_code != 403 or "factor" not in detail:
                            failures.append(f"{where} -> {response.status_code} {text[:80]}")
                    elif response.status_code != 302 or location(response)[0] != target:
                        failures.append(
                            f"{where} -> {response.status_code} {response.get('Location')}"
                        )
                    elif location(response)[1].get("next") != [url]:
                        failures.append(f"{where} -> next is not the page: {response['Location']}")
                    failures += [f"{where} -> leaks {m}" for m in markers if m in text]
            transaction.set_rollback(True)
    assert cells > 400
    assert not failures, f"{len(failures)} of {cells} cells failed:\n" + "\n".join(failures)


@pytest.mark.django_db
class TestEnforcement:
    def test_without_the_requirement_a_user_without_a_device_passes(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        assert client.get(reverse("home")).status_code == 200

    def test_a_user_who_opted_in_is_asked_for_the_code_even_without_the_requirement(
        self, world: World
    ):
        user = world.user(Role.VERWIJZER)
        enrolled(user)
        client = signed_in(user)
        response = client.get(reverse("deelnemers:list"))
        assert response.status_code == 302
        assert location(response) == (VERIFIEER, {"next": [reverse("deelnemers:list")]})

    def test_the_api_with_an_unverified_session_answers_403_in_the_error_shape(
        self, world: World, settings: Any
    ):
        settings.TWO_FACTOR_REQUIRED = True
        client = signed_in(world.user(Role.PROJECTLEIDER))
        response = client.get("/api/v1/deelnemers/")
        assert response.status_code == 403
        assert set(response.json()) == {"detail"}
        assert "Zichtbaar" not in response.content.decode()

    def test_the_admin_is_closed_before_the_second_factor(self, world: World, settings: Any):
        settings.TWO_FACTOR_REQUIRED = True
        client = signed_in(world.beheerder)
        response = client.get("/admin/")
        assert response.status_code == 302 and location(response)[0] == INSTELLEN

    def test_a_verified_user_reaches_the_pages(self, world: World, settings: Any):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.PROJECTLEIDER)
        device, _codes = enrolled(user)
        client = verified(user, device)
        assert client.get(reverse("deelnemers:list")).status_code == 200
        assert client.get("/api/v1/deelnemers/").status_code == 200

    def test_after_the_reset_a_verified_session_is_no_longer_verified(
        self, world: World, settings: Any
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.PROJECTLEIDER)
        device, _codes = enrolled(user)
        client = verified(user, device)
        tweefactor.verwijder_apparaten(user=user)
        response = client.get(reverse("deelnemers:list"))
        assert response.status_code == 302 and location(response)[0] == INSTELLEN


@pytest.mark.django_db
class TestEnrolment:
    def test_the_page_shows_a_qr_code_inline_and_the_secret_as_text(
        self, world: World, settings: Any
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.MBO_MEDEWERKER)
        client = signed_in(user)
        html = client.get(INSTELLEN).content.decode()
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        # CSP-safe: inline SVG, no script, no style attribute, no event handler.
        assert "<svg" in main and "<script" not in main and 'style="' not in main
        assert not re.search(r"\son[a-z]+=", main)
        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html)
        assert secret, html
        assert tweefactor.geheim(device) == secret.group(1).replace(" ", "")
        # The page again: the same secret, not a new device.
        client.get(INSTELLEN)
        assert TOTPDevice.objects.filter(user=user).count() == 1

    def test_a_valid_code_confirms_the_device_and_shows_ten_recovery_codes_once(
        self, world: World, settings: Any
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.MBO_MEDEWERKER)
        client = signed_in(user)
        client.get(INSTELLEN)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        key = client.session.session_key
        response = client.post(INSTELLEN, {"token": totp_code(device)})
        assert response.status_code == 200
        html = response.content.decode()
        tokens = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(tokens) == 10 and all(t in html for t in tokens)
        assert "Herstelcodes" in html
        device.refresh_from_db()
        assert device.confirmed
        # Verified now, with a new session id; the codes are not shown again.
        assert client.session.session_key != key
        assert client.get(reverse("deelnemers:list")).status_code == 200
        assert tokens[0] not in client.get(BEVEILIGING).content.decode()
        assert AuditEvent.objects.filter(
            action="tweefactor.ingesteld", object_id=str(user.pk), actor=user
        ).exists()

    def test_a_wrong_code_is_refused_in_dutch_and_nothing_is_confirmed(self, world: World):
        user = world.user(Role.MBO_MEDEWERKER)
        client = signed_in(user)
        client.get(INSTELLEN)
        response = client.post(INSTELLEN, {"token": "000000"})
        assert response.status_code == 200
        assert "Deze code klopt niet" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert not StaticDevice.objects.filter(user=user).exists()

    def test_with_a_device_enrolment_needs_the_second_factor_first(
        self, world: World, settings: Any
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.MBO_MEDEWERKER)
        enrolled(user)
        client = signed_in(user)
        response = client.get(INSTELLEN)
        assert response.status_code == 302 and location(response)[0] == VERIFIEER
        assert TOTPDevice.objects.filter(user=user).count() == 1

    def test_enrolling_again_replaces_the_old_device(self, world: World):
        user = world.user(Role.MBO_MEDEWERKER)
        old, _codes = enrolled(user)
        client = verified(user, old)
        client.get(INSTELLEN)
        new = TOTPDevice.objects.get(user=user, confirmed=False)
        assert client.post(INSTELLEN, {"token": totp_code(new)}).status_code == 200
        assert list(TOTPDevice.objects.filter(user=user)) == [new]


@pytest.mark.django_db
class TestVerification:
    def test_the_session_id_changes_at_the_second_factor_and_the_time_is_kept(self, world: World):
        user = world.user(Role.PROJECTLEIDER)
        device, _codes = enrolled(user)
        client = signed_in(user)
        key = client.session.session_key
        before = int(time.time())
        response = client.post(VERIFIEER + "?next=/deelnemers/", {"token": totp_code(device)})
        assert response.status_code == 302 and response["Location"] == "/deelnemers/"
        assert client.session.session_key != key
        assert client.session[tweefactor.SESSION_KEY] >= before

    def test_a_recovery_code_works_once(self, world: World):
        user = world.user(Role.JOBCOACH)
        _device, codes = enrolled(user)
        client = signed_in(user)
        assert client.post(VERIFIEER, {"token": codes[0].upper()}).status_code == 302
        assert StaticToken.objects.filter(device__user=user).count() == 9
        assert AuditEvent.objects.filter(action="tweefactor.herstelcode").count() == 1
        again = signed_in(user)
        response = again.post(VERIFIEER, {"token": codes[0]})
        assert response.status_code == 200
        assert "Deze code klopt niet" in response.content.decode()
        assert again.get(reverse("home")).status_code == 302

    def test_a_wrong_code_gives_a_dutch_message_and_repeated_ones_are_throttled(self, world: World):
        user = world.user(Role.JOBCOACH)
        device, _codes = enrolled(user)
        client = signed_in(user)
        first = client.post(VERIFIEER, {"token": "000000"}).content.decode()
        assert "Deze code klopt niet" in first
        device.refresh_from_db()
        assert device.throttling_failure_count == 1
        # After more wrong codes the wait doubles each time (1, 2, 4, 8 ... seconds); within it
        # even the right code is refused, and the page says why.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=5)
        second = client.post(VERIFIEER, {"token": totp_code(device)}).content.decode()
        assert "Te veel onjuiste codes" in second
        device.refresh_from_db()
        assert device.throttling_failure_count == 5
        assert client.get(reverse("home")).status_code == 302

    def test_next_outside_the_site_is_ignored(self, world: World):
        user = world.user(Role.JOBCOACH)
        device, _codes = enrolled(user)
        client = signed_in(user)
        response = client.post(
            VERIFIEER + "?next=https://evil.example/", {"token": totp_code(device)}
        )
        assert response["Location"] == reverse("home")

    def test_without_a_device_the_page_sends_to_enrolment(self, world: World):
        client = signed_in(world.user(Role.JOBCOACH))
        response = client.get(VERIFIEER + "?next=/deelnemers/")
        assert location(response) == (INSTELLEN, {"next": ["/deelnemers/"]})


@pytest.mark.django_db
class TestFreshSecondFactor:
    """Sensitive actions ask again when the last check is older than 15 minutes."""

    def setup_user(self, world: World, role: str = Role.PROJECTLEIDER) -> tuple[Any, Client]:
        user = world.user(role)
        device, _codes = enrolled(user)
        return user, verified(user, device)

    def test_anonymising_after_15_minutes_asks_again_and_changes_nothing(self, world: World):
        _user, client = self.setup_user(world)
        d = world.alpha.deelnemer
        url = reverse("deelnemers:anonimiseer", args=[d.pk])
        age_check(client, 16)
        response = client.post(url, {"reden": "Verzoek deelnemer", "bevestig": "on"})
        assert location(response) == (VERIFIEER, {"next": [url]})
        assert Deelnemer.objects.get(pk=d.pk).geanonimiseerd_op is None
        page = client.get(response["Location"]).content.decode()
        assert "niet uitgevoerd" in page

    def test_anonymising_within_15_minutes_works(self, world: World):
        _user, client = self.setup_user(world)
        d = world.alpha.deelnemer
        age_check(client, 14)
        response = client.post(
            reverse("deelnemers:anonimiseer", args=[d.pk]),
            {"reden": "Verzoek deelnemer", "bevestig": "on"},
        )
        assert response.status_code == 302
        assert Deelnemer.objects.get(pk=d.pk).geanonimiseerd_op is not None

    def test_the_inzage_export_asks_again_with_the_page_as_next(self, world: World):
        _user, client = self.setup_user(world)
        url = reverse("deelnemers:inzage-export", args=[world.alpha.deelnemer.pk, "json"])
        age_check(client, 16)
        response = client.get(url)
        assert location(response) == (VERIFIEER, {"next": [url]})
        age_check(client, 1)
        assert client.get(url)["Content-Type"] == "application/json"

    def test_ending_a_membership_asks_again(self, world: World):
        _user, client = self.setup_user(world)
        membership = Membership.objects.get(user=world.alpha.users[Role.VERWIJZER])
        url = reverse("pilots:membership-end", args=[world.alpha.pilot.code, membership.pk])
        age_check(client, 16)
        response = client.post(url)
        assert location(response)[0] == VERIFIEER
        membership.refresh_from_db()
        assert membership.active

    def test_revoking_a_verklaring_asks_again(self, world: World):
        _user, client = self.setup_user(world, Role.EXAMENCOMMISSIE)
        reg = maak_registratie(world)
        url = reverse("verklaringen:register-intrekken", args=[reg.pk])
        age_check(client, 16)
        response = client.post(url, {"reden": "Naam verkeerd"})
        assert location(response) == (VERIFIEER, {"next": [url]})
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.GELDIG
        age_check(client, 0)
        assert client.post(url, {"reden": "Naam verkeerd"}).status_code == 302
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.INGETROKKEN

    def test_without_a_second_factor_in_use_nothing_is_asked(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        d = world.alpha.deelnemer
        response = client.post(
            reverse("deelnemers:anonimiseer", args=[d.pk]),
            {"reden": "Verzoek deelnemer", "bevestig": "on"},
        )
        assert response.status_code == 302 and location(response)[0] != VERIFIEER

    def test_the_sensitive_views_carry_the_mixin(self):
        from deelnemers.views import privacy
        from pilots import tweefactor_views as pilot_tweefactor
        from pilots import views as pilot_views
        from praktijkleren import tweefactor_views
        from verklaringen.views import register, verklaring

        for view in [
            privacy.AnonimiseerView,
            privacy.InzageExportView,
            pilot_views.MembershipCreateView,
            pilot_views.MembershipEndView,
            register.IntrekkenView,
            verklaring.PraktijkverklaringIntrekkenView,
            verklaring.MboVerklaringUitgifteView,
            pilot_tweefactor.HerstelView,
            tweefactor_views.HerstelcodesView,
        ]:
            assert issubclass(view, tweefactor.VerseTweedeFactorMixin), view


@pytest.mark.django_db
class TestRecoveryCodes:
    def test_new_codes_replace_the_old_ones_and_are_audited(self, world: World):
        user = world.user(Role.PROJECTLEIDER)
        device, old = enrolled(user)
        client = verified(user, device)
        response = client.post(HERSTELCODES)
        assert response.status_code == 200
        new = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(new) == 10 and not set(new) & set(old)
        assert all(code in response.content.decode() for code in new)
        assert AuditEvent.objects.filter(action="tweefactor.herstelcodes", actor=user).exists()
        other = signed_in(user)
        assert "Deze code klopt niet" in other.post(VERIFIEER, {"token": old[1]}).content.decode()

    def test_new_codes_need_a_fresh_second_factor(self, world: World):
        user = world.user(Role.PROJECTLEIDER)
        device, old = enrolled(user)
        client = verified(user, device)
        age_check(client, 16)
        response = client.post(HERSTELCODES)
        assert location(response)[0] == VERIFIEER
        assert sorted(
            StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
        ) == sorted(old)

    def test_the_security_page_says_whether_two_factors_are_set_up(self, world: World):
        user = world.user(Role.PROJECTLEIDER)
        client = signed_in(user)
        html = client.get(BEVEILIGING).content.decode()
        assert "niet ingesteld" in html and INSTELLEN in html
        device, _codes = enrolled(user)
        client = verified(user, device)
        html = client.get(BEVEILIGING).content.decode()
        assert "is ingesteld" in html and "10" in html and HERSTELCODES in html

    def test_the_menu_links_to_the_security_page(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        assert f'href="{BEVEILIGING}"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
class TestResetByTheBeheerder:
    def url(self, user: Any) -> str:
        return reverse("pilots:tweefactor-herstellen", args=[user.pk])

    def test_the_beheerder_deletes_the_devices_and_it_is_audited(self, world: World):
        target = world.user(Role.VERWIJZER)
        enrolled(target)
        client = signed_in(world.beheerder)
        page = client.get(self.url(target))
        assert page.status_code == 200 and target.email in page.content.decode()
        response = client.post(self.url(target))
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=target).exists()
        assert not StaticDevice.objects.filter(user=target).exists()
        event = AuditEvent.objects.get(action="tweefactor.reset", object_id=str(target.pk))
        assert event.actor == world.beheerder and event.changes["apparaten"] == 2

    def test_the_beheerder_sees_who_has_two_factors_and_a_button(self, world: World):
        target = world.user(Role.VERWIJZER)
        enrolled(target)
        client = signed_in(world.beheerder)
        html = client.get(
            reverse("pilots:tweefactor-gebruikers") + "?q=verwijzer@alpha"
        ).content.decode()
        assert target.email in html and self.url(target) in html
        assert "Betauserx" not in html

    def test_the_membership_list_shows_the_beheerder_a_reset_button(self, world: World):
        target = world.user(Role.VERWIJZER)
        url = reverse("pilots:membership-list", args=[world.alpha.pilot.code])
        html = signed_in(world.beheerder).get(url).content.decode()
        assert self.url(target) in html
        html = signed_in(world.user(Role.PROJECTLEIDER)).get(url).content.decode()
        assert self.url(target) not in html

    @pytest.mark.parametrize("role", [Role.PROJECTLEIDER, Role.SBB_MONITOR, Role.JOBCOACH])
    def test_another_role_may_not_reset(self, world: World, role: str):
        target = world.user(Role.VERWIJZER)
        enrolled(target)
        client = signed_in(world.user(role))
        assert client.get(self.url(target)).status_code == 403
        assert client.post(self.url(target)).status_code == 403
        assert client.get(reverse("pilots:tweefactor-gebruikers")).status_code == 403
        assert TOTPDevice.objects.filter(user=target).exists()
        assert not AuditEvent.objects.filter(action="tweefactor.reset").exists()

    def test_the_beheerder_resets_only_with_a_fresh_second_factor(self, world: World):
        target = world.user(Role.VERWIJZER)
        enrolled(target)
        device, _codes = enrolled(world.beheerder)
        client = verified(world.beheerder, device)
        age_check(client, 16)
        response = client.post(self.url(target))
        assert location(response)[0] == VERIFIEER
        assert TOTPDevice.objects.filter(user=target).exists()

    def test_the_beheerder_cannot_reset_their_own(self, world: World):
        client = signed_in(world.beheerder)
        response = client.post(self.url(world.beheerder), follow=True)
        assert "eigen" in response.content.decode()
