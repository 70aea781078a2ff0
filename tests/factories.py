"""factory_boy factories shared by the cross-app tests."""

from datetime import date
from typing import Any

import factory
from django.utils import timezone
from guardian.shortcuts import assign_perm

from deelnemers.models import Deelnemer
from pilots.constants import OrganisatieSoort
from pilots.models import Membership, Organisatie, Pilot
from praktijkleren import audit
from praktijkleren.models import User
from trajecten.models import Traject

PASSWORD = "test-wachtwoord-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = OrganisatieSoort.GEMEENTE
    plaats = "Utrecht"


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot

    code = factory.Sequence(lambda n: f"pilot-{n}")
    naam = factory.Sequence(lambda n: f"Pilot {n}")
    soort = "regionaal"
    tranche = 1
    startdatum = date(2019, 4, 1)
    streefaantal = 100


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


class DeelnemerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deelnemer

    voornaam = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    geboortedatum = date(1990, 5, 17)
    aangemeld_op = date(2026, 10, 1)


def traject_rij(
    *,
    actor: Any,
    deelnemer: Deelnemer,
    leerbedrijf: Organisatie | None,
    praktijkopleider: Any = None,
    jobcoach: Any = None,
    **fields: Any,
) -> Traject:
    """A traject row for tests that need one in a given state (running, ended, without
    werkprocessen) that the validated service `trajecten.services.maak_traject` does not make
    directly. The product itself has one path to create a traject: `maak_traject`; tests of that
    path (and the agreement and verklaring tests, through `klaar_traject`) use it."""
    traject = Traject.objects.create(
        deelnemer=deelnemer,
        leerbedrijf=leerbedrijf,
        praktijkopleider=praktijkopleider,
        jobcoach=jobcoach,
        **fields,
    )
    for person in (praktijkopleider, jobcoach):
        if person is not None:
            assign_perm("trajecten.view_traject", person, traject)
    audit.record(actor=actor, action="traject.create", obj=traject, pilot_id=deelnemer.pilot_id)
    return traject


def erken(
    *, leerbedrijf: Organisatie | None, mbo_instelling: Organisatie | None, kwalificaties: Any
) -> None:
    """Record in the erkenning register that the leerbedrijf (SBB) and the mbo-instelling (DUO,
    derde leerweg) are recognised for these kwalificaties, as the mbo-medewerker would."""
    from erkenningen.constants import ErkenningSoort, ErkenningStatus
    from erkenningen.models import Erkenning

    for kwalificatie in kwalificaties:
        for soort, org in (
            (ErkenningSoort.LEERBEDRIJF, leerbedrijf),
            (ErkenningSoort.DERDE_LEERWEG, mbo_instelling),
        ):
            if org is None:
                continue
            Erkenning.objects.update_or_create(
                organisatie=org,
                kwalificatie=kwalificatie,
                soort=soort,
                defaults={
                    "status": ErkenningStatus.ERKEND,
                    "sinds": date(2024, 3, 1),
                    "bron": "SBB register" if soort == ErkenningSoort.LEERBEDRIJF else "DUO",
                    "gecontroleerd_op": date(2026, 11, 20),
                    "vastgelegd_op": timezone.now(),
                },
            )
