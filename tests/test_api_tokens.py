"""API tokens (issue 14): django-rest-knox tokens that expire, are stored as a digest only, and
are revoked on a password change or reset and when the user's last membership ends. The token
endpoint asks for the second factor when the platform requires it or the account has one. Users
list and revoke their own tokens; the platform beheerder sees and revokes any."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from pilots.models import Membership
from pilots.roles import Role
from pilots.services import beeindig_lidmaatschap
from praktijkleren import tokens
from praktijkleren.models import AuditEvent, User

from .factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/token/"
PILOTS = "/api/v1/pilots/"
NEW_PASSWORD = "Een-nieuw-wachtwoord-2026"


def get_token(user: Any, **extra: str) -> str:
    response = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_status(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(PILOTS).status_code


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestTheTokenEndpoint:
    def test_answers_a_new_token_and_its_expiry_ninety_days_ahead(self, world):
        user = world.user(Role.PROJECTLEIDER)

        response = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD})

        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expiry"}
        stored = AuthToken.objects.get(user=user)
        assert stored.expiry is not None
        assert abs(stored.expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
        assert api_status(body["token"]) == 200

    def test_the_lifetime_follows_the_setting(self, world, settings):
        settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=7)}
        user = world.user(Role.PROJECTLEIDER)

        get_token(user)

        expiry = AuthToken.objects.get(user=user).expiry
        assert abs(expiry - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)

    def test_the_token_is_stored_only_as_a_digest(self, world):
        user = world.user(Role.PROJECTLEIDER)

        token = get_token(user)

        stored = AuthToken.objects.get(user=user)
        assert stored.digest == hashlib.sha512(token.encode()).hexdigest()
        assert stored.token_key == token[:15]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")
            rows = cursor.fetchall()
        assert rows
        assert not any(token in str(value) for row in rows for value in row)

    def test_a_creation_is_audited_with_the_prefix_only(self, world):
        user = world.user(Role.PROJECTLEIDER)

        token = get_token(user)

        event = AuditEvent.objects.get(action="api_token.create")
        assert event.actor == user
        assert event.object_id == str(user.pk)
        assert token[:15] in str(event.changes)
        assert token not in str(event.changes)

    def test_more_tokens_than_the_limit_are_refused_with_a_field_error(self, world, settings):
        settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
        user = world.user(Role.PROJECTLEIDER)
        get_token(user)
        get_token(user)

        response = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD})

        assert response.status_code == 400
        assert response.json()["non_field_errors"]
        assert AuthToken.objects.filter(user=user).count() == 2

    def test_an_expired_token_does_not_count_for_the_limit(self, world, settings):
        settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 1}
        user = world.user(Role.PROJECTLEIDER)
        get_token(user)
        AuthToken.objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))

        get_token(user)

    def test_a_wrong_password_is_counted_by_axes(self, world):
        user = world.user(Role.PROJECTLEIDER)

        response = APIClient().post(TOKEN, {"username": user.email, "password": "fout"})

        assert response.status_code == 400
        assert AccessAttempt.objects.get(username=user.email).failures_since_start == 1


class TestTheSecondFactorAtTheTokenEndpoint:
    @pytest.fixture
    def device(self, world) -> TOTPDevice:
        return TOTPDevice.objects.create(
            user=world.user(Role.PROJECTLEIDER), name="app", confirmed=True
        )

    def test_a_user_with_a_device_must_send_a_code(self, world, device):
        user = world.user(Role.PROJECTLEIDER)

        response = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD})

        assert response.status_code == 400
        assert list(response.json()) == ["otp"]
        assert not AuthToken.objects.filter(user=user).exists()

    def test_a_wrong_code_is_a_field_error_and_counted_by_axes(self, world, device):
        user = world.user(Role.PROJECTLEIDER)
        wrong = f"{(int(totp_code(device)) + 1) % 10**6:06d}"

        response = APIClient().post(
            TOKEN, {"username": user.email, "password": PASSWORD, "otp": wrong}
        )

        assert response.status_code == 400
        assert list(response.json()) == ["otp"]
        assert not AuthToken.objects.filter(user=user).exists()
        assert AccessAttempt.objects.get(username=user.email).failures_since_start == 1

    def test_the_current_code_gets_a_token(self, world, device):
        user = world.user(Role.PROJECTLEIDER)

        token = get_token(user, otp=totp_code(device))

        assert api_status(token) == 200

    def test_an_unused_recovery_code_gets_a_token_once(self, world):
        user = world.user(Role.PROJECTLEIDER)
        static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        static.token_set.create(token="herstel123")

        get_token(user, otp="herstel123")
        again = APIClient().post(
            TOKEN, {"username": user.email, "password": PASSWORD, "otp": "herstel123"}
        )

        assert again.status_code == 400
        assert list(again.json()) == ["otp"]

    def test_an_unconfirmed_device_asks_for_nothing(self, world):
        user = world.user(Role.PROJECTLEIDER)
        TOTPDevice.objects.create(user=user, name="half", confirmed=False)

        get_token(user)

    def test_when_two_factors_are_required_a_user_without_a_device_is_told_to_set_one_up(
        self, world, settings
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.MBO_MEDEWERKER)

        response = APIClient().post(
            TOKEN, {"username": user.email, "password": PASSWORD, "otp": "123456"}
        )

        assert response.status_code == 400
        assert list(response.json()) == ["otp"]
        assert not AuthToken.objects.filter(user=user).exists()

    def test_when_two_factors_are_required_the_code_is_asked_and_checked(
        self, world, settings, device
    ):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.PROJECTLEIDER)
        missing = APIClient().post(TOKEN, {"username": user.email, "password": PASSWORD})
        assert missing.status_code == 400
        assert list(missing.json()) == ["otp"]

        token = get_token(user, otp=totp_code(device))

        assert api_status(token) == 200

    def test_an_overlong_code_is_a_field_error(self, world, device):
        user = world.user(Role.PROJECTLEIDER)

        response = APIClient().post(
            TOKEN, {"username": user.email, "password": PASSWORD, "otp": "1" * 500}
        )

        assert response.status_code == 400
        assert list(response.json()) == ["otp"]

    def test_the_schema_documents_the_code_and_the_answer(self):
        schema = APIClient().get("/api/schema/", {"format": "json"}).json()
        operation = schema["paths"]["/api/v1/token/"]["post"]
        request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        components = schema["components"]["schemas"]

        request_fields = components[request.rsplit("/", 1)[1]]["properties"]
        assert {"username", "password", "otp"} <= set(request_fields)
        assert "TWO_FACTOR_REQUIRED" in request_fields["otp"]["description"]
        assert set(components[answer.rsplit("/", 1)[1]]["properties"]) == {"token", "expiry"}
        assert "otp" in operation["description"]


class TestRevocation:
    def test_a_token_is_refused_after_a_password_change(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)

        user.set_password(NEW_PASSWORD)
        user.save()

        assert api_status(token) == 401
        assert not AuthToken.objects.filter(user=user).exists()
        assert AuditEvent.objects.filter(action="api_token.revoke_all", object_id=user.pk).exists()

    def test_a_token_is_refused_after_a_password_reset(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)
        client = Client()
        url = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        form = client.get(url, follow=True)
        assert form.status_code == 200

        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert done.status_code == 302
        assert api_status(token) == 401

    def test_a_token_is_refused_after_the_beheerder_sets_a_password_in_the_admin(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)
        url = reverse("admin:auth_user_password_change", args=[user.pk])

        response = signed_in(world.beheerder).post(
            url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
        )

        assert response.status_code == 302
        assert api_status(token) == 401

    def test_a_token_is_refused_once_the_password_is_made_unusable(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)

        user.set_unusable_password()
        user.save()

        assert api_status(token) == 401

    def test_a_hash_upgrade_at_login_keeps_the_tokens(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)
        # A salt too short for the hasher: the next login re-hashes the same password, which
        # is no change of it (as when Django strengthens a hasher).
        weak = MD5PasswordHasher().encode(PASSWORD, "ab")
        User.objects.filter(pk=user.pk).update(password=weak)
        user = User.objects.get(pk=user.pk)

        assert user.check_password(PASSWORD)

        assert User.objects.get(pk=user.pk).password not in (weak, "")
        assert api_status(token) == 200

    def test_saving_other_fields_keeps_the_tokens(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)

        user.first_name = "Anders"
        user.save()

        assert api_status(token) == 200

    def test_an_expired_token_is_refused(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)
        AuthToken.objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))

        response = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(PILOTS)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    def test_the_token_of_a_user_whose_last_membership_ended_is_refused(self, world):
        user = world.user(Role.MBO_MEDEWERKER)
        token = get_token(user)
        membership = Membership.objects.get(user=user, active=True)

        beeindig_lidmaatschap(actor=world.user(Role.PROJECTLEIDER), membership=membership)

        assert api_status(token) == 401
        event = AuditEvent.objects.get(action="api_token.revoke_all", object_id=user.pk)
        assert event.actor == world.user(Role.PROJECTLEIDER)

    def test_a_user_with_another_active_membership_keeps_the_token(self, world):
        user = world.user(Role.MBO_MEDEWERKER)
        MembershipFactory(
            user=user, pilot=world.beta.pilot, organisatie=world.beta.mbo, role=Role.MBO_MEDEWERKER
        )
        token = get_token(user)
        membership = Membership.objects.get(user=user, pilot=world.alpha.pilot)

        beeindig_lidmaatschap(actor=world.user(Role.PROJECTLEIDER), membership=membership)

        assert api_status(token) == 200

    def test_an_unknown_token_is_a_401_asking_for_a_token(self):
        response = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 64).get(PILOTS)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    @pytest.mark.parametrize("token", ["\xff\xfe" + "a" * 62, "abc\x00def", "a" * 5000])
    def test_a_malformed_token_is_a_401_not_a_server_error(self, token):
        response = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(PILOTS)

        assert response.status_code == 401


class TestTheTokensPage:
    def test_a_user_lists_their_own_tokens_without_the_secret(
        self, world, django_assert_max_num_queries
    ):
        user = world.user(Role.PROJECTLEIDER)
        client = signed_in(user)
        mine = [get_token(user)]
        few = queries(client, reverse("api-tokens"))
        mine += [get_token(user) for _ in range(4)]
        other = get_token(world.user(Role.MBO_MEDEWERKER))

        with django_assert_max_num_queries(few):
            response = client.get(reverse("api-tokens"))

        page = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        for token in mine:
            assert token[:15] in page
            assert token not in page
            assert hashlib.sha512(token.encode()).hexdigest() not in page
        assert other[:15] not in page

    def test_creating_a_token_shows_it_once(self, world):
        user = world.user(Role.PROJECTLEIDER)
        client = signed_in(user)

        created = client.post(reverse("api-tokens"))

        assert created.status_code == 200
        assert "no-store" in created["Cache-Control"]
        stored = AuthToken.objects.get(user=user)
        secret = created.context["new_token"]
        assert secret.startswith(stored.token_key)
        assert secret in created.content.decode()
        assert secret not in client.get(reverse("api-tokens")).content.decode()
        assert api_status(secret) == 200
        assert AuditEvent.objects.filter(action="api_token.create", actor=user).exists()

    def test_a_refused_creation_says_why(self, world, settings):
        settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 1}
        user = world.user(Role.PROJECTLEIDER)
        get_token(user)

        response = signed_in(user).post(reverse("api-tokens"), follow=True)

        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert AuthToken.objects.filter(user=user).count() == 1

    def test_without_a_verified_second_factor_no_token_is_made_when_required(self, world, settings):
        settings.TWO_FACTOR_REQUIRED = True
        user = world.user(Role.PROJECTLEIDER)

        response = signed_in(user).post(reverse("api-tokens"))

        # Sent to the second factor (by the two-factor gate, or by the page itself).
        assert response.status_code == 302
        assert not AuthToken.objects.filter(user=user).exists()

    def test_a_user_revokes_their_own_token(self, world):
        user = world.user(Role.PROJECTLEIDER)
        token = get_token(user)

        response = signed_in(user).post(reverse("api-token-revoke", args=[token[:15]]))

        assert response.status_code == 302
        assert api_status(token) == 401
        event = AuditEvent.objects.get(action="api_token.revoke")
        assert event.actor == user
        assert token[:15] in str(event.changes)

    def test_a_user_cannot_revoke_another_users_token(self, world):
        token = get_token(world.user(Role.MBO_MEDEWERKER))

        response = signed_in(world.user(Role.PROJECTLEIDER)).post(
            reverse("api-token-revoke", args=[token[:15]])
        )

        assert response.status_code == 404
        assert api_status(token) == 200

    def test_the_beheerder_sees_every_token_with_its_owner(
        self, world, django_assert_max_num_queries
    ):
        users = [world.user(Role.PROJECTLEIDER), world.user(Role.VERWIJZER, "beta")]
        client = signed_in(world.beheerder)
        issued = [get_token(users[0])]
        few = queries(client, reverse("api-tokens-all"))
        issued.append(get_token(users[1]))
        for role in (Role.MBO_MEDEWERKER, Role.JOBCOACH, Role.EXAMENCOMMISSIE):
            get_token(world.user(role))

        with django_assert_max_num_queries(few):
            response = client.get(reverse("api-tokens-all"))

        page = response.content.decode()
        assert response.status_code == 200
        for user, token in zip(users, issued, strict=True):
            assert user.email in page
            assert token[:15] in page
            assert token not in page

    @pytest.mark.parametrize("role", [Role.PROJECTLEIDER, Role.SBB_MONITOR, Role.MBO_MEDEWERKER])
    def test_other_roles_may_not_see_every_token(self, world, role):
        response = signed_in(world.user(role)).get(reverse("api-tokens-all"))

        assert response.status_code == 403

    def test_the_beheerder_revokes_any_token(self, world):
        owner = world.user(Role.VERWIJZER, "beta")
        token = get_token(owner)

        response = signed_in(world.beheerder).post(
            reverse("api-token-revoke-any", args=[token[:15]])
        )

        assert response.status_code == 302
        assert api_status(token) == 401
        event = AuditEvent.objects.get(action="api_token.revoke")
        assert event.actor == world.beheerder
        assert event.object_id == str(owner.pk)

    def test_only_the_beheerder_revokes_another_users_token_there(self, world):
        token = get_token(world.user(Role.MBO_MEDEWERKER))

        response = signed_in(world.user(Role.PROJECTLEIDER)).post(
            reverse("api-token-revoke-any", args=[token[:15]])
        )

        assert response.status_code == 403
        assert api_status(token) == 200

    def test_the_menu_links_to_the_tokens_page(self, world):
        response = signed_in(world.user(Role.VERWIJZER)).get(reverse("home"))

        assert reverse("api-tokens") in response.content.decode()

    def test_the_selector_for_every_token_refuses_others(self, world):
        with pytest.raises(PermissionDenied):
            tokens.all_tokens(world.user(Role.PROJECTLEIDER))
