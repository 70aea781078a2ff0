"""The register of issued verklaringen and revoking: the examencommissie of the issuing
institution revokes with a reason; the register list shows the current pilot's entries to the
roles that see all its participants (never SBB)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from pilots.roles import Role
from praktijkleren.models import AuditEvent
from verklaringen.constants import RegistratieStatus
from verklaringen.register import trek_in

from .conftest import World
from .matrix_verklaringen_register import maak_registratie

pytestmark = pytest.mark.django_db

REGISTER = reverse("verklaringen:register")


def signed_in(user: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def intrekken_url(pk: int) -> str:
    return reverse("verklaringen:register-intrekken", args=[pk])


class TestTrekIn:
    def test_the_examencommissie_revokes_with_a_reason_and_it_is_audited(self, world: World):
        reg = maak_registratie(world)
        exa = world.user(Role.EXAMENCOMMISSIE)
        trek_in(actor=exa, registratie=reg, reden="  Naam verkeerd gespeld  ")
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.INGETROKKEN
        assert reg.ingetrokken_op is not None
        assert reg.intrekking_reden == "Naam verkeerd gespeld"
        event = AuditEvent.objects.get(action="registratie.intrekken", object_id=str(reg.pk))
        assert event.actor == exa and event.pilot_id == world.alpha.pilot.pk
        assert event.changes["status"] == ["geldig", "ingetrokken"]

    def test_a_reason_is_required(self, world: World):
        reg = maak_registratie(world)
        with pytest.raises(ValidationError) as exc:
            trek_in(actor=world.user(Role.EXAMENCOMMISSIE), registratie=reg, reden="   ")
        assert "reden" in exc.value.message_dict
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.GELDIG

    def test_a_revoked_verklaring_cannot_be_revoked_again(self, world: World):
        reg = maak_registratie(world)
        exa = world.user(Role.EXAMENCOMMISSIE)
        trek_in(actor=exa, registratie=reg, reden="Eerste keer")
        with pytest.raises(ValidationError):
            trek_in(actor=exa, registratie=reg, reden="Tweede keer")
        reg.refresh_from_db()
        assert reg.intrekking_reden == "Eerste keer"

    @pytest.mark.parametrize(
        "role", [Role.PROJECTLEIDER, Role.MBO_MEDEWERKER, Role.VERWIJZER, Role.SBB_MONITOR]
    )
    def test_other_roles_may_not_revoke(self, world: World, role: str):
        reg = maak_registratie(world)
        with pytest.raises(PermissionDenied):
            trek_in(actor=world.user(role), registratie=reg, reden="Mag niet")
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.GELDIG

    def test_the_examencommissie_of_another_pilot_may_not_revoke(self, world: World):
        reg = maak_registratie(world, "alpha")
        with pytest.raises(PermissionDenied):
            trek_in(actor=world.user(Role.EXAMENCOMMISSIE, "beta"), registratie=reg, reden="X")

    def test_the_examencommissie_of_another_institution_in_the_pilot_may_not_revoke(
        self, world: World
    ):
        from .factories import MembershipFactory, OrganisatieFactory, UserFactory

        ander_roc = OrganisatieFactory(naam="ROC Elders")
        exa = UserFactory(email="exa-elders@alpha.test")
        MembershipFactory(
            user=exa, pilot=world.alpha.pilot, organisatie=ander_roc, role=Role.EXAMENCOMMISSIE
        )
        reg = maak_registratie(world, "alpha")
        with pytest.raises(PermissionDenied):
            trek_in(actor=exa, registratie=reg, reden="Andere instelling")


class TestRegisterList:
    @pytest.mark.parametrize(
        "role", [Role.PROJECTLEIDER, Role.MBO_MEDEWERKER, Role.EXAMENCOMMISSIE]
    )
    def test_shows_the_current_pilots_entries(self, world: World, role: str):
        maak_registratie(world, "alpha", houder_naam="Ada Zichtbaar")
        maak_registratie(world, "beta")
        response = signed_in(world.user(role)).get(REGISTER)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ada Zichtbaar" in html
        assert "Zuleikabeta" not in html

    def test_sbb_never_sees_holder_names(self, world: World):
        maak_registratie(world, "alpha", houder_naam="Ada Zichtbaar")
        response = signed_in(world.sbb).get(REGISTER)
        assert response.status_code == 403
        assert "Ada Zichtbaar" not in response.content.decode()

    @pytest.mark.parametrize("role", [Role.VERWIJZER, Role.PRAKTIJKOPLEIDER, Role.JOBCOACH])
    def test_is_forbidden_for_roles_without_the_whole_pilot(self, world: World, role: str):
        assert signed_in(world.user(role)).get(REGISTER).status_code == 403

    def test_needs_a_login(self, world: World):
        assert Client().get(REGISTER).status_code == 302

    def test_filters_on_status_and_counts_per_status(self, world: World):
        maak_registratie(world, houder_naam="Geldige Houder")
        maak_registratie(world, houder_naam="Ingetrokken Houder", status="ingetrokken")
        client = signed_in(world.user(Role.MBO_MEDEWERKER))
        html = client.get(REGISTER, {"status": "ingetrokken"}).content.decode()
        assert "Ingetrokken Houder" in html and "Geldige Houder" not in html
        assert "2 verklaringen issued" in html
        html = client.get(REGISTER, {"status": "onzin"}).content.decode()
        assert "Ingetrokken Houder" in html and "Geldige Houder" in html

    def test_only_the_examencommissie_gets_the_revoke_link(self, world: World):
        reg = maak_registratie(world)
        url = intrekken_url(reg.pk)
        assert url in signed_in(world.user(Role.EXAMENCOMMISSIE)).get(REGISTER).content.decode()
        assert url not in signed_in(world.user(Role.MBO_MEDEWERKER)).get(REGISTER).content.decode()

    def test_does_not_grow_in_queries_with_the_rows(
        self, world: World, django_assert_max_num_queries: Any
    ):
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        vervanger = maak_registratie(world)
        for _ in range(3):
            maak_registratie(world, status="vervangen", vervangen_door=vervanger)
        client.get(REGISTER)  # warm the session
        with django_assert_max_num_queries(25) as few:
            client.get(REGISTER)
        for _ in range(12):
            maak_registratie(world, status="vervangen", vervangen_door=vervanger)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(REGISTER)
        assert response.content.decode().count("data-registratie=") == 16


class TestIntrekkenPage:
    def test_the_examencommissie_revokes_through_the_form(self, world: World):
        reg = maak_registratie(world)
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        assert client.get(intrekken_url(reg.pk)).status_code == 200
        response = client.post(intrekken_url(reg.pk), {"reden": "Fout in de werkprocessen"})
        assert response.status_code == 302
        assert response["Location"] == REGISTER
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.INGETROKKEN
        # The public page now shows it as revoked.
        public = Client().get(reverse("verificatie-code", args=[reg.verificatiecode]))
        assert 'data-status="ingetrokken"' in public.content.decode()

    def test_an_empty_reason_is_explained(self, world: World):
        reg = maak_registratie(world)
        response = signed_in(world.user(Role.EXAMENCOMMISSIE)).post(
            intrekken_url(reg.pk), {"reden": "  "}
        )
        assert response.status_code == 400
        assert "This field is required" in response.content.decode()
        reg.refresh_from_db()
        assert reg.status == RegistratieStatus.GELDIG

    def test_revoking_twice_is_explained(self, world: World):
        reg = maak_registratie(world)
        client = signed_in(world.user(Role.EXAMENCOMMISSIE))
        client.post(intrekken_url(reg.pk), {"reden": "Eerste"})
        response = client.post(intrekken_url(reg.pk), {"reden": "Tweede"})
        assert response.status_code == 400
        assert "already been revoked" in response.content.decode()

    def test_the_mbo_medewerker_gets_403_and_another_pilot_404(self, world: World):
        reg = maak_registratie(world, "alpha")
        beta = maak_registratie(world, "beta")
        assert (
            signed_in(world.user(Role.MBO_MEDEWERKER)).get(intrekken_url(reg.pk)).status_code == 403
        )
        exa = signed_in(world.user(Role.EXAMENCOMMISSIE))
        assert exa.get(intrekken_url(beta.pk)).status_code == 404
        assert exa.post(intrekken_url(beta.pk), {"reden": "x"}).status_code == 404
        assert signed_in(world.sbb).get(intrekken_url(reg.pk)).status_code == 404
