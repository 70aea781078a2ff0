"""The shell a user meets: login, start page per role, pilot switcher, health, password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pilots.roles import Role

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


class TestLogin:
    def test_a_user_logs_in_with_e_mail_and_password_and_lands_on_the_start_page(
        self, client, world
    ):
        user = world.user(Role.PROJECTLEIDER)
        response = client.post(
            reverse("login"), {"username": user.email, "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home")
        assert "Pilot Alfaregio" in response.content.decode()

    def test_a_wrong_password_gets_a_dutch_message_and_no_session(self, client, world):
        user = world.user(Role.PROJECTLEIDER)
        response = client.post(reverse("login"), {"username": user.email, "password": "fout"})
        assert response.status_code == 200
        assert "komen niet overeen" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


class TestStartPage:
    def test_projectleider_sees_real_figures_of_the_pilot(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        html = client.get(reverse("home")).content.decode()
        # alpha: 5 partner organisations, 2 of them leerbedrijven, 2 dossiers (both aangemeld,
        # neither started a route: no participants yet in the monitor's sense, issue 12)
        assert re.search(r'data-figure="partners">5<', html)
        assert re.search(r'data-figure="leerbedrijven">2<', html)
        assert re.search(r'data-figure="deelnemers">0<', html)
        assert re.search(r'data-figure="aangemeld">2<', html)
        assert re.search(r'data-status="aangemeld">2<', html)

    def test_sbb_sees_counts_of_all_pilots_but_no_participant_names(self, client, world):
        client.force_login(world.sbb)
        html = client.get(reverse("home")).content.decode()
        assert "Pilot Alfaregio" in html and "Pilot Betaregio" in html
        assert "Adaalpha" not in html and "Zuleikabeta" not in html

    def test_verwijzer_sees_own_referrals_but_not_pilot_wide_participant_figures(
        self, client, world
    ):
        client.force_login(world.user(Role.VERWIJZER))
        html = client.get(reverse("home")).content.decode()
        assert "Adaalpha" in html
        assert "Adaalphaander" not in html
        assert 'data-figure="deelnemers"' not in html


class TestPilotSwitcher:
    def test_a_user_with_roles_in_two_pilots_switches_between_them(self, client, world):
        user = world.user(Role.MBO_MEDEWERKER)
        from pilots.models import Membership

        Membership.objects.create(
            user=user, pilot=world.beta.pilot, organisatie=world.beta.mbo, role=Role.MBO_MEDEWERKER
        )
        client.force_login(user)
        assert "Adaalpha" in client.get(reverse("deelnemers:list")).content.decode()
        client.post(
            reverse("switch-pilot"),
            {"pilot": world.beta.pilot.pk, "next": reverse("deelnemers:list")},
        )
        html = client.get(reverse("deelnemers:list")).content.decode()
        assert "Zuleikabeta" in html and "Adaalpha" not in html

    def test_switching_to_a_pilot_without_a_role_is_not_possible(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(reverse("switch-pilot"), {"pilot": world.beta.pilot.pk})
        assert response.status_code == 404
        html = client.get(reverse("deelnemers:list")).content.decode()
        assert "Zuleikabeta" not in html

    def test_the_next_url_cannot_point_to_another_site(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(
            reverse("switch-pilot"),
            {"pilot": world.alpha.pilot.pk, "next": "https://evil.example/"},
        )
        assert response["Location"] == "/"


class TestPasswordReset:
    def test_a_reset_mail_with_a_working_link_is_sent(
        self, client, world, django_capture_on_commit_callbacks
    ):
        user = world.user(Role.PRAKTIJKOPLEIDER)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": user.email})
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [user.email]
        link = re.search(
            r"http://testserver(/account/wachtwoord-herstellen/\S+/)", mail.outbox[0].body
        ).group(1)
        response = client.get(link, follow=True)
        assert response.status_code == 200
        url = response.redirect_chain[-1][0]
        response = client.post(
            url, {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"}
        )
        assert response.status_code == 302
        assert (
            client.post(
                reverse("login"), {"username": user.email, "password": "Nieuw-wachtwoord-42"}
            ).status_code
            == 302
        )

    def test_an_unknown_address_sends_nothing_and_reveals_nothing(self, client, world):
        response = client.post(reverse("password_reset"), {"email": "niemand@example.test"})
        assert response.status_code == 302
        assert mail.outbox == []


class TestHealth:
    def test_health_reports_database_and_broker(self, client, settings):
        response = client.get(reverse("health"))
        body = response.json()
        assert response.status_code == 200
        assert body["database"] == "ok"
        if settings.CELERY_BROKER_URL:
            assert body["broker"] == "ok"

    def test_health_is_degraded_when_the_broker_is_unreachable(self, client, settings):
        # The web keeps serving (writes go to the outbox), so the load balancer keeps it: 200.
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        response = client.get(reverse("health"))
        assert response.status_code == 200
        assert response.json()["status"] == "degraded"
        assert response.json()["broker"].startswith("error")


class TestLoginThrottling:
    def test_five_wrong_passwords_block_the_account_from_this_address_with_a_dutch_message(
        self, client, world
    ):
        user = world.user(Role.MBO_MEDEWERKER)
        for _ in range(5):
            client.post(reverse("login"), {"username": user.email, "password": "fout"})
        response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
        assert response.status_code == 429
        assert "Tijdelijk geblokkeerd" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_successful_login_resets_the_failure_count(self, client, world):
        user = world.user(Role.MBO_MEDEWERKER)
        for _ in range(4):
            client.post(reverse("login"), {"username": user.email, "password": "fout"})
        assert (
            client.post(
                reverse("login"), {"username": user.email, "password": PASSWORD}
            ).status_code
            == 302
        )
        client.logout()
        for _ in range(4):
            client.post(reverse("login"), {"username": user.email, "password": "fout"})
        assert (
            client.post(
                reverse("login"), {"username": user.email, "password": PASSWORD}
            ).status_code
            == 302
        )
