"""The tenancy matrix: every URL pattern of the project (HTML, API, admin) x every role x own and
other pilot. Each cell asserts the status code, and that no personal or tenant data of the other
pilot appears in the response (body and Location header).

A URL pattern without a case here fails `test_every_url_pattern_has_a_case`: adding a URL means
deciding who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.models import Membership
from praktijkleren.models import AuditEvent

from . import (
    matrix_monitor_rapport,
    matrix_monitoring,
    matrix_monitoring_dashboard,
    matrix_monitoring_import,
    matrix_overeenkomsten,
    matrix_uitstroom,
    matrix_verklaringen,
    matrix_verklaringen_register,
    matrix_voortgang,
)
from .conftest import BETA_PERSONAL_MARKERS, BETA_TENANT_MARKERS, World
from .matrix_support import (
    ACTORS,
    ALPHA_PERSONAL_MARKERS,
    ANON,
    BH,
    DEELNEMER_EDIT,
    DEELNEMER_READERS,
    EXA,
    INTAKE_API,
    INTAKE_MARKERS,
    INTAKE_RECORD,
    JC,
    MBO,
    PILOT_CHANGE,
    PILOT_CHANGE_POST,
    PL,
    PL_STAFF,
    PO,
    PRIVACY,
    SBB,
    VW,
    Case,
    Kwargs,
    Variant,
    one,
    other_of,
    own_other,
    pilot_code,
    statuses,
)

AREAS = [
    matrix_overeenkomsten,
    matrix_uitstroom,
    matrix_voortgang,
    matrix_verklaringen,
    matrix_verklaringen_register,
    matrix_monitor_rapport,
    matrix_monitoring,
    matrix_monitoring_import,
    matrix_monitoring_dashboard,
]


def aanmelding(pilot: str) -> dict[str, Any]:
    return {
        "pilot": pilot,
        "voornaam": "Matrix",
        "achternaam": "Kandidaat",
        "geboortedatum": "1990-01-01",
        "email": "matrix@example.test",
        "situatie": "werkzoekend",
        "toestemming": True,
    }


HTML_CASES: dict[str, Case] = {
    "home": one(statuses(200)),
    "health": one(statuses(200, anon=200)),
    "switch-pilot": own_other(
        statuses(302),
        other_of(statuses(302), **{SBB: 302, BH: 302}),
        lambda w, p: {},
        method="post",
        data=None,
    ),
    "login": one(statuses(200, anon=200)),
    "logout": one(statuses(302, anon=302), method="post"),
    "password_reset": one(statuses(200, anon=200)),
    "password_reset_done": one(statuses(200, anon=200)),
    "password_reset_confirm": one(
        statuses(200, anon=200), lambda w: {"uidb64": "MQ", "token": "ongeldig-token"}
    ),
    "password_reset_complete": one(statuses(200, anon=200)),
    "set_language": one(statuses(302, anon=302), method="post", data=lambda w: {"language": "en"}),
    "pilots:pilot-list": one(statuses(200)),
    "pilots:pilot-detail": own_other(statuses(200), other_of(statuses(200)), pilot_code),
    "pilots:pilot-update": own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), pilot_code),
    "pilots:partner-create": own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), pilot_code),
    "pilots:partner-delete": own_other(
        PILOT_CHANGE_POST,
        other_of(PILOT_CHANGE_POST),
        lambda w, p: {"code": getattr(w, p).pilot.code, "pk": getattr(w, p).partner.pk},
        method="post",
    ),
    "pilots:subregio-create": own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), pilot_code),
    "pilots:subregio-delete": own_other(
        PILOT_CHANGE_POST,
        other_of(PILOT_CHANGE_POST),
        lambda w, p: {"code": getattr(w, p).pilot.code, "pk": getattr(w, p).subregio.pk},
        method="post",
    ),
    "pilots:membership-list": own_other(
        statuses(403, **{PL: 200, BH: 200}),
        other_of(statuses(403, **{PL: 200, BH: 200})),
        pilot_code,
    ),
    "pilots:membership-create": own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), pilot_code),
    "pilots:membership-end": own_other(
        PILOT_CHANGE_POST,
        other_of(PILOT_CHANGE_POST),
        lambda w, p: {
            "code": getattr(w, p).pilot.code,
            "pk": Membership.objects.get(user=getattr(w, p).users[MBO]).pk,
        },
        method="post",
    ),
    "pilots:organisatie-list": one(statuses(200)),
    "pilots:organisatie-create": one(statuses(403, **{PL: 200, BH: 200})),
    # The organisation registry is shared: every signed-in user may look an organisation up
    # (the pilots it is a partner in are filtered); only its own pilot's projectleider edits it.
    "pilots:organisatie-detail": own_other(
        statuses(200), statuses(200), lambda w, p: {"pk": getattr(w, p).verwijzer_org.pk}
    ),
    "pilots:organisatie-update": own_other(
        statuses(403, **{PL: 200, BH: 200}),
        statuses(403, **{BH: 200}),
        lambda w, p: {"pk": getattr(w, p).verwijzer_org.pk},
    ),
    "deelnemers:aanmelden": one(statuses(403, **{PL: 200, MBO: 200, VW: 200, BH: 200})),
    "deelnemers:status": Case(
        [
            Variant(
                "own",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404}),
                method="post",
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(403, **{BH: 302}), **{SBB: 404}),
                method="post",
            ),
        ]
    ),
    "deelnemers:inzage-log": Case(
        [
            Variant(
                "own",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                statuses(403, **{PL: 200, BH: 200, SBB: 404}),
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(403, **{BH: 200}), **{SBB: 404}),
            ),
        ]
    ),
    "deelnemers:persoonsgegevens": own_other(
        DEELNEMER_EDIT, other_of(DEELNEMER_EDIT), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
    "deelnemers:inzage-export": own_other(
        PRIVACY, other_of(PRIVACY), lambda w, p: {"pk": getattr(w, p).deelnemer.pk, "fmt": "json"}
    ),
    "deelnemers:anonimiseer": own_other(
        PRIVACY, other_of(PRIVACY), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
    "trajecten:traject-create": own_other(
        DEELNEMER_EDIT, other_of(DEELNEMER_EDIT), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
    "trajecten:traject-detail": own_other(
        statuses(200, **{EXA: 200, SBB: 404}),
        other_of(statuses(200, **{SBB: 404})),
        lambda w, p: {"pk": getattr(w, p).traject.pk},
    ),
    "trajecten:erkenning": own_other(
        statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404}),
        other_of(statuses(403, **{BH: 302, SBB: 404})),
        lambda w, p: {"pk": getattr(w, p).traject.erkenningen.get().pk},
        method="post",
    ),
    "trajecten:leerlijnen": own_other(statuses(200), other_of(statuses(200)), pilot_code),
    "intake:plan": own_other(
        INTAKE_RECORD, other_of(INTAKE_RECORD), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
    "intake:advies": own_other(
        INTAKE_RECORD, other_of(INTAKE_RECORD), lambda w, p: {"pk": getattr(w, p).deelnemer.pk}
    ),
    "intake:criteria": own_other(
        INTAKE_RECORD, other_of(INTAKE_RECORD), lambda w, p: {"pk": w.extra[f"intake_{p}"].pk}
    ),
    "monitoring:funnel": own_other(
        statuses(403, **{PL: 200, MBO: 200, EXA: 200, SBB: 200, BH: 200}),
        other_of(statuses(403, **{SBB: 200, BH: 200})),
        pilot_code,
    ),
    "kwalificaties:list": one(statuses(200)),
    "kwalificaties:detail": one(statuses(200), lambda w: {"crebo": w.extra["kwalificatie"].crebo}),
    "deelnemers:list": one(DEELNEMER_READERS),
    "deelnemers:detail": Case(
        [
            Variant(
                "own, referred by the verwijzer, in the praktijkopleider's traject",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                DEELNEMER_READERS,
            ),
            Variant(
                "own, not granted to verwijzer/praktijkopleider/jobcoach",
                lambda w: {"pk": w.alpha.other_deelnemer.pk},
                statuses(200, **{VW: 403, PO: 403, JC: 403, SBB: 403}),
            ),
            Variant("other", lambda w: {"pk": w.beta.deelnemer.pk}, other_of(DEELNEMER_READERS)),
        ]
    ),
}

API_ALL = statuses(200, anon=401)
API_CASES: dict[str, Case] = {
    "api-root": one(API_ALL),
    "api-token": one(
        statuses(400, anon=400), method="post", data=lambda w: {"username": "x", "password": "y"}
    ),
    "schema": one(statuses(200, anon=200)),
    "api-docs": one(statuses(200, anon=200)),
    "pilot-list": one(API_ALL),
    "pilot-detail": own_other(API_ALL, other_of(API_ALL), pilot_code),
    "organisatie-list": one(API_ALL),
    "organisatie-detail": own_other(
        API_ALL, API_ALL, lambda w, p: {"pk": getattr(w, p).verwijzer_org.pk}
    ),
    "kwalificatie-list": one(API_ALL),
    "kwalificatie-detail": one(API_ALL, lambda w: {"crebo": w.extra["kwalificatie"].crebo}),
    "deelnemer-list": one(API_ALL),
    "intake-list": one(API_ALL),
    "intake-detail": own_other(
        INTAKE_API, other_of(INTAKE_API), lambda w, p: {"pk": w.extra[f"intake_{p}"].pk}
    ),
    "advies-list": one(API_ALL),
    "advies-detail": own_other(
        INTAKE_API, other_of(INTAKE_API), lambda w, p: {"pk": w.extra[f"advies_{p}"].pk}
    ),
    "deelnemer-aanmelden": Case(
        [
            Variant(
                "own",
                lambda w: {},
                statuses(403, anon=401, **{PL: 201, MBO: 201, VW: 201, BH: 201}),
                method="post",
                data=lambda w: aanmelding("alpha"),
            ),
            Variant(
                "other",
                lambda w: {},
                statuses(404, anon=401, **{SBB: 403, BH: 201}),
                method="post",
                data=lambda w: aanmelding("beta"),
            ),
        ]
    ),
    "deelnemer-detail": Case(
        [
            Variant(
                "own", lambda w: {"pk": w.alpha.deelnemer.pk}, statuses(200, anon=401, **{SBB: 404})
            ),
            Variant(
                "own, not granted",
                lambda w: {"pk": w.alpha.other_deelnemer.pk},
                statuses(200, anon=401, **{VW: 403, PO: 403, JC: 403, SBB: 404}),
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(200, anon=401, **{SBB: 404})),
            ),
        ]
    ),
}

# --- admin: staff only; the staff projectleider sees only what for_user allows ---------------
ADMIN_STAFF_ONLY = statuses(302, **{BH: 200, PL_STAFF: 200})
ADMIN_MODELS: dict[
    str, tuple[Callable[[World], Any], Callable[[World], Any] | None, dict[str, int]]
] = {
    # model: (own object, other pilot's object or None for shared data, staff-projectleider's
    # statuses for changelist/change/history/delete/add of the own object)
    "praktijkleren_user": (lambda w: w.alpha.users[MBO], lambda w: w.beta.users[MBO], {"all": 403}),
    "praktijkleren_auditevent": (
        lambda w: AuditEvent.objects.filter(pilot_id=w.alpha.pilot.pk).first(),
        lambda w: AuditEvent.objects.filter(pilot_id=w.beta.pilot.pk).first(),
        {"all": 403},
    ),
    "pilots_pilot": (lambda w: w.alpha.pilot, lambda w: w.beta.pilot, {}),
    "pilots_organisatie": (lambda w: w.alpha.verwijzer_org, None, {}),
    "pilots_membership": (
        lambda w: Membership.objects.get(user=w.alpha.users[MBO]),
        lambda w: Membership.objects.get(user=w.beta.users[MBO]),
        {},
    ),
    "kwalificaties_kwalificatie": (lambda w: w.extra["kwalificatie"], None, {}),
    "kwalificaties_werkproces": (lambda w: w.extra["werkproces"], None, {}),
    "kwalificaties_kwalificatiedossier": (lambda w: w.extra["dossier"], None, {}),
    "deelnemers_deelnemer": (lambda w: w.alpha.deelnemer, lambda w: w.beta.deelnemer, {}),
    "deelnemers_traject": (lambda w: w.alpha.traject, lambda w: w.beta.traject, {}),
}


def _admin_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {
        "admin:index": one(ADMIN_STAFF_ONLY),
        "admin:login": one(statuses(200, anon=200, **{BH: 302, PL_STAFF: 302})),
        "admin:logout": one(statuses(302, anon=302), method="post"),
        "admin:password_change": one(ADMIN_STAFF_ONLY),
        "admin:password_change_done": one(ADMIN_STAFF_ONLY),
        "admin:jsi18n": one(ADMIN_STAFF_ONLY),
        "admin:autocomplete": one(statuses(302, **{BH: 403, PL_STAFF: 403})),
        "admin:app_list": one(ADMIN_STAFF_ONLY, lambda w: {"app_label": "pilots"}),
        "admin:view_on_site": one(
            statuses(302, **{BH: 302, PL_STAFF: 302}),
            lambda w: {"content_type_id": w.extra["pilot_ct"], "object_id": w.alpha.pilot.pk},
        ),
        "admin:auth_user_password_change": own_other(
            statuses(302, **{BH: 200, PL_STAFF: 403}),
            statuses(302, **{BH: 200, PL_STAFF: 403}),
            lambda w, p: {"id": getattr(w, p).users[MBO].pk},
        ),
        "admin/(?P<url>.*)$": one(
            statuses(302, **{BH: 404, PL_STAFF: 404}), lambda w: {"url": "bestaat-niet/"}
        ),
    }
    for model, (own, other, staff) in ADMIN_MODELS.items():
        denied = staff.get("all")
        readonly_add = 403 if model == "praktijkleren_auditevent" else 200

        def obj(getter: Callable[[World], Any]) -> Kwargs:
            return lambda w: {"object_id": getter(w).pk}

        def st(bh: int, staff_own: int, denied: int | None = denied) -> dict[str, int]:
            return statuses(302, **{BH: bh, PL_STAFF: denied or staff_own})

        cases[f"admin:{model}_changelist"] = one(st(200, 200))
        cases[f"admin:{model}_add"] = one(st(readonly_add, 403))
        for action, bh, staff_own, staff_other in [
            ("change", 200, 200, 302),
            ("history", 200, 200, 302),
            ("delete", 200, 403, 403),
        ]:
            variants = [Variant("own", obj(own), st(bh, staff_own))]
            if other is not None:
                variants.append(
                    Variant(
                        "other",
                        obj(other),
                        statuses(302, **{BH: bh, PL_STAFF: denied or staff_other}),
                    )
                )
            cases[f"admin:{model}_{action}"] = Case(variants)
        app, name = model.split("_", 1)
        # The bare object URL only redirects to the change URL (which is checked above).
        cases[f"admin/{app}/{name}/<path:object_id>/"] = one(statuses(302), obj(own))
    return cases


CASES: dict[str, Case] = {**HTML_CASES, **API_CASES, **_admin_cases()}
for _area in AREAS:
    assert not set(_area.CASES) & set(CASES), f"{_area.__name__} repeats a case"
    CASES.update(_area.CASES)


def _walk(patterns: list[Any], prefix: str = "", ns: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if (p.name and ns) else p.name
            yield name or prefix + str(p.pattern), prefix + str(p.pattern)


def all_url_keys() -> list[str]:
    return [key for key, _route in _walk(get_resolver().url_patterns)]


def test_every_url_pattern_has_a_case():
    missing = sorted(set(all_url_keys()) - set(CASES))
    assert not missing, f"URL patterns without a tenancy-matrix case: {missing}"


def _url(key: str, kwargs: dict[str, Any]) -> str:
    if "/" not in key:
        return reverse(key, kwargs=kwargs or None)
    route = key.removeprefix("admin")
    if key == "admin/(?P<url>.*)$":
        return "/admin/" + kwargs["url"]
    return "/admin" + route.replace("<path:object_id>", str(kwargs["object_id"]))


def _actor_user(world: World, actor: str) -> Any:
    if actor == ANON:
        return None
    if actor == PL_STAFF:
        return world.extra["staff_pl"]
    return world.user(actor)


def _forbidden_markers(actor: str) -> list[str]:
    if actor in (BH, ANON):
        return BETA_PERSONAL_MARKERS if actor == ANON else []
    if actor == SBB:
        return BETA_PERSONAL_MARKERS + ALPHA_PERSONAL_MARKERS + INTAKE_MARKERS
    if actor in (EXA, VW, PO, JC):
        return BETA_PERSONAL_MARKERS + BETA_TENANT_MARKERS + INTAKE_MARKERS
    return BETA_PERSONAL_MARKERS + BETA_TENANT_MARKERS


@pytest.fixture
def matrix_world(world: World, django_user_model: Any) -> World:
    from django.contrib.contenttypes.models import ContentType

    from pilots.models import Pilot

    kwal = Kwalificatie.objects.create(
        crebo="25250", naam="Assistent bouwen, wonen en onderhoud", niveau="Entree", domein="Bouw"
    )
    kt = Kerntaak.objects.create(kwalificatie=kwal, code="B1-K1", naam="Kerntaak")
    from kwalificaties.models import Kwalificatiedossier

    world.extra["dossier"] = Kwalificatiedossier.objects.create(naam="Entree")
    world.extra["kwalificatie"] = kwal
    world.extra["werkproces"] = Werkproces.objects.create(
        kerntaak=kt, kwalificatie=kwal, code="B1-K1-W1", naam="Werkproces"
    )
    world.extra["pilot_ct"] = ContentType.objects.get_for_model(Pilot).pk
    from django.utils import timezone

    from intake.models import Advies, Intake
    from trajecten.models import Erkenning

    for p in ("alpha", "beta"):
        Erkenning.objects.create(traject=getattr(world, p).traject, kwalificatie=kwal)
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
    from .factories import MembershipFactory, UserFactory

    staff = UserFactory(email="staff-pl@alpha.test", first_name="Staffalpha", is_staff=True)
    MembershipFactory(
        user=staff, pilot=world.alpha.pilot, organisatie=world.alpha.verwijzer_org, role=PL
    )
    world.extra["staff_pl"] = staff
    for area in AREAS:
        area.setup(world)
    return world


def test_every_role_gets_the_right_status_and_never_sees_another_pilots_data(matrix_world: World):
    world = matrix_world
    failures: list[str] = []
    cells = 0
    for key, case in CASES.items():
        for variant in case.variants:
            for actor in ACTORS:
                client = Client()
                user = _actor_user(world, actor)
                if user is not None:
                    client.force_login(user)
                url = _url(key, variant.kwargs(world))
                data = variant.data(world) if variant.data else {}
                if key == "switch-pilot":
                    data = {
                        "pilot": getattr(
                            world, "alpha" if variant.label == "own" else "beta"
                        ).pilot.pk
                    }
                # Every request runs in a savepoint that is rolled back: a POST that deletes
                # must not change what the next cell sees.
                with transaction.atomic():
                    response = getattr(client, variant.method)(url, data)
                    transaction.set_rollback(True)
                cells += 1
                expected = variant.expected[actor]
                where = f"{key} [{variant.label}] as {actor}: {variant.method.upper()} {url}"
                if response.status_code != expected:
                    failures.append(f"{where} -> {response.status_code}, expected {expected}")
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                content = body.decode("utf-8", "replace") + response.get("Location", "")
                for marker in _forbidden_markers(actor):
                    if marker in content:
                        failures.append(f"{where} -> leaks '{marker}'")
    assert cells > 500
    assert not failures, f"{len(failures)} of {cells} cells failed:\n" + "\n".join(failures)
