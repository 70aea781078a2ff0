"""Demo data for `make run`: three pilots sharing organisations, a demo account for every role,
and participants in every status. Safe to run again: existing records are reused."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from deelnemers.constants import DeelnemerStatus, Geslacht, ToestemmingDoel
from deelnemers.models import Deelnemer, Toestemming
from deelnemers.services import registreer_deelnemer
from kwalificaties.constants import Herkomst
from kwalificaties.models import Kwalificatie, Werkproces
from kwalificaties.services import import_kwalificaties
from pilots.demo import ORGANISATIES, PILOTS
from pilots.models import Membership, Organisatie, Partner, Pilot, Subregio
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import Traject
from trajecten.services import maak_traject

from .models import User

DEMO_PASSWORD = "praktijk-demo-2026"
KWALIFICATIES_CSV = Path(settings.BASE_DIR) / "kwalificaties" / "data" / "kwalificaties.csv"
# Example werkprocessen (herkomst voorbeeld): the shipped structure has none (see its header).
VOORBEELD_WERKPROCESSEN_CSV = KWALIFICATIES_CSV.with_name("voorbeeld_werkprocessen.csv")

# email, first name, last name, [(role, pilot code or None, organisation key or None)]
ACCOUNTS: list[tuple[str, str, str, list[tuple[str, str | None, str | None]]]] = [
    (
        "projectleider@noorderkwartier.demo",
        "Petra",
        "Leijen",
        [(Role.PROJECTLEIDER, "noorderkwartier", "alkmaar")],
    ),
    (
        "projectleider@rivierenland.demo",
        "Ruud",
        "van Dalen",
        [(Role.PROJECTLEIDER, "rivierenland", "tiel")],
    ),
    ("projectleider@justitie.demo", "Joyce", "Bakker", [(Role.PROJECTLEIDER, "justitie", "dji")]),
    (
        "mbo@roc-kustenrivier.demo",
        "Mirjam",
        "Boersma",
        [
            (Role.MBO_MEDEWERKER, "noorderkwartier", "roc"),
            (Role.MBO_MEDEWERKER, "rivierenland", "roc"),
        ],
    ),
    (
        "examencommissie@roc-kustenrivier.demo",
        "Erik",
        "Commandeur",
        [
            (Role.EXAMENCOMMISSIE, "noorderkwartier", "roc"),
            (Role.EXAMENCOMMISSIE, "rivierenland", "roc"),
        ],
    ),
    (
        "verwijzer@alkmaar.demo",
        "Vera",
        "Wijnands",
        [(Role.VERWIJZER, "noorderkwartier", "alkmaar")],
    ),
    (
        "praktijkopleider@groenwerk.demo",
        "Piet",
        "Groen",
        [(Role.PRAKTIJKOPLEIDER, "noorderkwartier", "groenwerk")],
    ),
    ("jobcoach@werkom.demo", "Jamal", "Coster", [(Role.JOBCOACH, "noorderkwartier", "sw")]),
    ("wsp@wsp-nhn.demo", "Wendy", "Servaes", [(Role.WSP, "noorderkwartier", "wsp")]),
    (
        "mbo@vakcollege-betuwe.demo",
        "Yusuf",
        "Kaya",
        [(Role.MBO_MEDEWERKER, "justitie", "vakcollege")],
    ),
    ("sbb@sbb.demo", "Sanne", "Bosman", [(Role.SBB_MONITOR, None, "sbb")]),
    ("beheerder@praktijkleren.demo", "Bert", "Heerkens", [(Role.BEHEERDER, None, None)]),
]

# pilot, first name, last name, birth year, gender, status, days ago, referrer org, traject at
DEELNEMERS: list[tuple[str, str, str, int, str, str, int, str | None, str | None]] = [
    (
        "noorderkwartier",
        "Anouk",
        "de Vries",
        2009,
        "V",
        DeelnemerStatus.ADVIES_GEGEVEN,
        3,
        "alkmaar",
        None,
    ),
    (
        "noorderkwartier",
        "Bilal",
        "El Amrani",
        1995,
        "M",
        DeelnemerStatus.AANGEMELD,
        12,
        "alkmaar",
        None,
    ),
    (
        "noorderkwartier",
        "Chantal",
        "Visser",
        1979,
        "V",
        DeelnemerStatus.INTAKE_GEPLAND,
        6,
        "uwv",
        None,
    ),
    (
        "noorderkwartier",
        "Dennis",
        "Smit",
        2001,
        "M",
        DeelnemerStatus.ADVIES_GEGEVEN,
        20,
        "denhelder",
        None,
    ),
    (
        "noorderkwartier",
        "Esra",
        "Yilmaz",
        1988,
        "V",
        DeelnemerStatus.IN_TRAJECT,
        90,
        "alkmaar",
        "groenwerk",
    ),
    ("noorderkwartier", "Freek", "Mulder", 1969, "M", DeelnemerStatus.IN_TRAJECT, 120, "uwv", "sw"),
    (
        "noorderkwartier",
        "Gerda",
        "Jansen",
        1972,
        "V",
        DeelnemerStatus.AFGEROND,
        300,
        "alkmaar",
        "zorg",
    ),
    (
        "noorderkwartier",
        "Hamid",
        "Rahimi",
        1993,
        "M",
        DeelnemerStatus.GESTOPT,
        200,
        "denhelder",
        "groenwerk",
    ),
    (
        "noorderkwartier",
        "Ilse",
        "Koster",
        2004,
        "X",
        DeelnemerStatus.NIET_GESTART,
        150,
        "uwv",
        None,
    ),
    (
        "rivierenland",
        "Jeroen",
        "van Beek",
        1990,
        "M",
        DeelnemerStatus.ADVIES_GEGEVEN,
        25,
        "tiel",
        None,
    ),
    (
        "rivierenland",
        "Karin",
        "Bos",
        1984,
        "V",
        DeelnemerStatus.IN_TRAJECT,
        60,
        "tiel",
        "logistiek",
    ),
    (
        "rivierenland",
        "Lars",
        "Hendriks",
        1999,
        "M",
        DeelnemerStatus.AFGEROND,
        250,
        "tiel",
        "groenwerk",
    ),
    ("justitie", "Mohamed", "Bakkali", 1991, "M", DeelnemerStatus.IN_TRAJECT, 45, "dji", "sw"),
    ("justitie", "Nick", "Peters", 1986, "M", DeelnemerStatus.ADVIES_GEGEVEN, 30, "dji", None),
]


DEMO_DOELGROEPEN: list[list[str]] = [
    ["participatiewet"],
    ["ww"],
    ["nieuwkomer", "participatiewet"],
    [],
    ["wajong_wia", "doelgroepregister"],
    ["nug"],
    ["zonder_startkwalificatie"],
]

TRAJECT_STATUS: dict[str, TrajectStatus] = {
    DeelnemerStatus.AFGEROND: TrajectStatus.AFGEROND,
    DeelnemerStatus.GESTOPT: TrajectStatus.GESTOPT,
}


@transaction.atomic
def seed_demo(*, today: date | None = None) -> dict[str, int]:
    """Create (or reuse) the demo data set. Returns the number of records per kind."""
    today = today or date.today()
    if KWALIFICATIES_CSV.exists() and not Kwalificatie.objects.exists():
        import_kwalificaties(
            path=KWALIFICATIES_CSV,
            werkprocessen=VOORBEELD_WERKPROCESSEN_CSV,
            herkomst=Herkomst.VOORBEELD,
        )
    orgs: dict[str, Organisatie] = {}
    for spec in ORGANISATIES:
        data = {k: v for k, v in spec.items() if k != "key"}
        orgs[spec["key"]], _ = Organisatie.objects.get_or_create(
            naam=data.pop("naam"), defaults=data
        )
    pilots: dict[str, Pilot] = {}
    for spec in PILOTS:
        data = {k: v for k, v in spec.items() if k not in ("code", "subregios", "partners")}
        pilot, _ = Pilot.objects.get_or_create(code=spec["code"], defaults=data)
        pilots[pilot.code] = pilot
        for naam in spec["subregios"]:
            Subregio.objects.get_or_create(pilot=pilot, naam=naam)
        for key, rol in spec["partners"]:
            Partner.objects.get_or_create(
                pilot=pilot, organisatie=orgs[key], rol=rol, defaults={"sinds": pilot.startdatum}
            )
    users: dict[str, User] = {}
    for email, first, last, memberships in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        if any(role == Role.BEHEERDER for role, _p, _o in memberships):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        for role, code, org_key in memberships:
            Membership.objects.get_or_create(
                user=user,
                role=role,
                pilot=pilots[code] if code else None,
                organisatie=orgs[org_key] if org_key else None,
            )
        users[email] = user
    if not Deelnemer.objects.exists():
        _seed_deelnemers(today=today, orgs=orgs, pilots=pilots, users=users)
    from overeenkomsten.demo import seed_overeenkomsten

    seed_overeenkomsten(
        today=today,
        mbo=users["mbo@roc-kustenrivier.demo"],
        praktijkopleider=users["praktijkopleider@groenwerk.demo"],
        orgs=orgs,
        jobcoach=users["jobcoach@werkom.demo"],
        mbo_justitie=users["mbo@vakcollege-betuwe.demo"],
    )
    from leerbanen.demo import seed_leerbanen

    seed_leerbanen(
        today=today,
        pilot=pilots["noorderkwartier"],
        orgs=orgs,
        wsp=users["wsp@wsp-nhn.demo"],
        praktijkopleider=users["praktijkopleider@groenwerk.demo"],
        mbo=users["mbo@roc-kustenrivier.demo"],
    )
    # Without Celery beat (`make run`) the demo pilots still hold the draft monitor report of
    # the last finished period, made by the beat task's service (once).
    from monitoring.rapport import maak_concept

    for pilot in pilots.values():
        maak_concept(actor=None, pilot=pilot, vandaag=today)
    return {
        "pilots": Pilot.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "accounts": len(users),
        "deelnemers": Deelnemer.objects.count(),
        "kwalificaties": Kwalificatie.objects.count(),
    }


def _seed_deelnemers(
    *, today: date, orgs: dict[str, Organisatie], pilots: dict[str, Pilot], users: dict[str, User]
) -> None:
    beheerder = users["beheerder@praktijkleren.demo"]
    verwijzer = users["verwijzer@alkmaar.demo"]
    opleider = users["praktijkopleider@groenwerk.demo"]
    jobcoach = users["jobcoach@werkom.demo"]
    # The agreed werkprocessen of the demo trajecten: the first three of one kwalificatie.
    eerste = Werkproces.objects.order_by("kwalificatie__crebo", "code").first()
    werkprocessen: list[Werkproces] = []
    if eerste is not None:
        werkprocessen = list(
            Werkproces.objects.filter(kwalificatie_id=eerste.kwalificatie_id).order_by("code")[:3]
        )
    mbo = {
        "noorderkwartier": orgs["roc"],
        "rivierenland": orgs["vakcollege"],
        "justitie": orgs["vakcollege"],
    }
    for i, (code, first, last, year, gender, status, days, ref, leerbedrijf) in enumerate(
        DEELNEMERS
    ):
        deelnemer = registreer_deelnemer(
            actor=beheerder,
            pilot=pilots[code],
            voornaam=first,
            achternaam=last,
            geboortedatum=date(year, 1 + i % 12, 1 + (i * 7) % 28),
            aangemeld_op=today - timedelta(days=days),
            verwijzer=verwijzer if ref == "alkmaar" else None,
            verwijzer_organisatie=orgs[ref] if ref else None,
            geslacht=Geslacht(gender),
            status=status,
            mbo_instelling=mbo[code],
            referentie=f"DEMO-{i + 1:03d}",
            # Some target groups (several may apply), so the monitor's tables have content.
            doelgroepen=DEMO_DOELGROEPEN[i % len(DEMO_DOELGROEPEN)],
        )
        # The referral's consent, as an aanmelding records it: the basis of processing, and
        # what lets a participant with an e-mail address log in to the portal (/mijn/).
        Toestemming.objects.create(
            deelnemer=deelnemer,
            gegeven=True,
            doelen=[ToestemmingDoel.DELEN_PARTNERS],
            vastgelegd_door=beheerder,
        )
        _seed_intake(
            deelnemer=deelnemer, status=status, days=days, mbo=users["mbo@roc-kustenrivier.demo"]
        )
        if leerbedrijf:
            start = today - timedelta(days=days - 14)
            traject_status = TRAJECT_STATUS.get(status, TrajectStatus.LOPEND)
            traject = maak_traject(
                actor=beheerder,
                deelnemer=deelnemer,
                werkprocessen=werkprocessen,
                leerbedrijf=orgs[leerbedrijf],
                mbo_instelling=mbo[code],
                praktijkopleider=opleider
                if leerbedrijf == "groenwerk" and code == "noorderkwartier"
                else None,
                jobcoach=jobcoach if leerbedrijf == "sw" and code == "noorderkwartier" else None,
                startdatum=start,
                geplande_einddatum=start + timedelta(weeks=26),
            )
            # Demo history: these trajecten ran before the platform was used, so their status
            # is recorded as it is, not reached through signed agreements.
            Traject.objects.filter(pk=traject.pk).update(status=traject_status)


def _seed_intake(*, deelnemer: Deelnemer, status: str, days: int, mbo: User) -> None:
    """Intakes and advice consistent with the participant's status (recorded after the fact)."""
    from django.utils import timezone

    from intake.models import Advies, Intake

    if status == DeelnemerStatus.AANGEMELD:
        return
    referred = timezone.now() - timedelta(days=days)
    intake = Intake.objects.create(
        deelnemer=deelnemer,
        gepland_op=referred + timedelta(days=3),
        gepland_door=mbo,
        startkwalificatie="geen",
        motivatie=4,
        leerbaarheid=3,
        notities="Gemotiveerd, wil graag in de praktijk leren.",
        vastgelegd_op=referred + timedelta(days=3),
    )
    deelnemer.mbo_contact = mbo
    deelnemer.save(update_fields=["mbo_contact"])
    if status == DeelnemerStatus.INTAKE_GEPLAND:
        return
    advies = Advies.objects.create(
        deelnemer=deelnemer,
        intake=intake,
        route="praktijkverklaring",
        onderbouwing="Diploma nu niet haalbaar; leert goed in de praktijk.",
        volgende_stap="Leerbaan zoeken bij een erkend leerbedrijf",
        gegeven_door=mbo,
    )
    # Back-date the advice to a few days after the intake (auto_now_add sets "now").
    Advies.objects.filter(pk=advies.pk).update(gegeven_op=referred + timedelta(days=5))
