"""What the logs say: the request id, user id and pilot on every line, JSON in production with no
personal data, and expected 403/404 answers as one INFO line without a traceback."""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.urls import reverse

from pilots.roles import Role
from praktijkleren.request_logging import JSONFormatter
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def _console() -> logging.Handler:
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    return handler


@pytest.fixture
def plain_log() -> Iterator[io.StringIO]:
    """What the console handler writes, in the human-readable format of dev and test."""
    handler = _console()
    stream = io.StringIO()
    old = handler.setStream(stream)  # type: ignore[attr-defined]
    yield stream
    handler.setStream(old)  # type: ignore[attr-defined]


@pytest.fixture
def json_log(plain_log: io.StringIO, settings) -> Iterator[io.StringIO]:
    """The same handler with production's JSON format and the per-request line."""
    settings.LOG_REQUESTS = True
    handler = _console()
    old = handler.formatter
    handler.setFormatter(JSONFormatter())
    yield plain_log
    handler.setFormatter(old)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_a_404_of_another_pilots_participant_is_one_info_line_without_traceback(
    client, world, plain_log
):
    client.force_login(world.user(Role.PROJECTLEIDER))
    response = client.get(reverse("deelnemers:detail", args=[world.beta.deelnemer.pk]))
    assert response.status_code == 404
    output = plain_log.getvalue()
    lines = [line for line in output.splitlines() if "django.request" in line]
    assert lines == [
        f"INFO django.request [{response['X-Request-ID']}] Not Found: "
        f"/deelnemers/{world.beta.deelnemer.pk}/"
    ], output
    assert "Traceback" not in output
    assert "ERROR" not in output and "WARNING" not in output


@pytest.mark.django_db
def test_a_403_is_one_info_line_without_traceback(client, world, plain_log):
    client.force_login(UserFactory())  # no role in any pilot
    response = client.get(reverse("deelnemers:detail", args=[world.alpha.deelnemer.pk]))
    assert response.status_code == 403
    output = plain_log.getvalue()
    assert "INFO django.request" in output and "Forbidden" in output, output
    assert "Traceback" not in output and "WARNING" not in output


@pytest.mark.django_db
def test_api_404_is_not_a_warning(client, world, plain_log):
    client.force_login(world.user(Role.PROJECTLEIDER))
    response = client.get(f"/api/v1/deelnemers/{world.beta.deelnemer.pk}/")
    assert response.status_code == 404
    output = plain_log.getvalue()
    assert "Traceback" not in output and "WARNING" not in output, output


@pytest.mark.django_db
def test_json_lines_carry_request_id_user_and_pilot_and_no_personal_data(client, world, json_log):
    user = world.user(Role.PROJECTLEIDER)
    client.force_login(user)
    response = client.get(
        reverse("deelnemers:detail", args=[world.alpha.deelnemer.pk]),
        query_params={"q": world.alpha.deelnemer.achternaam},
        headers={"X-Request-ID": "proxy-id-12345678"},
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-id-12345678"
    (line,) = [entry for entry in _lines(json_log) if entry["logger"] == "praktijkleren.request"]
    assert line["event"] == "request"
    assert line["level"] == "info"
    assert line["request_id"] == "proxy-id-12345678"
    assert line["user_id"] == user.pk
    assert line["pilot"] == world.alpha.pilot.code
    assert line["route"] == "deelnemers/<int:pk>/"
    assert line["status"] == 200 and line["method"] == "GET"
    assert "timestamp" in line and "duration_ms" in line
    output = json_log.getvalue()
    deelnemer = world.alpha.deelnemer
    for personal in (user.email, deelnemer.voornaam, deelnemer.achternaam, "127.0.0.1"):
        assert personal not in output


@pytest.mark.django_db
def test_an_unusable_request_id_from_outside_is_replaced(client, json_log):
    response = client.get("/health/", headers={"X-Request-ID": 'x"}\n{"forged": 1'})
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and request_id.isalnum()
    assert "forged" not in json_log.getvalue()
    assert all(entry.get("request_id") == request_id for entry in _lines(json_log))


@pytest.mark.django_db
def test_json_404_line_has_status_and_no_traceback(client, world, json_log):
    client.force_login(world.user(Role.PROJECTLEIDER))
    client.get(reverse("deelnemers:detail", args=[world.beta.deelnemer.pk]))
    (line,) = [entry for entry in _lines(json_log) if entry["logger"] == "django.request"]
    assert line["level"] == "info" and line["status_code"] == 404
    assert "exception" not in line
    assert "request" not in line  # Django's request object (with its query string) stays out


def test_a_database_error_is_logged_without_its_message():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Kon niet opslaan", None, None)
    email = "jan" + "@example.org"  # not literally on the lines the traceback quotes
    try:
        try:
            raise ValueError(f"Key (email)=({email}) already exists")
        except ValueError as cause:
            raise IntegrityError(f"duplicate key: Key (email)=({email})") from cause
    except IntegrityError:
        record.exc_info = sys.exc_info()
    line = json.loads(JSONFormatter().format(record))
    assert line["exception_type"] == "django.db.utils.IntegrityError"
    assert "Traceback" in line["exception"] and "test_logging.py" in line["exception"]
    assert "jan@example.org" not in json.dumps(line)


def test_other_errors_keep_their_traceback():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, None)
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record.exc_info = sys.exc_info()
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "error" and line["event"] == "boom"
    assert "ZeroDivisionError: division by zero" in line["exception"]


PRODUCTION_PROBE = """
import json, logging, django
django.setup()
import sentry_sdk
from django.conf import settings
logging.getLogger("praktijkleren.probe").warning("hallo %s", "wereld")
client = sentry_sdk.get_client()
print(json.dumps({
    "formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "log_requests": settings.LOG_REQUESTS,
    "sentry": client.is_active(),
    "send_default_pii": client.options.get("send_default_pii") if client.is_active() else None,
    "locals": client.options.get("include_local_variables") if client.is_active() else None,
}))
"""


def _production(**extra: str) -> tuple[dict, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "praktijkleren.example.org",
        "SITE_URL": "https://praktijkleren.example.org",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
        **extra,
    }
    env.pop("SENTRY_DSN", None) if "SENTRY_DSN" not in extra else None
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_production_logs_json_and_has_no_sentry_without_dsn():
    probe, stderr = _production()
    assert probe == {
        "formatter": "json",
        "log_requests": True,
        "sentry": False,
        "send_default_pii": None,
        "locals": None,
    }
    (line,) = [json.loads(x) for x in stderr.splitlines() if "praktijkleren.probe" in x]
    assert line["event"] == "hallo wereld" and line["level"] == "warning"


def test_production_sends_errors_to_sentry_without_personal_data_when_a_dsn_is_set():
    probe, _ = _production(SENTRY_DSN="https://public@sentry.example.invalid/1")
    assert probe["sentry"] is True
    assert probe["send_default_pii"] is False
    assert probe["locals"] is False
