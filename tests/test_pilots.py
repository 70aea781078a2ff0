"""Pilot and organisation management by the projectleider: changes go through services, bad
input gets a specific Dutch message and stores nothing, list pages do not grow in queries."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Organisatie, Partner, Pilot, Subregio
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .factories import DeelnemerFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


def dutch(msgid: str, **params: object) -> str:
    """The Dutch UI text for an English msgid; fails if it has no Dutch translation."""
    with translation.override("nl"):
        text = gettext(msgid)
    assert text != msgid, f"no Dutch translation for {msgid!r}"
    return text % params if params else text


def form_data(pilot: Pilot, **changes: object) -> dict:
    data = {
        "naam": pilot.naam,
        "soort": pilot.soort,
        "tranche": pilot.tranche,
        "arbeidsmarktregio": "Midden-Utrecht",
        "doelgroep": "",
        "startdatum": "2019-04-01",
        "streefaantal": 120,
        "bewaartermijn_maanden": 12,
        "financieringsbronnen": ["esf", "gemeente"],
    }
    data.update(changes)
    return data


class TestPilotEditing:
    def test_the_projectleider_changes_the_pilot_and_the_change_is_audited(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        pilot = world.alpha.pilot
        response = client.post(reverse("pilots:pilot-update", args=[pilot.code]), form_data(pilot))
        assert response.status_code == 302
        pilot.refresh_from_db()
        assert pilot.streefaantal == 120 and pilot.financieringsbronnen == ["esf", "gemeente"]
        event = AuditEvent.objects.get(action="pilot.update", object_id=str(pilot.pk))
        assert event.changes["streefaantal"] == [100, 120]
        assert "Europees" in client.get(pilot.get_absolute_url()).content.decode() or "ESF" in (
            client.get(pilot.get_absolute_url()).content.decode()
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("tranche", 0),
            ("startdatum", "31-02-2019"),
            ("naam", ""),
            ("financieringsbronnen", ["loterij"]),
        ],
    )
    def test_bad_input_gets_a_dutch_message_and_changes_nothing(self, client, world, field, value):
        client.force_login(world.user(Role.PROJECTLEIDER))
        pilot = world.alpha.pilot
        before = Pilot.objects.values().get(pk=pilot.pk)
        response = client.post(
            reverse("pilots:pilot-update", args=[pilot.code]), form_data(pilot, **{field: value})
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="error"' in html
        assert Pilot.objects.values().get(pk=pilot.pk) == before
        assert not AuditEvent.objects.filter(action="pilot.update").exists()


class TestPartnersAndSubregios:
    def test_adding_a_partner_twice_in_the_same_role_is_refused_in_dutch(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        pilot = world.alpha.pilot
        org = OrganisatieFactory(naam="Werkbedrijf Test", soort=OrganisatieSoort.WERKBEDRIJF)
        url = reverse("pilots:partner-create", args=[pilot.code])
        data = {"organisatie": org.pk, "rol": PartnerRol.VERWIJZER}
        assert client.post(url, data).status_code == 302
        response = client.post(url, data)
        assert response.status_code == 200
        assert dutch(
            "%(organisatie)s is already a partner of this pilot in this role.", organisatie=org.naam
        ) in (response.content.decode())
        assert Partner.objects.filter(pilot=pilot, organisatie=org).count() == 1

    def test_a_subregio_of_another_pilot_cannot_be_chosen(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        url = reverse("pilots:partner-create", args=[world.alpha.pilot.code])
        response = client.post(
            url,
            {
                "organisatie": world.shared_org.pk,
                "rol": PartnerRol.OVERIG,
                "subregio": world.beta.subregio.pk,
            },
        )
        assert response.status_code == 200
        assert not Partner.objects.filter(pilot=world.alpha.pilot, rol=PartnerRol.OVERIG).exists()

    def test_a_duplicate_subregio_name_is_refused_in_dutch(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        url = reverse("pilots:subregio-create", args=[world.alpha.pilot.code])
        response = client.post(url, {"naam": "alfaland-noord"})
        assert dutch(
            "This pilot already has a subregio named %(naam)s.", naam="alfaland-noord"
        ) in (response.content.decode())
        assert Subregio.objects.filter(pilot=world.alpha.pilot).count() == 1

    def test_removing_a_partner_keeps_the_organisation_in_the_registry(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        partner = world.alpha.partner
        client.post(reverse("pilots:partner-delete", args=[world.alpha.pilot.code, partner.pk]))
        assert not Partner.objects.filter(pk=partner.pk).exists()
        assert Organisatie.objects.filter(pk=partner.organisatie_id).exists()

    def test_a_partner_of_another_pilot_cannot_be_removed_through_the_own_pilot_url(
        self, client, world
    ):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("pilots:partner-delete", args=[world.alpha.pilot.code, world.beta.partner.pk])
        )
        assert response.status_code == 404
        assert Partner.objects.filter(pk=world.beta.partner.pk).exists()


class TestOrganisaties:
    def test_a_new_organisation_is_added_as_partner_of_the_current_pilot(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("pilots:organisatie-create"),
            {
                "naam": "Bakkerij Deeg",
                "soort": OrganisatieSoort.LEERBEDRIJF,
                "plaats": "Utrecht",
                "leerbedrijf_id": "555123",
                "bekostigd": "unknown",
                "partner_rol": PartnerRol.LEERBEDRIJF,
            },
        )
        assert response.status_code == 302
        org = Organisatie.objects.get(naam="Bakkerij Deeg")
        assert Partner.objects.filter(
            pilot=world.alpha.pilot, organisatie=org, rol=PartnerRol.LEERBEDRIJF
        ).exists()

    def test_a_duplicate_leerbedrijf_id_is_refused_in_dutch_and_stores_nothing(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("pilots:organisatie-create"),
            {
                "naam": "Dubbel BV",
                "soort": OrganisatieSoort.LEERBEDRIJF,
                "leerbedrijf_id": "shared-1",
                "bekostigd": "unknown",
                "partner_rol": PartnerRol.LEERBEDRIJF,
            },
        )
        assert response.status_code == 200
        assert dutch("Another organisation already has leerbedrijf-ID %(id)s.", id="shared-1") in (
            response.content.decode()
        )
        assert not Organisatie.objects.filter(naam="Dubbel BV").exists()

    def test_an_mbo_instelling_must_say_whether_it_is_funded(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("pilots:organisatie-create"),
            {
                "naam": "ROC Nieuw",
                "soort": OrganisatieSoort.MBO_INSTELLING,
                "brin": "12AB",
                "bekostigd": "unknown",
            },
        )
        assert (
            dutch("State whether this mbo-instelling is funded (bekostigd).")
            in response.content.decode()
        )
        assert not Organisatie.objects.filter(naam="ROC Nieuw").exists()

    def test_a_brin_code_on_a_gemeente_is_refused(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        org = world.alpha.verwijzer_org
        response = client.post(
            reverse("pilots:organisatie-update", args=[org.pk]),
            {
                "naam": org.naam,
                "soort": OrganisatieSoort.GEMEENTE,
                "brin": "12AB",
                "bekostigd": "unknown",
            },
        )
        assert dutch("Only an mbo-instelling has a BRIN code.") in response.content.decode()
        org.refresh_from_db()
        assert org.brin == ""

    def test_the_organisation_page_lists_only_pilots_the_user_may_see(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        html = client.get(
            reverse("pilots:organisatie-detail", args=[world.shared_org.pk])
        ).content.decode()
        assert "Pilot Alfaregio" in html
        assert "Pilot Betaregio" not in html


class TestListPagesDoNotGrowInQueries:
    @pytest.mark.parametrize(
        "url_name",
        [
            "pilots:pilot-list",
            "pilots:organisatie-list",
            "deelnemers:list",
            "kwalificaties:list",
            "home",
        ],
    )
    def test_query_count_is_the_same_for_few_and_many_rows(
        self, client, world, url_name, django_assert_max_num_queries
    ):
        client.force_login(world.user(Role.PROJECTLEIDER))
        url = reverse(url_name)
        client.get(url)  # warm up session and caches

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for i in range(25):
            org = OrganisatieFactory(naam=f"Extra {i}", soort=OrganisatieSoort.LEERBEDRIJF)
            Partner.objects.create(
                pilot=world.alpha.pilot, organisatie=org, rol=PartnerRol.LEERBEDRIJF
            )
            DeelnemerFactory(pilot=world.alpha.pilot, verwijzer_organisatie=org)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200


class TestMembers:
    def url(self, world, name="pilots:membership-create"):
        return reverse(name, args=[world.alpha.pilot.code])

    def test_a_new_person_gets_an_account_and_an_invitation_with_a_working_link(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        from praktijkleren.models import User

        client.force_login(world.user(Role.PROJECTLEIDER))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                self.url(world),
                {
                    "email": "Nieuwe.Opleider@Bedrijf.test",
                    "first_name": "Nina",
                    "last_name": "Nieuw",
                    "role": Role.PRAKTIJKOPLEIDER,
                    "organisatie": world.alpha.leerbedrijf.pk,
                },
            )
        assert response.status_code == 302
        user = User.objects.get(email="nieuwe.opleider@bedrijf.test")
        assert not user.has_usable_password()
        assert user.memberships.get().role == Role.PRAKTIJKOPLEIDER
        assert [m.to for m in mailoutbox] == [["nieuwe.opleider@bedrijf.test"]]
        import re

        link = re.search(
            r"http://testserver(/account/wachtwoord-herstellen/\S+/)", mailoutbox[0].body
        )
        client.logout()
        response = client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0]
        client.post(
            form_url,
            {"new_password1": "Eigen-wachtwoord-77", "new_password2": "Eigen-wachtwoord-77"},
        )
        assert (
            client.post(
                reverse("login"), {"username": user.email, "password": "Eigen-wachtwoord-77"}
            ).status_code
            == 302
        )

    def test_an_existing_account_gets_the_role_without_a_new_invitation(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        existing = world.beta.users[Role.MBO_MEDEWERKER]
        client.force_login(world.user(Role.PROJECTLEIDER))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url(world), {"email": existing.email, "role": Role.JOBCOACH})
        assert existing.memberships.filter(pilot=world.alpha.pilot, role=Role.JOBCOACH).exists()
        # Told about the role (tests/test_rolkeuzes.py), but no invitation to choose a password.
        assert [m.to for m in mailoutbox] == [[existing.email]]
        assert "wachtwoord-herstellen" not in mailoutbox[0].body

    def test_the_same_role_twice_is_refused_in_dutch(self, client, world):
        member = world.alpha.users[Role.VERWIJZER]
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            self.url(world),
            {
                "email": member.email,
                "role": Role.VERWIJZER,
                "organisatie": world.alpha.verwijzer_org.pk,
            },
        )
        assert dutch("%(email)s already has this role in this pilot.", email=member.email) in (
            response.content.decode()
        )

    def test_national_roles_cannot_be_given_within_a_pilot(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(self.url(world), {"email": "x@example.test", "role": Role.BEHEERDER})
        assert response.status_code == 200
        from praktijkleren.models import User

        assert not User.objects.filter(email="x@example.test").exists()

    def test_an_organisation_of_another_pilot_cannot_be_chosen(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        client.post(
            self.url(world),
            {
                "email": "y@example.test",
                "role": Role.VERWIJZER,
                "organisatie": world.beta.verwijzer_org.pk,
            },
        )
        from praktijkleren.models import User

        assert not User.objects.filter(email="y@example.test").exists()

    def test_ending_a_role_removes_access_but_keeps_the_account(self, client, world):
        from pilots.models import Membership

        verwijzer = world.alpha.users[Role.VERWIJZER]
        membership = Membership.objects.get(user=verwijzer)
        client.force_login(world.user(Role.PROJECTLEIDER))
        client.post(reverse("pilots:membership-end", args=[world.alpha.pilot.code, membership.pk]))
        membership.refresh_from_db()
        assert membership.active is False
        client.force_login(verwijzer)
        response = client.get(reverse("deelnemers:detail", args=[world.alpha.deelnemer.pk]))
        # Without any role left the participant pages are closed altogether.
        assert response.status_code == 403
        assert world.alpha.deelnemer.voornaam not in response.content.decode()

    def test_a_projectleider_cannot_end_their_own_role(self, client, world):
        from pilots.models import Membership

        pl = world.user(Role.PROJECTLEIDER)
        membership = Membership.objects.get(user=pl)
        client.force_login(pl)
        response = client.post(
            reverse("pilots:membership-end", args=[world.alpha.pilot.code, membership.pk]),
            follow=True,
        )
        membership.refresh_from_db()
        assert membership.active is True
        assert dutch("You cannot remove your own projectleider role.") in response.content.decode()
