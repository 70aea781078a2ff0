"""Sessions that end (issue 14, docs/security.md "Sessions"): 30 minutes idle for roles with
personal data, 12 hours after login for everyone, a new session id at login; the activity stamp
is written at most once a minute."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from pilots import sessies
from pilots.roles import Role

from .conftest import World

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LOGIN = reverse("login")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shift(client: Client, **minutes_ago: int) -> None:
    """Move the session's stamps back: start=..., actief=... (minutes)."""
    session = client.session
    now = int(time.time())
    for name, minutes in minutes_ago.items():
        session[{"start": sessies.START, "actief": sessies.ACTIEF}[name]] = now - minutes * 60
    session.save()


def expired(client: Client, response: Any) -> bool:
    if response.status_code != 302 or not response["Location"].startswith(LOGIN):
        return False
    follow = client.get(response["Location"])
    assert "Uw sessie is verlopen" in follow.content.decode()
    return "_auth_user_id" not in client.session


def test_the_settings():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_ABSOLUTE_HOURS == 12


class TestIdleTimeout:
    @pytest.mark.parametrize("role", [Role.PROJECTLEIDER, Role.JOBCOACH, Role.BEHEERDER])
    def test_30_minutes_without_a_request_log_a_role_with_personal_data_out(
        self, world: World, role: str
    ):
        client = signed_in(world.user(role))
        assert client.get(HOME).status_code == 200
        shift(client, actief=31)
        response = client.get(reverse("deelnemers:list"))
        assert expired(client, response)
        assert response["Location"] == f"{LOGIN}?next={reverse('deelnemers:list')}"

    def test_within_30_minutes_the_session_stays(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        client.get(HOME)
        shift(client, actief=29)
        assert client.get(HOME).status_code == 200

    def test_an_sbb_monitor_has_no_idle_timeout(self, world: World):
        client = signed_in(world.sbb)
        client.get(HOME)
        shift(client, actief=120)
        assert client.get(HOME).status_code == 200

    def test_an_sbb_monitor_who_also_holds_a_pilot_role_has_the_idle_timeout(self, world: World):
        from tests.factories import MembershipFactory

        MembershipFactory(user=world.sbb, pilot=world.alpha.pilot, role=Role.EXAMENCOMMISSIE)
        client = signed_in(world.sbb)
        client.get(HOME)
        shift(client, actief=31)
        assert expired(client, client.get(HOME))

    def test_the_api_with_an_idle_session_is_not_authenticated(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        client.get(HOME)
        shift(client, actief=31)
        response = client.get("/api/v1/deelnemers/")
        assert response.status_code in (401, 403)
        assert "Zichtbaar" not in response.content.decode()


class TestAbsoluteTimeout:
    @pytest.mark.parametrize("role", [Role.PROJECTLEIDER, Role.SBB_MONITOR])
    def test_12_hours_after_login_everyone_is_logged_out(self, world: World, role: str):
        client = signed_in(world.user(role))
        client.get(HOME)
        shift(client, start=12 * 60 + 1, actief=0)
        assert expired(client, client.get(HOME))

    def test_activity_does_not_extend_the_12_hours(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        client.get(HOME)
        shift(client, start=11 * 60 + 59, actief=2)
        assert client.get(HOME).status_code == 200
        shift(client, start=12 * 60 + 1)
        assert expired(client, client.get(HOME))


class TestStamps:
    def test_login_stamps_the_session_and_gives_a_new_session_id(self, world: World):
        from tests.factories import PASSWORD

        user = world.user(Role.PROJECTLEIDER)
        client = Client()
        client.get(LOGIN)
        before = client.cookies.get(settings.SESSION_COOKIE_NAME)
        response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        after = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert before is None or before.value != after
        assert abs(client.session[sessies.START] - time.time()) < 5

    def test_a_new_login_restarts_the_12_hours(self, world: World):
        from tests.factories import PASSWORD

        user = world.user(Role.PROJECTLEIDER)
        client = signed_in(user)
        shift(client, start=12 * 60 - 1)
        client.post(LOGIN, {"username": user.email, "password": PASSWORD})
        assert abs(client.session[sessies.START] - time.time()) < 5

    def test_the_activity_stamp_is_written_at_most_once_a_minute(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        client.get(HOME)
        key = client.session.session_key
        stamp = client.session[sessies.ACTIEF]
        expiry = Session.objects.get(session_key=key).expire_date
        client.get(HOME)
        client.get(HOME)
        assert client.session[sessies.ACTIEF] == stamp
        assert Session.objects.get(session_key=key).expire_date == expiry
        shift(client, actief=2)
        client.get(HOME)
        assert client.session[sessies.ACTIEF] >= int(time.time()) - 2

    def test_a_session_without_stamps_gets_them_and_stays(self, world: World):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        session = client.session
        session.pop(sessies.START, None)
        session.pop(sessies.ACTIEF, None)
        session.save()
        assert client.get(HOME).status_code == 200
        assert sessies.START in client.session

    def test_anonymous_requests_are_untouched(self):
        client = Client()
        assert client.get(LOGIN).status_code == 200
        assert not Session.objects.exists()
