"""Choices tied to the role (issue 14, item 8).

- The traject form offers as praktijkopleider and jobcoach only people with an ACTIVE membership
  with THAT role in THIS pilot (a chained `.filter()` on the memberships relation offered a
  praktijkopleider of another pilot who is merely a verwijzer here), and the service checks it
  again.
- Adding an existing account as a member tells that person by e-mail; a new account still gets
  only its invitation.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.models import Membership
from pilots.roles import Role
from trajecten.forms.traject import TrajectForm
from trajecten.models import Traject
from trajecten.services import maak_traject

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLLEN = [("praktijkopleider", Role.PRAKTIJKOPLEIDER), ("jobcoach", Role.JOBCOACH)]


def _werkproces() -> Werkproces:
    k = Kwalificatie.objects.create(crebo="25250", naam="Kwalificatie", niveau="2", domein="Zorg")
    kt = Kerntaak.objects.create(kwalificatie=k, code="B1-K1", naam="Kerntaak")
    return Werkproces.objects.create(kerntaak=kt, kwalificatie=k, code="B1-K1-W1", naam="Werk")


def _elsewhere(world: Any, role: str) -> Any:
    """Someone with `role` in pilot beta who is only a verwijzer in alpha."""
    person = world.beta.users[role]
    MembershipFactory(
        user=person, pilot=world.alpha.pilot, organisatie=world.alpha.verwijzer_org,
        role=Role.VERWIJZER,
    )  # fmt: skip
    return person


def _inactive(world: Any, role: str) -> Any:
    """Someone whose `role` in alpha has ended, who is still a verwijzer in alpha."""
    person = UserFactory(email=f"oud-{role}@alpha.test")
    MembershipFactory(user=person, pilot=world.alpha.pilot, role=role, active=False)
    MembershipFactory(user=person, pilot=world.alpha.pilot, role=Role.VERWIJZER)
    return person


def _offered(world: Any, field: str) -> set[Any]:
    return set(TrajectForm(pilot=world.alpha.pilot).fields[field].queryset)


def _maak(world: Any, **people: Any) -> Traject:
    return maak_traject(
        actor=world.user(Role.MBO_MEDEWERKER),
        deelnemer=world.alpha.other_deelnemer,
        werkprocessen=[_werkproces()],
        leerbedrijf=world.alpha.leerbedrijf,
        mbo_instelling=world.alpha.mbo,
        startdatum=date(2026, 12, 1),
        geplande_einddatum=date(2027, 6, 1),
        **people,
    )


class TestTheTrajectForm:
    @pytest.mark.parametrize(("field", "role"), ROLLEN)
    def test_only_this_pilots_active_holders_of_the_role_are_offered(self, world, field, role):
        elsewhere, inactive = _elsewhere(world, role), _inactive(world, role)
        offered = _offered(world, field)
        assert offered == {world.alpha.users[role]}
        assert elsewhere not in offered and inactive not in offered

    @pytest.mark.parametrize(("field", "role"), ROLLEN)
    def test_the_page_does_not_list_them_either(self, client, world, field, role):
        elsewhere = _elsewhere(world, role)
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        page = client.get(
            reverse("trajecten:traject-create", args=[world.alpha.other_deelnemer.pk])
        ).content.decode()
        select = re.search(rf'<select name="{field}".*?</select>', page, re.S).group(0)
        assert f'value="{elsewhere.pk}"' not in select
        assert f'value="{world.alpha.users[role].pk}"' in select


class TestTheService:
    @pytest.mark.parametrize(("field", "role"), ROLLEN)
    def test_refuses_a_holder_of_the_role_in_another_pilot(self, world, field, role):
        elsewhere = _elsewhere(world, role)
        with pytest.raises(ValidationError) as exc:
            _maak(world, **{field: elsewhere})
        assert field in exc.value.message_dict
        assert "in deze pilot" in exc.value.message_dict[field][0]
        assert not Traject.objects.filter(deelnemer=world.alpha.other_deelnemer).exists()

    @pytest.mark.parametrize(("field", "role"), ROLLEN)
    def test_refuses_an_ended_role(self, world, field, role):
        with pytest.raises(ValidationError) as exc:
            _maak(world, **{field: _inactive(world, role)})
        assert field in exc.value.message_dict

    def test_refuses_the_other_role(self, world):
        # A jobcoach of this pilot is not its praktijkopleider.
        with pytest.raises(ValidationError) as exc:
            _maak(world, praktijkopleider=world.alpha.users[Role.JOBCOACH])
        assert list(exc.value.message_dict) == ["praktijkopleider"]

    def test_accepts_this_pilots_praktijkopleider_and_jobcoach(self, world):
        traject = _maak(
            world,
            praktijkopleider=world.alpha.users[Role.PRAKTIJKOPLEIDER],
            jobcoach=world.alpha.users[Role.JOBCOACH],
        )
        assert traject.praktijkopleider == world.alpha.users[Role.PRAKTIJKOPLEIDER]


class TestAddingAMember:
    def url(self, world: Any) -> str:
        return reverse("pilots:membership-create", args=[world.alpha.pilot.code])

    def test_an_existing_account_is_told_by_e_mail(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        settings.SITE_URL = "https://praktijkleren.example"
        existing = world.beta.users[Role.MBO_MEDEWERKER]
        projectleider = world.user(Role.PROJECTLEIDER)
        client.force_login(projectleider)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                self.url(world), {"email": existing.email, "role": Role.JOBCOACH}
            )
        assert response.status_code == 302
        assert Membership.objects.filter(
            user=existing, pilot=world.alpha.pilot, role=Role.JOBCOACH, active=True
        ).exists()
        assert [m.to for m in mailoutbox] == [[existing.email]]
        mail = mailoutbox[0]
        assert mail.subject == "U bent toegevoegd aan pilot Pilot Alfaregio als jobcoach"
        assert "https://praktijkleren.example/" in mail.body
        assert projectleider.get_full_name() in mail.body
        # No password link: the account already has its own password.
        assert "wachtwoord-herstellen" not in mail.body

    def test_a_new_account_gets_only_its_invitation(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(world.user(Role.PROJECTLEIDER))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url(world), {"email": "nieuw@bedrijf.test", "role": Role.JOBCOACH})
        assert len(mailoutbox) == 1
        assert "wachtwoord-herstellen" in mailoutbox[0].body
        assert "toegevoegd" not in mailoutbox[0].subject
