"""Security headers (docs/security.md "Headers"): a strict Content-Security-Policy with a fresh
nonce per response, Permissions-Policy, and `Cache-Control: no-store, private` on pages, PDFs,
exports and the API; static files keep their long cache. The tenancy matrix runs the same check
(tests/security_headers.py) on every one of its cells."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from pilots.roles import Role

from .conftest import World
from .security_headers import (
    EVENT_HANDLER,
    NONCE_ATTRIBUTE,
    STYLE_ATTRIBUTE,
    TAG,
    csp_nonce,
    header_problems,
    parse_csp,
)

pytestmark = pytest.mark.django_db


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_secure(response: Any) -> None:
    problems = header_problems(response, body(response))
    assert not problems, problems


class TestContentSecurityPolicy:
    def test_a_page_has_the_strict_policy_with_a_fresh_nonce_on_each_response(self, world: World):
        client = as_user(world.user(Role.PROJECTLEIDER))
        nonces = []
        for _ in range(2):
            response = client.get(reverse("home"))
            assert response.status_code == 200
            assert_secure(response)
            policy = parse_csp(response["Content-Security-Policy"])
            nonce = csp_nonce(policy)
            assert nonce and len(nonce) >= 16
            assert f"'nonce-{nonce}'" in policy["style-src"]
            # The page's script carries it (and so proves the page and header belong together).
            assert f'nonce="{nonce}"' in response.content.decode()
            nonces.append(nonce)
        assert nonces[0] != nonces[1]

    def test_the_policy_is_strict(self, world: World):
        policy = parse_csp(Client().get(reverse("login"))["Content-Security-Policy"])
        assert policy["default-src"] == {"'self'"}
        assert policy["object-src"] == {"'none'"}
        assert policy["frame-ancestors"] == {"'none'"}
        assert policy["base-uri"] == {"'none'"}
        assert policy["form-action"] == {"'self'"}
        assert policy["img-src"] == {"'self'", "data:"}
        for directive in ("script-src", "style-src"):
            assert "'self'" in policy[directive]
            assert not policy[directive] & {"'unsafe-inline'", "'unsafe-eval'"}

    def test_the_selects_submit_through_the_static_script(self, world: World):
        page = as_user(world.user(Role.PROJECTLEIDER)).get(reverse("home")).content.decode()
        assert 'id="language" name="language" data-autosubmit' in page
        assert re.search(r'<script src="/static/js/app\.js" defer nonce="[^"]+"></script>', page)
        assert "<noscript>" in page

    def test_the_api_docs_render_their_scripts_and_styles_with_the_nonce(self, world: World):
        response = as_user(world.user(Role.PROJECTLEIDER)).get(reverse("api-docs"))
        assert response.status_code == 200
        assert_secure(response)
        page = response.content.decode()
        assert '<html lang="nl">' in page
        nonce = csp_nonce(parse_csp(response["Content-Security-Policy"]))
        assert page.count(f'nonce="{nonce}"') >= 2  # the inline style and the inline script

    def test_the_admin_renders_under_the_policy(self, world: World):
        superuser = world.beheerder.__class__.objects.create_superuser(
            email="root@example.org", password="x" * 16
        )
        response = as_user(superuser).get(reverse("admin:index"))
        assert response.status_code == 200
        assert_secure(response)

    def test_no_template_served_as_html_has_inline_script_style_or_handlers(self):
        """PDF templates (rendered by WeasyPrint, never served) and e-mails keep their <style>."""
        problems = []
        for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
            name = path.relative_to(settings.BASE_DIR).as_posix()
            if "/pdf/" in name or name.endswith("_pdf.html") or "/email/" in name:
                continue
            text = path.read_text()
            for tag, attributes in TAG.findall(text):
                if tag.lower() == "script" and " src=" in f" {attributes}":
                    continue
                if not NONCE_ATTRIBUTE.search(f" {attributes}"):
                    problems.append(f"{name}: <{tag}> without a nonce")
            for pattern in (STYLE_ATTRIBUTE, EVENT_HANDLER):
                problems += [f"{name}: {m[:60]}" for m in pattern.findall(text)]
        assert not problems, problems


class TestPermissionsPolicy:
    def test_powerful_features_are_off_on_every_response(self, world: World):
        for response in (
            Client().get(reverse("login")),
            Client().get(reverse("home")),  # a redirect to the login page
            APIClient().get("/api/v1/deelnemers/"),  # 401
        ):
            policy = response["Permissions-Policy"]
            for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
                assert f"{feature}=()" in policy


class TestCacheControl:
    def test_pages_redirects_and_errors_are_not_stored(self, world: World):
        client = as_user(world.user(Role.PROJECTLEIDER))
        for response in (
            client.get(reverse("home")),
            client.get(reverse("deelnemers:detail", args=[world.alpha.deelnemer.pk])),
            client.get(reverse("deelnemers:detail", args=[world.beta.deelnemer.pk])),  # 404
            Client().get(reverse("deelnemers:list")),  # to the login page
        ):
            assert_secure(response)

    def test_a_pdf_is_not_stored(self, world: World):
        client = as_user(world.user(Role.PROJECTLEIDER))
        url = reverse("deelnemers:inzage-export", args=[world.alpha.deelnemer.pk, "pdf"])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert_secure(response)

    def test_an_export_is_not_stored(self, world: World):
        response = as_user(world.sbb).get(
            reverse("monitoring:export"), {"peildatum": "2021-01-13", "format": "csv"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert_secure(response)

    def test_the_api_is_not_stored(self, world: World):
        client = APIClient()
        client.force_authenticate(world.user(Role.PROJECTLEIDER))
        response = client.get("/api/v1/deelnemers/")
        assert response.status_code == 200
        assert_secure(response)

    def test_the_public_verification_keeps_no_store(self, world: World):
        response = Client().get(reverse("verificatie-code", args=["ZZZZYYYYXXXX"]))
        assert response.status_code == 404
        assert_secure(response)
        assert response["X-Robots-Tag"] == "noindex"

    def test_static_files_keep_their_cache(self):
        response = Client().get(static("css/app.css"))
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")


class TestOtherHeaders:
    def test_referrer_policy_and_nosniff_come_from_the_security_middleware(self, world: World):
        response = Client().get(reverse("login"))
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db(transaction=True)
def test_only_the_document_being_signed_may_be_framed_and_only_by_this_site(world: World):
    """The signing page shows the PDF in an <iframe> (object-src is 'none'): that one response
    allows this site as its frame ancestor; the signing page itself, like every page, none."""
    from ondertekening.models import Ondertekening

    from .overeenkomsten_support import _pk, genereer, klaar_traject, last_code, links, verstuur

    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    verstuur(as_user(mbo), traject)
    pages = {}
    for token in links():  # a party with one document sees it on the page itself
        signer = Client()
        url = reverse("ondertekenen", args=[token])
        signer.post(url, {"stap": "code"})
        o = Ondertekening.objects.get(pk=_pk(token))
        page = signer.post(url, {"stap": "controleer", "code": last_code(o.email)}, follow=True)
        pages[token] = (signer, page)
        assert_secure(page)
        assert parse_csp(page["Content-Security-Policy"])["frame-ancestors"] == {"'none'"}
        assert "<object" not in page.content.decode()
    framing = [
        (token, signer)
        for token, (signer, page) in pages.items()
        if re.search(r'<iframe class="pdf-view" src="[^"]+/document\.pdf"', page.content.decode())
    ]
    assert framing
    token, signer = framing[0]
    pdf_url = reverse("ondertekenen-pdf", args=[token])
    pdf = signer.get(pdf_url)
    assert pdf.status_code == 200
    assert_secure(pdf)
    assert parse_csp(pdf["Content-Security-Policy"])["frame-ancestors"] == {"'self'"}
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
