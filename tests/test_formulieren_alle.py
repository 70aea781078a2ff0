"""Every form of the site answers a bad submit with the error summary (issue 15), and shows
Dutch blank choices. The forms are found through the URL conf: every pattern the tenancy matrix
lets some role POST to. Each is posted empty, as a role that may use it, in the matrix world
(tests/test_tenancy_matrix.py); an answer that shows the form again (200) must carry the
summary. Forms an empty submit cannot fail (they have nothing required, or are a button) are
listed below with the reason, so a new form is either summarised or explained."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.forms import BaseForm
from django.test import Client

from .conftest import World
from .matrix_support import ANON, USERS, url_patterns
from .matrix_world import setup as setup_base
from .test_tenancy_matrix import AREAS, CASES, _actor_user, _url

# The order in which an allowed actor is picked: the one with the widest rights first.
VOORKEUR = ["beheerder", "projectleider", "mbo_medewerker", "praktijkopleider", "verwijzer"]


@pytest.fixture(scope="module")
def matrix_world(module_world: World) -> World:
    """The tenancy matrix's world (its objects for every URL), built once for this module."""
    setup_base(module_world)
    for area in AREAS:
        area.setup(module_world)
    return module_world


@pytest.fixture
def _media_root() -> None:
    """The world's files live in the folder of `module_world`."""


def _forms() -> list[str]:
    html = {key for key, _pattern in url_patterns() if not key.startswith(("api", "admin"))}
    return sorted(
        key
        for key, case in CASES.items()
        if key in html and any(v.method == "post" for v in case.variants)
    )


def _actor(expected: dict[str, int]) -> str | None:
    allowed = [a for a in USERS if expected.get(a, 500) < 400]
    for actor in VOORKEUR + allowed:
        if actor in allowed:
            return actor
    return ANON if expected.get(ANON, 500) < 300 else None


def _post_empty(world: Any, key: str) -> tuple[bool, str] | None:
    variant = next(
        (v for v in CASES[key].variants if v.method == "post" and v.label in ("own", "-")), None
    )
    if variant is None:
        return None
    actor = _actor(variant.expected)
    if actor is None:
        return None
    with transaction.atomic():
        cache.clear()
        client = Client()
        if actor != ANON:
            client.force_login(_actor_user(world, actor))
        response = client.post(_url(key, variant.kwargs(world)), {})
        body = b"" if response.streaming else response.content
        transaction.set_rollback(True)
    return _has_form_errors(response), body.decode("utf-8", "replace")


def _has_form_errors(response: Any) -> bool:
    """Did the view render a form with errors (any form in the template context)?"""
    contexts = response.context or []
    if not isinstance(contexts, list):
        contexts = [contexts]
    return any(
        isinstance(value, BaseForm) and value.is_bound and bool(value.errors)
        for context in contexts
        for value in context.flatten().values()
    )


@pytest.mark.django_db
def test_every_form_answers_a_bad_submit_with_the_error_summary(
    matrix_world: Any,
) -> None:
    settings.TWO_FACTOR_REQUIRED = False
    zonder: list[str] = []
    met: list[str] = []
    for key in _forms():
        result = _post_empty(matrix_world, key)
        if result is None:
            continue
        errors, body = result
        if errors:
            (met if "data-foutoverzicht" in body else zonder).append(key)
    assert not zonder, f"forms shown again without an error summary: {zonder}"
    # Most forms of the site are covered (the count grows with the site).
    assert len(met) >= 20, met


@pytest.mark.django_db
def test_no_form_page_shows_django_s_english_blank_choice(matrix_world: Any) -> None:
    engels: list[str] = []
    for key in _forms():
        variant = next(
            (v for v in CASES[key].variants if v.method == "get" and v.label in ("own", "-")),
            None,
        )
        actor = _actor(variant.expected) if variant else None
        if variant is None or actor is None:
            continue
        client = Client()
        if actor != ANON:
            client.force_login(_actor_user(matrix_world, actor))
        response = client.get(_url(key, variant.kwargs(matrix_world)))
        if response.status_code == 200 and not response.streaming:
            html = response.content.decode()
            if "Select an option" in html:
                engels.append(key)
    assert not engels, f"pages with Django's English blank choice: {engels}"
