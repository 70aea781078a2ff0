"""The objects every area of the tenancy matrix builds on (tests/test_tenancy_matrix.py): the
reference data, an intake and an advice on each pilot's participant, and alpha's
projectleider with admin access. The areas' `setup(world)` run after this one."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from intake.models import Advies, Intake
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from pilots.models import Pilot

from .conftest import World
from .factories import MembershipFactory, UserFactory
from .matrix_support import PL


def setup(world: World) -> None:
    kwal = Kwalificatie.objects.create(
        crebo="25250", naam="Assistent bouwen, wonen en onderhoud", niveau="Entree", domein="Bouw"
    )
    kt = Kerntaak.objects.create(kwalificatie=kwal, code="B1-K1", naam="Kerntaak")
    world.extra["dossier"] = Kwalificatiedossier.objects.create(naam="Entree")
    world.extra["kwalificatie"] = kwal
    world.extra["werkproces"] = Werkproces.objects.create(
        kerntaak=kt, kwalificatie=kwal, code="B1-K1-W1", naam="Werkproces"
    )
    world.extra["pilot_ct"] = ContentType.objects.get_for_model(Pilot).pk
    for p in ("alpha", "beta"):
        d = getattr(world, p).deelnemer
        world.extra[f"intake_{p}"] = Intake.objects.create(
            deelnemer=d, gepland_op=timezone.now(), notities=f"Intakegeheim{p} notes"
        )
        world.extra[f"advies_{p}"] = Advies.objects.create(
            deelnemer=d,
            route="praktijkverklaring",
            onderbouwing=f"Onderbouwinggeheim{p}",
            volgende_stap="Leerbaan zoeken",
        )
    staff = UserFactory(email="staff-pl@alpha.test", first_name="Staffalpha", is_staff=True)
    MembershipFactory(
        user=staff, pilot=world.alpha.pilot, organisatie=world.alpha.verwijzer_org, role=PL
    )
    world.extra["staff_pl"] = staff
