"""The tenancy matrix: every URL pattern of the project (HTML, API, admin) x every role x own and
other pilot. Each cell asserts the status code, and that no personal or tenant data of the other
pilot appears in the response (body and Location header).

One test per URL pattern and HTTP method (`test_matrix[deelnemers:detail-GET]`), so xdist can
spread them; each runs all its variants (own/other pilot, ...) for every actor and reports all
its failing cells at once. The cases live per area in tests/matrix_*.py.

A URL pattern without a case fails `test_every_url_pattern_has_a_case`, and a write method
(POST, PUT, PATCH, DELETE) a pattern accepts without a case for it fails
`test_every_write_method_has_a_case`: adding a URL means deciding who may use it, and how.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from portaal.sessie import inloggen

from . import (
    matrix_accounts,
    matrix_admin,
    matrix_api,
    matrix_deelnemers,
    matrix_erkenningen,
    matrix_favicon,
    matrix_kwalificaties,
    matrix_leerbanen,
    matrix_monitor_rapport,
    matrix_monitoring,
    matrix_monitoring_dashboard,
    matrix_monitoring_import,
    matrix_ondertekening,
    matrix_overeenkomsten,
    matrix_pages,
    matrix_pilots,
    matrix_portaal,
    matrix_te_doen,
    matrix_tokens,
    matrix_tweefactor,
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
    DN,
    EXA,
    INTAKE_MARKERS,
    JC,
    METHODS,
    PL_STAFF,
    PO,
    SBB,
    VW,
    Case,
    Variant,
    url_patterns,
    write_methods,
)
from .matrix_world import setup as setup_base
from .security_headers import header_problems

# What alpha's participant must never see: the other participant of their own pilot.
DN_FORBIDDEN = ["Adaalphaander", "Anderen"]
# The participant's own inzage: everything held about them (docs/privacy.md).
DN_OWN_INZAGE = {"portaal-inzage"}
# The participant's own pages (the portal and a shared verklaring).
PORTAAL = set(matrix_portaal.CASES)


def deelnemer_sessie(deelnemer: Any) -> str:
    """A portal session of this participant, as the portal's login leaves it (portaal.sessie)."""
    from importlib import import_module

    from django.http import HttpRequest

    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    inloggen(request, deelnemer)
    request.session.save()
    return str(request.session.session_key)


AREAS = [
    matrix_accounts,
    matrix_pilots,
    matrix_deelnemers,
    matrix_api,
    matrix_admin,
    matrix_overeenkomsten,
    matrix_ondertekening,
    matrix_te_doen,
    matrix_erkenningen,
    matrix_favicon,
    matrix_uitstroom,
    matrix_voortgang,
    matrix_verklaringen,
    matrix_verklaringen_register,
    matrix_monitor_rapport,
    matrix_monitoring,
    matrix_monitoring_import,
    matrix_monitoring_dashboard,
    matrix_kwalificaties,
    matrix_tweefactor,
    matrix_tokens,
    matrix_pages,
    matrix_portaal,
    matrix_leerbanen,
]

CASES: dict[str, Case] = {}
for _area in AREAS:
    assert not set(_area.CASES) & set(CASES), f"{_area.__name__} repeats a case"
    CASES.update(_area.CASES)

# One test per URL pattern and method, in the order of the cases.
MATRIX = [
    pytest.param(key, method, id=f"{key}-{method.upper()}")
    for key, case in CASES.items()
    for method in METHODS
    if any(v.method == method for v in case.variants)
]


# Cells that answer wrongly today (found by this matrix, reported, not yet fixed): the expected
# status above stays the right one. While only these cells fail, their test is marked xfail
# with the finding; once a cell answers rightly its test fails until it is removed here.
# (case key, method, variant label, actor) -> what is wrong. Both findings of the split (the
# beheerder deleting audit events; leerlijnen checked only on POST) are fixed.
FINDINGS: dict[tuple[str, str, str, str], str] = {}


def test_every_url_pattern_has_a_case():
    keys = [key for key, _pattern in url_patterns()]
    missing = sorted(set(keys) - set(CASES))
    assert not missing, f"URL patterns without a tenancy-matrix case: {missing}"
    stale = sorted(set(CASES) - set(keys))
    assert not stale, f"Tenancy-matrix cases without a URL pattern: {stale}"


def test_every_write_method_has_a_case():
    missing = [
        f"{key} {method.upper()}"
        for key, pattern in url_patterns()
        if key in CASES
        for method in sorted(write_methods(pattern))
        if not any(v.method == method for v in CASES[key].variants)
    ]
    assert not missing, f"Write methods without a tenancy-matrix case: {missing}"
    unknown = [
        (key, method, label, actor)
        for key, method, label, actor in FINDINGS
        if actor not in ACTORS
        or not any(v.method == method and v.label == label for v in CASES.get(key, Case()).variants)
    ]
    assert not unknown, f"FINDINGS without a cell: {unknown}"
    # The matrix as a whole (all tests of test_matrix together) stays big.
    cells = sum(len(case.variants) for case in CASES.values()) * len(ACTORS)
    assert cells > 4000


def _url(key: str, kwargs: dict[str, Any]) -> str:
    if "/" not in key:
        return reverse(key, kwargs=kwargs or None)
    route = key.removeprefix("admin")
    if key == "admin/(?P<url>.*)$":
        return "/admin/" + kwargs["url"]
    return "/admin" + route.replace("<path:object_id>", str(kwargs["object_id"]))


def _actor_user(world: World, actor: str) -> Any:
    if actor in (ANON, DN):
        return None
    if actor == PL_STAFF:
        return world.extra["staff_pl"]
    return world.user(actor)


def _forbidden_markers(actor: str, key: str = "") -> list[str]:
    if actor in (BH, ANON):
        return BETA_PERSONAL_MARKERS if actor == ANON else []
    if actor == DN:
        # Alpha's participant sees themselves and the names of their contacts, nothing of the
        # other participant of their pilot or of beta. The intake's notes and the reasoning of
        # the advice are about them: they are in their own inzage (the right of access, AVG
        # art. 15), on no other page.
        intake = [] if key in DN_OWN_INZAGE else INTAKE_MARKERS
        return BETA_PERSONAL_MARKERS + BETA_TENANT_MARKERS + intake + DN_FORBIDDEN
    if actor == SBB:
        return BETA_PERSONAL_MARKERS + ALPHA_PERSONAL_MARKERS + INTAKE_MARKERS
    if actor in (EXA, VW, PO, JC):
        return BETA_PERSONAL_MARKERS + BETA_TENANT_MARKERS + INTAKE_MARKERS
    return BETA_PERSONAL_MARKERS + BETA_TENANT_MARKERS


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> HttpResponseBase:
    if method in ("get", "post"):
        return getattr(client, method)(url, data)
    # PUT, PATCH, DELETE: JSON, as the API takes them (a form view finds no form data).
    return getattr(client, method)(url, data, content_type="application/json")


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _cell(world: World, key: str, variant: Variant, actor: str) -> tuple[str, int | None, str]:
    """Run one cell in a savepoint that is rolled back (a write must not change what the next
    cell sees). Returns where, the status (None if the view raised) and the leaks or error."""
    url = _url(key, variant.kwargs(world))
    where = f"{key} [{variant.label}] as {actor}: {variant.method.upper()} {url}"
    try:
        with transaction.atomic():
            client = Client()
            if actor in world.extra["sessions"]:
                client.cookies[settings.SESSION_COOKIE_NAME] = world.extra["sessions"][actor]
            data = variant.data(world) if variant.data else {}
            response = _send(client, variant.method, url, data)
            body = _body(response)
            transaction.set_rollback(True)
    except Exception as exc:  # one broken cell must not hide the others
        return where, None, f"raised {type(exc).__name__}: {exc}"
    content = body.decode("utf-8", "replace") + response.get("Location", "")
    leaks = [f"leaks '{m}'" for m in _forbidden_markers(actor, key) if m in content]
    # Every answer carries the security headers (tests/security_headers.py says which).
    return where, response.status_code, ", ".join(leaks + header_problems(response, body))


@pytest.fixture
def _media_root() -> None:
    """The matrix world's files live in the folder of `module_world` (see `media`)."""


@pytest.fixture
def media(matrix_world: World, settings: Any, tmp_path: Path) -> None:
    """A copy of the matrix world's files for each test: files are not rolled back with the
    database, and a write may delete one (anonymising deletes the participant's PDFs)."""
    copy = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, copy)
    settings.MEDIA_ROOT = str(copy)


@pytest.fixture(scope="module")
def matrix_world(module_world: World) -> World:
    """The world of tests/conftest.py with what the areas need: built once per module (so once
    per xdist worker), inside the transaction of `module_world` that is rolled back at its end."""
    setup_base(module_world)
    for area in AREAS:
        area.setup(module_world)
    # One signed-in session per actor, used by every cell: what a cell does to it (log out,
    # switch pilot) is rolled back with the cell, and it saves a login per cell.
    module_world.extra["sessions"] = {}
    module_world.extra["sessions"][DN] = deelnemer_sessie(module_world.alpha.deelnemer)
    for actor in ACTORS:
        user = _actor_user(module_world, actor)
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            module_world.extra["sessions"][actor] = session
    return module_world


@pytest.mark.parametrize(("key", "method"), MATRIX)
def test_matrix(key: str, method: str, matrix_world: World, db: None, media: None) -> None:
    failures: list[str] = []
    known: list[str] = []
    cells = 0
    variants = [v for v in CASES[key].variants if v.method == method]
    for variant in variants:
        for actor in ACTORS:
            if actor == DN and key not in PORTAAL and variant is not variants[0]:
                # A participant is anonymous to every staff page: one cell per URL and method
                # shows it; the portal's own pages get every variant.
                continue
            # The public pages (and password reset, per address too) are rate limited; the
            # matrix asks from one address for the same data: every cell starts afresh.
            cache.clear()
            cells += 1
            where, status, problem = _cell(matrix_world, key, variant, actor)
            expected = variant.expected[actor]
            finding = FINDINGS.get((key, method, variant.label, actor))
            if finding and status == expected:
                failures.append(f"{where} -> {status}: fixed, remove it from FINDINGS")
            elif finding:
                known.append(finding)
            elif status != expected and status is not None:
                failures.append(f"{where} -> {status}, expected {expected}")
            if problem:
                failures.append(f"{where} -> {problem}")
    assert not failures, f"{len(failures)} of {cells} cells failed:\n" + "\n".join(failures)
    if known:
        pytest.xfail(
            f"{len(known)} of {cells} cells, see FINDINGS: " + "; ".join(sorted(set(known)))
        )
