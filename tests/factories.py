"""factory_boy factories shared by the cross-app tests."""

from datetime import date

import factory

from deelnemers.models import Deelnemer
from pilots.constants import OrganisatieSoort
from pilots.models import Membership, Organisatie, Pilot
from praktijkleren.models import User

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
