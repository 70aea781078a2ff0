"""Users, memberships and per-object grants on the national data set, and one issued
mbo-verklaring for the PDF measurement (bench fixture data, written in bulk like
tests/factories.py writes rows directly).

Per pilot: a projectleider, an mbo-medewerker and a verwijzer (granted every participant of the
pilot, django-guardian's direct-FK table), and one praktijkopleider per 20 trajecten (the
traject's praktijkopleider, granted it). One SBB-monitor for the nation. The measured users
(the projectleider and the first praktijkopleider of the first large pilot, the SBB-monitor)
get a confirmed TOTP device, so their sessions can pass the second factor as production asks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import connection

from ._data import PER_PRAKTIJKOPLEIDER, DataSet

BATCH = 5000


def _copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY rows into a table (psycopg 3)."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def add_users(data: DataSet) -> None:
    """Users, memberships, trajecten's praktijkopleiders and the grants."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pilots.constants import OrganisatieSoort, PartnerRol
    from pilots.models import Membership, Organisatie, Partner, Pilot
    from pilots.roles import Role
    from praktijkleren.models import User
    from trajecten.models import Traject

    password = make_password("bench-wachtwoord-123")
    gemeente = Organisatie.objects.create(
        naam="Gemeente Benchstad", soort=OrganisatieSoort.GEMEENTE
    )
    sbb_org = Organisatie.objects.create(naam="SBB", soort=OrganisatieSoort.SBB)
    mbo_van = dict(
        Partner.objects.filter(rol=PartnerRol.OPLEIDER)
        .order_by("pilot_id", "pk")
        .values_list("pilot_id", "organisatie_id")
        .distinct("pilot_id")
    )
    pilots = list(Pilot.objects.order_by("pk").values_list("pk", "code"))
    trajecten: dict[int, list[tuple[int, int | None]]] = {}
    for pk, pilot_id, leerbedrijf_id in Traject.objects.order_by(
        "deelnemer__pilot_id", "pk"
    ).values_list("pk", "deelnemer__pilot_id", "leerbedrijf_id"):
        trajecten.setdefault(pilot_id, []).append((pk, leerbedrijf_id))

    users: list[Any] = []
    memberships: list[tuple[int, int | None, int | None, str]] = []  # user idx, pilot, org, role
    chunks: list[tuple[int, list[int]]] = []  # user idx -> traject ids
    verwijzers: list[tuple[int, int]] = []  # user idx, pilot id

    def user(email: str, first: str, last: str) -> int:
        users.append(
            User(email=email, username=email, first_name=first, last_name=last, password=password)
        )
        return len(users) - 1

    sbb = user("sbb@bench.test", "Sanne", "Monitor")
    memberships.append((sbb, None, sbb_org.pk, Role.SBB_MONITOR))
    for pilot_id, code in pilots:
        mbo = mbo_van.get(pilot_id)
        for role, org in (
            (Role.PROJECTLEIDER, gemeente.pk),
            (Role.MBO_MEDEWERKER, mbo),
            (Role.VERWIJZER, gemeente.pk),
        ):
            i = user(f"{role}@{code}.bench.test", "Bench", f"{role.title()} {code}")
            memberships.append((i, pilot_id, org, role))
            if role == Role.VERWIJZER:
                verwijzers.append((i, pilot_id))
        rows = trajecten.get(pilot_id, [])
        for n in range(0, len(rows), PER_PRAKTIJKOPLEIDER):
            chunk = rows[n : n + PER_PRAKTIJKOPLEIDER]
            i = user(f"po{n // PER_PRAKTIJKOPLEIDER}@{code}.bench.test", "Piet", f"Opleider {code}")
            memberships.append((i, pilot_id, chunk[0][1], Role.PRAKTIJKOPLEIDER))
            chunks.append((i, [t for t, _lb in chunk]))

    User.objects.bulk_create(users, batch_size=BATCH)
    Membership.objects.bulk_create(
        [
            Membership(user_id=users[i].pk, pilot_id=p, organisatie_id=o, role=r)
            for i, p, o, r in memberships
        ],
        batch_size=BATCH,
    )
    view_traject = Permission.objects.get(
        codename="view_traject", content_type__app_label="trajecten"
    )
    view_deelnemer = Permission.objects.get(
        codename="view_deelnemer", content_type__app_label="deelnemers"
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_po (traject_id bigint, user_id bigint)")
    _copy(
        "bench_po", ["traject_id", "user_id"], [(t, users[i].pk) for i, ids in chunks for t in ids]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trajecten_traject t SET praktijkopleider_id = b.user_id "
            "FROM bench_po b WHERE b.traject_id = t.id"
        )
        cursor.execute(
            "INSERT INTO trajecten_trajectuserobjectpermission "
            "(user_id, permission_id, content_object_id) "
            "SELECT user_id, %s, traject_id FROM bench_po",
            [view_traject.pk],
        )
        cursor.execute("CREATE TEMP TABLE bench_vw (pilot_id bigint, user_id bigint)")
    _copy("bench_vw", ["pilot_id", "user_id"], [(p, users[i].pk) for i, p in verwijzers])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO deelnemers_deelnemeruserobjectpermission "
            "(user_id, permission_id, content_object_id) "
            "SELECT v.user_id, %s, d.id FROM deelnemers_deelnemer d "
            "JOIN bench_vw v ON v.pilot_id = d.pilot_id",
            [view_deelnemer.pk],
        )
        cursor.execute("DROP TABLE bench_po, bench_vw")

    # The measured users: the large pilot of the first copy.
    pilot_id, code = next((p, c) for p, c in pilots if c.endswith("-0"))
    data.pilot_id, data.pilot_code = pilot_id, code
    po_idx, po_trajecten = next(
        (i, ids) for i, ids in chunks if users[i].email == f"po0@{code}.bench.test"
    )
    data.users = {
        "projectleider": User.objects.get(email=f"{Role.PROJECTLEIDER}@{code}.bench.test").pk,
        "praktijkopleider": users[po_idx].pk,
        "sbb_monitor": users[sbb].pk,
    }
    data.grants = len(po_trajecten)
    for pk in data.users.values():
        TOTPDevice.objects.create(user_id=pk, name="bench", confirmed=True)


def add_mbo_verklaring(data: DataSet) -> int:
    """One issued mbo-verklaring on a traject of the large pilot, printed with the werkprocessen
    of an imported register entry (as tests/test_verklaringen_zegel.py builds one)."""
    from pilots.roles import Role
    from praktijkleren.models import User
    from trajecten.models import Traject
    from verklaringen.constants import PraktijkverklaringStatus, RegistratieStatus
    from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie

    ams = ZoneInfo("Europe/Amsterdam")
    bron = (
        Registratie.objects.filter(pilot_id=data.pilot_id)
        .exclude(werkprocessen=[])
        .select_related("deelnemer", "instelling", "leerbedrijf")
        .order_by("pk")
        .first()
    )
    assert bron is not None and bron.deelnemer is not None, "no register entry in the pilot"
    traject = Traject.objects.filter(deelnemer=bron.deelnemer).order_by("pk").first()
    assert traject is not None
    d = bron.deelnemer
    pv = Praktijkverklaring.objects.create(
        traject=traject,
        volgnummer=99,
        status=PraktijkverklaringStatus.ONDERTEKEND,
        inhoud={
            "deelnemer": {
                "naam": f"{d.voornaam} {d.achternaam}",
                "geboortedatum": d.geboortedatum.isoformat(),
            },
            "mbo_instelling": {"naam": bron.instelling.naam, "brin": "25PX"},
            "leerbedrijf": {
                "naam": bron.leerbedrijf.naam if bron.leerbedrijf else "",
                "plaats": "Benchstad",
                "leerbedrijf_id": bron.leerbedrijf.leerbedrijf_id if bron.leerbedrijf else "",
            },
            "praktijkopleider": "Piet Opleider",
            "startdatum": traject.startdatum.isoformat() if traject.startdatum else "2020-01-06",
            "einddatum": "2020-12-18",
            "werkprocessen": bron.werkprocessen,
            "ondertekend": {"naam": "Piet Opleider", "op": "2020-12-20T10:15:00+01:00"},
        },
        ondertekend_op=datetime(2020, 12, 20, 10, 15, tzinfo=ams),
    )
    registratie = Registratie.objects.create(
        nummer="MV-BENCH-000001",
        verificatiecode="BENCHK7PX2M9",
        pilot_id=data.pilot_id,
        deelnemer=d,
        instelling=bron.instelling,
        instelling_naam=bron.instelling.naam,
        uitgegeven_op=date(2020, 12, 21),
        houder_naam=f"{d.voornaam} {d.achternaam}",
        werkprocessen=bron.werkprocessen,
        volgnummer=99,
        # Not counted by the export: the data set stays as imported.
        status=RegistratieStatus.INGETROKKEN,
    )
    uitgever = User.objects.filter(
        memberships__pilot_id=data.pilot_id, memberships__role=Role.MBO_MEDEWERKER
    ).first()
    mv = MboVerklaring.objects.create(
        praktijkverklaring=pv,
        mbo_instelling=bron.instelling,
        overige_resultaten="Nederlands 2F behaald\nRekenen 2F behaald\n",
        registratie=registratie,
        uitgegeven_door=uitgever,
        uitgegeven_op=datetime(2020, 12, 21, 9, 0, tzinfo=ams),
    )
    return mv.pk
