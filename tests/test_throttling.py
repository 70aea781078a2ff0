"""Throttling (issue 14, item 7): the login lockout per e-mail address and real client IP behind
the proxy, a rate limit on password reset mails, and passwords of at least 12 characters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from pilots.roles import Role
from praktijkleren.password_reset import PER_ADRES, PER_IP

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

IP_A = "198.51.100.7"
IP_B = "203.0.113.9"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_counters(settings: Any) -> Any:
    """Rate limits count in the cache, which is not rolled back with the database. The app
    sits behind one reverse proxy, as in production."""
    settings.NUM_PROXIES = 1
    cache.clear()
    yield
    cache.clear()


def _client(ip: str) -> Client:
    """A browser at `ip`, seen through one reverse proxy (which adds X-Forwarded-For)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)


class TestLoginLockout:
    def test_failures_from_one_ip_do_not_lock_the_user_out_from_another(self, world):
        user = world.user(Role.MBO_MEDEWERKER)
        attacker = _client(IP_A)
        for _ in range(5):
            attacker.post(reverse("login"), {"username": user.email, "password": "fout"})
        locked = attacker.post(reverse("login"), {"username": user.email, "password": PASSWORD})
        assert locked.status_code == 429
        assert "Tijdelijk geblokkeerd" in locked.content.decode()

        owner = _client(IP_B)
        response = owner.post(reverse("login"), {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert "_auth_user_id" in owner.session

    def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(self, world):
        # The client may put anything before the proxy's entry; only the proxy's entry counts.
        user = world.user(Role.MBO_MEDEWERKER)
        for n in range(5):
            Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {IP_A}").post(
                reverse("login"), {"username": user.email, "password": "fout"}
            )
        response = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {IP_A}").post(
            reverse("login"), {"username": user.email, "password": PASSWORD}
        )
        assert response.status_code == 429


def _reset(client: Client, email: str, callbacks: Any) -> Any:
    with callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


class TestPasswordResetLimit:
    def test_fifteen_requests_for_one_address_send_at_most_the_limit(
        self, world, django_capture_on_commit_callbacks
    ):
        user = world.user(Role.PRAKTIJKOPLEIDER)
        statuses = []
        for n in range(15):
            # From different addresses too: the limit per e-mail address protects the mailbox.
            response = _reset(
                _client(f"192.0.2.{n}"), user.email, django_capture_on_commit_callbacks
            )
            statuses.append(response.status_code)
        assert len([m for m in mail.outbox if m.to == [user.email]]) == PER_ADRES
        assert statuses == [302] * PER_ADRES + [429] * (15 - PER_ADRES)

    def test_over_the_limit_the_answer_is_the_same_for_known_and_unknown_addresses(
        self, world, django_capture_on_commit_callbacks
    ):
        user = world.user(Role.PRAKTIJKOPLEIDER)
        antwoorden = {}
        for email in (user.email, "niemand@example.test"):
            for _ in range(PER_ADRES):
                _reset(_client(IP_A), email, django_capture_on_commit_callbacks)
            antwoorden[email] = _reset(_client(IP_A), email, django_capture_on_commit_callbacks)
        known, unknown = antwoorden.values()
        assert known.status_code == unknown.status_code == 429

        def message(response: Any) -> str:
            block = re.search(
                r'<div class="foutoverzicht"[^>]*>.*?</h2>(.*?)</div>',
                response.content.decode(),
                re.S,
            )
            return re.sub(r"<[^>]+>", "", block.group(1)).strip()

        assert message(known) == message(unknown)
        assert "Er zijn te veel aanvragen" in message(known)
        assert len(mail.outbox) == PER_ADRES

    def test_one_ip_cannot_mail_many_addresses(self, world, django_capture_on_commit_callbacks):
        users = [world.user(role) for role in (Role.PRAKTIJKOPLEIDER, Role.JOBCOACH)]
        statuses = []
        for n in range(PER_IP + 2):
            email = users[n % 2].email if n < 2 else f"iemand{n}@example.test"
            statuses.append(
                _reset(_client(IP_A), email, django_capture_on_commit_callbacks).status_code
            )
        assert statuses[-1] == 429 and statuses.count(302) == PER_IP
        # Another address is not held back by this one.
        other = _reset(_client(IP_B), "nog-iemand@example.test", django_capture_on_commit_callbacks)
        assert other.status_code == 302


class TestPasswordRules:
    def _confirm_url(self, client: Client, user: Any, callbacks: Any) -> str:
        _reset(client, user.email, callbacks)
        link = re.search(
            r"http://testserver(/account/wachtwoord-herstellen/\S+/)", mail.outbox[-1].body
        ).group(1)
        return client.get(link, follow=True).redirect_chain[-1][0]

    def test_a_password_needs_twelve_characters(self, world, django_capture_on_commit_callbacks):
        user = world.user(Role.VERWIJZER)
        client = _client(IP_A)
        url = self._confirm_url(client, user, django_capture_on_commit_callbacks)
        short = "Kort-wacht1!"[:11]
        response = client.post(url, {"new_password1": short, "new_password2": short})
        assert response.status_code == 200
        assert "De minimale lengte is 12 tekens" in response.content.decode()

        good = "Lange-zin-42x"
        response = client.post(url, {"new_password1": good, "new_password2": good})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(good)

    def test_a_common_password_is_refused(self, world, django_capture_on_commit_callbacks):
        user = world.user(Role.VERWIJZER)
        client = _client(IP_A)
        url = self._confirm_url(client, user, django_capture_on_commit_callbacks)
        response = client.post(
            url, {"new_password1": "qwerty123456", "new_password2": "qwerty123456"}
        )
        assert response.status_code == 200
        assert "Dit wachtwoord is te algemeen" in response.content.decode()
