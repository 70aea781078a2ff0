"""A small world with two pilots and a user for every role, shared by the cross-app tests.

Pilot "alpha" is the user's own pilot; pilot "beta" is the other tenant. Everything personal in
beta carries a marker string so tests can assert that it never leaks into alpha's responses.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from deelnemers.services import registreer_deelnemer
from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Organisatie, Partner, Pilot, Subregio
from pilots.roles import Role
from tests.factories import traject_rij

from .factories import MembershipFactory, OrganisatieFactory, PilotFactory, UserFactory

PILOT_ROLES = [
    Role.PROJECTLEIDER,
    Role.MBO_MEDEWERKER,
    Role.EXAMENCOMMISSIE,
    Role.VERWIJZER,
    Role.PRAKTIJKOPLEIDER,
    Role.JOBCOACH,
    Role.WSP,
]
ALL_ROLES = [*PILOT_ROLES, Role.SBB_MONITOR, Role.BEHEERDER]

# Strings that only occur in pilot beta's personal data (participants, members).
BETA_PERSONAL_MARKERS = ["Zuleikabeta", "Geheimbeta", "Bettinabeta", "Betauserx"]
# Strings of beta's tenant data that national roles may see but alpha's roles may not.
BETA_TENANT_MARKERS = ["Pilot Betaregio", "Betaland-Zuid"]


@dataclass
class PilotWorld:
    pilot: Pilot
    users: dict[str, Any]
    verwijzer_org: Organisatie
    mbo: Organisatie
    leerbedrijf: Organisatie
    subregio: Subregio
    partner: Partner
    deelnemer: Any  # referred by this pilot's verwijzer, in a traject with its praktijkopleider
    other_deelnemer: Any  # referred by another organisation, no grants
    traject: Any


@dataclass
class World:
    alpha: PilotWorld
    beta: PilotWorld
    sbb: Any
    beheerder: Any
    shared_org: Organisatie
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str, pilot: str = "alpha") -> Any:
        if role == Role.SBB_MONITOR:
            return self.sbb
        if role == Role.BEHEERDER:
            return self.beheerder
        return getattr(self, pilot).users[role]


def _build_pilot(
    code: str, naam: str, subregio: str, shared: Organisatie, names: dict[str, str]
) -> PilotWorld:
    pilot = PilotFactory(code=code, naam=naam)
    # Organisation names avoid the pilot name: the registry is shared and visible to all.
    town = code.title() + "stad"
    verwijzer_org = OrganisatieFactory(naam=f"Gemeente {town}", soort=OrganisatieSoort.GEMEENTE)
    other_org = OrganisatieFactory(naam=f"UWV {town}", soort=OrganisatieSoort.UWV)
    mbo = OrganisatieFactory(
        naam=f"ROC {town}",
        soort=OrganisatieSoort.MBO_INSTELLING,
        bekostigd=True,
        brin={"alpha": "25AL", "beta": "25BE"}.get(code, ""),
        adres="Schoolstraat 1",
        postcode="4001 AB",
        plaats=town,
    )
    leerbedrijf = OrganisatieFactory(
        naam=f"Leerbedrijf {town}",
        soort=OrganisatieSoort.LEERBEDRIJF,
        leerbedrijf_id=f"{code}-1",
        adres="Havenweg 12",
        postcode="4002 CD",
        plaats=town,
    )
    sub = Subregio.objects.create(pilot=pilot, naam=subregio)
    partner = Partner.objects.create(
        pilot=pilot, organisatie=verwijzer_org, rol=PartnerRol.CENTRUMGEMEENTE
    )
    for org, rol in [
        (mbo, PartnerRol.OPLEIDER),
        (leerbedrijf, PartnerRol.LEERBEDRIJF),
        (shared, PartnerRol.LEERBEDRIJF),
        (other_org, PartnerRol.VERWIJZER),
    ]:
        Partner.objects.create(pilot=pilot, organisatie=org, rol=rol)
    org_for_role = {
        Role.PROJECTLEIDER: verwijzer_org,
        Role.MBO_MEDEWERKER: mbo,
        Role.EXAMENCOMMISSIE: mbo,
        Role.VERWIJZER: verwijzer_org,
        Role.PRAKTIJKOPLEIDER: leerbedrijf,
        Role.JOBCOACH: other_org,
        Role.WSP: verwijzer_org,
    }
    users = {}
    for role in PILOT_ROLES:
        user = UserFactory(
            email=f"{role}@{code}.test",
            first_name=names["first"],
            last_name=f"{names['last']}{role[:3]}",
        )
        MembershipFactory(user=user, pilot=pilot, organisatie=org_for_role[role], role=role)
        users[role] = user
    pl = users[Role.PROJECTLEIDER]
    deelnemer = registreer_deelnemer(
        actor=pl,
        pilot=pilot,
        voornaam=names["deelnemer_first"],
        achternaam=names["deelnemer_last"],
        geboortedatum=date(1991, 3, 4),
        aangemeld_op=date(2026, 10, 1),
        verwijzer=users[Role.VERWIJZER],
        verwijzer_organisatie=verwijzer_org,
        referentie=f"{code}-001",
    )
    other = registreer_deelnemer(
        actor=pl,
        pilot=pilot,
        voornaam=names["deelnemer_first"] + "ander",
        achternaam="Anderen",
        geboortedatum=date(1985, 1, 2),
        aangemeld_op=date(2026, 9, 1),
        verwijzer_organisatie=other_org,
    )
    traject = traject_rij(
        actor=pl,
        deelnemer=deelnemer,
        leerbedrijf=leerbedrijf,
        praktijkopleider=users[Role.PRAKTIJKOPLEIDER],
        jobcoach=users[Role.JOBCOACH],
        startdatum=date(2026, 10, 15),
    )
    return PilotWorld(
        pilot, users, verwijzer_org, mbo, leerbedrijf, sub, partner, deelnemer, other, traject
    )


@pytest.fixture
def world(db: Any) -> World:
    shared = OrganisatieFactory(
        naam="Gedeeld Leerbedrijf", soort=OrganisatieSoort.LEERBEDRIJF, leerbedrijf_id="shared-1"
    )
    alpha = _build_pilot(
        "alpha",
        "Pilot Alfaregio",
        "Alfaland-Noord",
        shared,
        {
            "first": "Annaalpha",
            "last": "Alphauser",
            "deelnemer_first": "Adaalpha",
            "deelnemer_last": "Zichtbaar",
        },
    )
    beta = _build_pilot(
        "beta",
        "Pilot Betaregio",
        "Betaland-Zuid",
        shared,
        {
            "first": "Bettinabeta",
            "last": "Betauserx",
            "deelnemer_first": "Zuleikabeta",
            "deelnemer_last": "Geheimbeta",
        },
    )
    sbb_org = OrganisatieFactory(naam="SBB", soort=OrganisatieSoort.SBB)
    sbb = UserFactory(email="sbb@sbb.test", first_name="Sanne", last_name="Monitor")
    MembershipFactory(user=sbb, pilot=None, organisatie=sbb_org, role=Role.SBB_MONITOR)
    beheerder = UserFactory(
        email="beheer@platform.test",
        first_name="Bert",
        last_name="Beheer",
        is_staff=True,
        is_superuser=True,
    )
    MembershipFactory(user=beheerder, pilot=None, role=Role.BEHEERDER)
    return World(alpha=alpha, beta=beta, sbb=sbb, beheerder=beheerder, shared_org=shared)


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded and generated files (agreement PDFs) go to a fresh folder per test."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: the database is rolled back after a test, the
    cache is not (the kept monitor export, monitoring/cijfers.py, and rate limits)."""
    import contextlib

    from django.core.cache import cache

    # A test that takes the cache down (test_verificatie_cache.py) starts without one.
    with contextlib.suppress(Exception):
        cache.clear()


@pytest.fixture(scope="module")
def module_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[World]:
    """The world of the `world` fixture, built once per test module (and so once per xdist
    worker) inside a transaction that is rolled back when the module is done. Its tests request
    `db` too: each then runs in a savepoint of that transaction. Files go to one media folder
    for the module, so a test module using this fixture overrides `_media_root` (a no-op)."""
    from django.db import transaction
    from django.test import override_settings

    media = str(tmp_path_factory.mktemp("module-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        # The `world` fixture's own function (pytest keeps it as __wrapped__), so both worlds
        # stay the same; it does not use its `db` argument.
        yield inspect.unwrap(world)(None)
        transaction.set_rollback(True)
