"""The admin destroys nothing (issue 13): personal data, documents and the audit trail are
view-only in the admin, even for the beheerder (a superuser); pilots and organisations change
through their services (with an audit event); the database refuses to change or delete an audit
event; and the chains from a participant to signed documents are protected."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.urls import reverse

from deelnemers.models import Deelnemer
from deelnemers.privacy import anonimiseer
from ondertekening.models import OndertekenGebeurtenis, Ondertekening
from overeenkomsten.models import Overeenkomst, OvereenkomstVersie
from pilots.constants import OrganisatieSoort
from pilots.models import Pilot
from pilots.roles import Role
from praktijkleren import audit
from praktijkleren.admin_site import admin_site
from praktijkleren.models import AuditEvent, User
from trajecten.models import Traject

from .overeenkomsten_support import genereer, klaar_traject, links, teken, verstuur

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def _beheerder(world: Any) -> Client:
    assert world.beheerder.is_superuser
    client = Client()
    client.force_login(world.beheerder)
    return client


def _counts() -> dict[str, int]:
    return {
        "deelnemers": Deelnemer.objects.count(),
        "trajecten": Traject.objects.count(),
        "audit": AuditEvent.objects.count(),
        "gebruikers": User.objects.count(),
    }


def _bulk_delete(client: Client, model: str, pk: Any) -> Any:
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )


class TestTheAdminDeletesNothing:
    def test_the_beheerder_cannot_delete_a_participant(self, world):
        client, deelnemer = _beheerder(world), world.alpha.deelnemer
        before = _counts()
        url = reverse("admin:deelnemers_deelnemer_delete", args=[deelnemer.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        # The list has no delete action: it is only shown again.
        response = _bulk_delete(client, "deelnemers_deelnemer", deelnemer.pk)
        assert response.status_code == 200
        assert b"delete_selected" not in response.content
        assert _counts() == before
        assert Deelnemer.objects.filter(pk=deelnemer.pk, voornaam="Adaalpha").exists()

    def test_the_beheerder_cannot_delete_an_audit_event(self, world):
        client = _beheerder(world)
        event = AuditEvent.objects.filter(pilot_id=world.alpha.pilot.pk).first()
        assert event is not None
        before = _counts()
        url = reverse("admin:praktijkleren_auditevent_delete", args=[event.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert _bulk_delete(client, "praktijkleren_auditevent", event.pk).status_code == 200
        assert _counts() == before
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_the_beheerder_cannot_delete_a_user(self, world):
        client, user = _beheerder(world), world.alpha.users[Role.MBO_MEDEWERKER]
        before = _counts()
        url = reverse("admin:praktijkleren_user_delete", args=[user.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert _bulk_delete(client, "praktijkleren_user", user.pk).status_code == 200
        assert _counts() == before

    def test_no_admin_list_has_a_delete_or_export_action(self, world):
        request = RequestFactory().get("/admin/")
        request.user = world.beheerder
        for model, model_admin in admin_site._registry.items():
            assert model_admin.get_actions(request) == {}, model

    def test_the_change_form_of_a_participant_only_shows_it(self, world):
        client, deelnemer = _beheerder(world), world.alpha.deelnemer
        url = reverse("admin:deelnemers_deelnemer_change", args=[deelnemer.pk])
        page = client.get(url).content.decode()
        assert "Adaalpha" in page  # shown ...
        assert 'name="voornaam"' not in page  # ... not as a field to change
        assert 'name="_save"' not in page and "deletelink" not in page
        response = client.post(url, {"voornaam": "Overschreven", "achternaam": "X"})
        assert response.status_code == 403
        deelnemer.refresh_from_db()
        assert deelnemer.voornaam == "Adaalpha"
        assert client.get(reverse("admin:deelnemers_deelnemer_add")).status_code == 403

    @pytest.mark.parametrize(
        "model", ["trajecten_traject", "pilots_membership", "kwalificaties_kwalificatie"]
    )
    def test_documents_memberships_and_reference_data_are_view_only(self, world, model):
        client = _beheerder(world)
        assert client.get(reverse(f"admin:{model}_add")).status_code == 403
        assert client.post(reverse(f"admin:{model}_add"), {}).status_code == 403


class TestPilotsAndOrganisationsChangeThroughTheirServices:
    def test_a_change_of_an_organisation_is_audited(self, world):
        client, org = _beheerder(world), world.alpha.leerbedrijf
        url = reverse("admin:pilots_organisatie_change", args=[org.pk])
        data = {
            "naam": "Leerbedrijf Nieuwe Naam",
            "soort": org.soort,
            "plaats": org.plaats,
            "brin": "",
            "bekostigd": "unknown",
            "leerbedrijf_id": org.leerbedrijf_id,
            "email": "",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        org.refresh_from_db()
        assert org.naam == "Leerbedrijf Nieuwe Naam"
        event = AuditEvent.objects.get(action="organisatie.update", object_id=str(org.pk))
        assert event.actor == world.beheerder
        assert event.changes["naam"][1] == "Leerbedrijf Nieuwe Naam"

    def test_the_services_refusal_is_a_form_error_and_nothing_is_saved(self, world):
        client, org = _beheerder(world), world.alpha.leerbedrijf
        url = reverse("admin:pilots_organisatie_change", args=[org.pk])
        before = AuditEvent.objects.count()
        # Only an mbo-instelling has a BRIN code (pilots.services).
        data = {"naam": org.naam, "soort": OrganisatieSoort.LEERBEDRIJF, "brin": "99ZZ"}
        response = client.post(url, {**data, "bekostigd": "unknown", "plaats": "", "email": ""})
        assert response.status_code == 200
        assert "BRIN" in response.content.decode()
        org.refresh_from_db()
        assert org.brin == "" and AuditEvent.objects.count() == before

    def test_a_pilot_added_in_the_admin_is_audited(self, world):
        client = _beheerder(world)
        response = client.post(
            reverse("admin:pilots_pilot_add"),
            {
                "code": "gamma",
                "naam": "Pilot Gammaregio",
                "soort": "regionaal",
                "tranche": 2,
                "arbeidsmarktregio": "",
                "doelgroep": "",
                "startdatum": "2026-09-01",
                "streefaantal": 10,
                "financieringsbronnen": "[]",
                "bewaartermijn_maanden": 24,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        pilot = Pilot.objects.get(code="gamma")
        event = AuditEvent.objects.get(action="pilot.create", object_id=str(pilot.pk))
        assert event.actor == world.beheerder and event.pilot_id == pilot.pk


@on_postgresql
class TestTheDatabaseKeepsTheAuditTrail:
    def _event(self, world: Any) -> AuditEvent:
        return audit.record(
            actor=world.beheerder,
            action="test.event",
            obj=world.alpha.pilot,
            pilot_id=world.alpha.pilot.pk,
            changes={"naam": ["Oud", "Nieuw"], "status": ["a", "b"]},
        )

    @pytest.mark.parametrize(
        "sql",
        [
            "DELETE FROM praktijkleren_auditevent WHERE id = %s",
            "UPDATE praktijkleren_auditevent SET action = 'iets anders' WHERE id = %s",
            "UPDATE praktijkleren_auditevent SET actor_id = NULL WHERE id = %s",
            "UPDATE praktijkleren_auditevent SET at = now() WHERE id = %s",
            # changes may lose keys, not gain them or change a value
            """UPDATE praktijkleren_auditevent SET changes = changes || '{"x": 1}' WHERE id = %s""",
            """UPDATE praktijkleren_auditevent SET changes = '{"naam": ["Oud", "Vals"]}'
               WHERE id = %s""",
            "UPDATE praktijkleren_auditevent SET changes = '[]' WHERE id = %s",
        ],
    )
    def test_raw_sql_cannot_change_or_delete_an_audit_event(self, world, sql):
        event = self._event(world)
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
        kept = AuditEvent.objects.get(pk=event.pk)
        assert (kept.action, kept.actor_id, kept.at) == (event.action, event.actor_id, event.at)
        assert kept.changes == {"naam": ["Oud", "Nieuw"], "status": ["a", "b"]}

    def test_the_orm_cannot_delete_an_audit_event_either(self, world):
        event = self._event(world)
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_erasing_values_from_changes_is_allowed(self, world):
        """What the privacy services do when anonymising (deelnemers, trajecten)."""
        event = self._event(world)
        AuditEvent.objects.filter(pk=event.pk).update(changes={"status": ["a", "b"]})
        event.refresh_from_db()
        assert event.changes == {"status": ["a", "b"]}
        AuditEvent.objects.filter(pk=event.pk).update(changes={})
        event.refresh_from_db()
        assert event.changes == {}

    def test_a_user_named_in_the_audit_trail_is_not_deleted(self, world):
        user = world.alpha.users[Role.PROJECTLEIDER]
        assert AuditEvent.objects.filter(actor=user).exists()
        with pytest.raises(ProtectedError), transaction.atomic():
            user.delete()
        assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_signed_agreements_protect_the_participant_and_anonymising_still_works(world):
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    client = Client()
    client.force_login(mbo)
    verstuur(client, traject)
    for token in links():
        teken(Client(), token)
    assert Ondertekening.objects.filter(traject=traject, getekend_op__isnull=False).exists()
    deelnemer = traject.deelnemer

    def counts() -> tuple[int, ...]:
        return (
            Traject.objects.count(),
            Overeenkomst.objects.count(),
            OvereenkomstVersie.objects.count(),
            Ondertekening.objects.count(),
            OndertekenGebeurtenis.objects.count(),
        )

    before = counts()
    versie = OvereenkomstVersie.objects.filter(overeenkomst__traject=traject).first()
    ondertekening = Ondertekening.objects.filter(traject=traject).first()
    for obj in (deelnemer, traject, versie.overeenkomst, ondertekening):
        with pytest.raises(ProtectedError):
            obj.delete()
    assert counts() == before

    # Anonymising (which erases old values from the audit trail) still works with the trigger.
    anonimiseer(actor=mbo, deelnemer=deelnemer, reden="Verzoek van de deelnemer")
    deelnemer.refresh_from_db()
    assert deelnemer.geanonimiseerd_op is not None and deelnemer.voornaam == "Geanonimiseerd"
    assert counts() == before
