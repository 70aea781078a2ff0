"""Public verification keeps working when the cache (Redis) is down: the rate limit counts in
the web process instead, still answers 429 to a visitor over the limit, and the fallback is
logged as a warning, once a minute at most."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from verklaringen import ratelimit

from .conftest import World
from .matrix_verklaringen_register import maak_registratie

pytestmark = pytest.mark.django_db

CODE = "ABCDEFGHJKMN"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def cache_down(settings) -> Iterator[None]:
    """The cache is Redis on a port where nothing listens: every cache call raises."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    ratelimit.vergeet_lokaal()
    yield
    ratelimit.vergeet_lokaal()


def english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def fallback_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "verklaringen.ratelimit" and r.levelno == logging.WARNING
    ]


def test_the_cache_is_really_down(cache_down):
    from django.core.cache import cache

    with pytest.raises(Exception):  # noqa: B017 - whatever the Redis client raises
        cache.get("x")


def test_the_code_page_answers_200_and_the_fallback_is_logged_once(
    cache_down, world: World, caplog: pytest.LogCaptureFixture
):
    maak_registratie(world, verificatiecode=CODE, houder_naam="Ada Zichtbaar")
    client = english()
    with caplog.at_level(logging.WARNING, logger="verklaringen.ratelimit"):
        for _ in range(3):
            response = client.get(f"/verificatie/{CODE}/")
            assert response.status_code == 200
            assert "Genuine and valid" in response.content.decode()
            assert "Ada Zichtbaar" in response.content.decode()
    warnings = fallback_warnings(caplog)
    assert len(warnings) == 1  # once a minute at most, not once per request
    assert "cache unavailable" in warnings[0].getMessage()
    assert "counting in this process" in warnings[0].getMessage()


def test_the_form_page_and_an_unknown_code_answer_without_the_cache(cache_down, world: World):
    client = english()
    assert client.get("/verificatie/").status_code == 200
    response = client.get("/verificatie/ZZZZYYYYXXXX/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_the_local_counter_still_limits_one_visitor(cache_down, world: World):
    maak_registratie(world, verificatiecode=CODE)
    client = english()
    for _ in range(30):
        assert client.get(f"/verificatie/{CODE}/").status_code == 200
    response = client.get(f"/verificatie/{CODE}/")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Another address has its own budget.
    assert client.get(f"/verificatie/{CODE}/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_pdf_upload_is_checked_without_the_cache(cache_down, world: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("v.pdf", b"no pdf", content_type="application/pdf")
    response = english().post("/verificatie/", {"pdf": upload})
    assert response.status_code in (200, 400)  # a clear answer about the file, not a 500


def test_the_api_lookup_answers_without_the_cache(cache_down, world: World):
    maak_registratie(world, verificatiecode=CODE)
    client = APIClient()
    assert client.get("/api/v1/verificatie/", {"code": CODE}).status_code == 200
    assert client.get("/api/v1/verificatie/", {"code": "ZZZZYYYYXXXX"}).status_code == 404


def test_with_the_cache_up_nothing_is_counted_locally(world: World, caplog):
    from django.core.cache import cache

    cache.clear()
    ratelimit.vergeet_lokaal()
    maak_registratie(world, verificatiecode=CODE)
    with caplog.at_level(logging.WARNING, logger="verklaringen.ratelimit"):
        assert english().get(f"/verificatie/{CODE}/").status_code == 200
    assert fallback_warnings(caplog) == []
    cache.clear()
