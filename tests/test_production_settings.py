"""Production refuses to start without a broker: PDFs and e-mails are made by the Celery
workers, never silently inside the web processes. With one, tasks go to it (not in-process)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "from praktijkleren.settings import production as s; "
    "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
)


def _load_production(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="praktijkleren.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="praktijkleren.example.org",
        SITE_URL="https://praktijkleren.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_without_a_broker_refuses_to_start_with_a_clear_error():
    result = _load_production()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CELERY_BROKER_URL must point to the broker" in result.stderr


def test_an_empty_or_in_memory_broker_is_refused_too():
    for url in ("", "memory://"):
        result = _load_production(CELERY_BROKER_URL=url)
        assert result.returncode != 0, url
        assert "CELERY_BROKER_URL must point to the broker" in result.stderr


def test_with_a_broker_production_loads_and_never_runs_tasks_in_process():
    result = _load_production(CELERY_BROKER_URL="redis://redis:6379/0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "redis://redis:6379/0"]


def _probe(code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="praktijkleren.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="praktijkleren.example.org",
        SITE_URL="https://praktijkleren.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://redis:6379/0",
        DATABASE_URL="postgres://praktijkleren@db:5432/praktijkleren",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


DB_PROBE = (
    "from praktijkleren.settings import production as s; "
    "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    """Issue 16: no new PostgreSQL connection per request; a connection that died while idle is
    noticed before a request uses it (CONN_HEALTH_CHECKS)."""
    result = _probe(DB_PROBE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["60", "True"]
    result = _probe(DB_PROBE, DB_CONN_MAX_AGE="0")
    assert result.stdout.split() == ["0", "True"]


STORAGE_PROBE = (
    "import django; django.setup(); "
    "from django.core.files.storage import storages; d = storages['default']; "
    "print(type(d).__module__ + '.' + type(d).__name__, getattr(d, 'bucket_name', '-'), "
    "getattr(d, 'default_acl', '-'), getattr(d, 'file_overwrite', '-'))"
)


def test_production_stores_files_locally_or_in_s3_compatible_object_storage():
    """Issue 16: with STORAGE_S3_BUCKET the stored and generated files go to object storage
    (private, never overwritten), so web and workers can run on several hosts."""
    local = _probe(STORAGE_PROBE)
    assert local.returncode == 0, local.stderr[-2000:]
    assert local.stdout.split()[0] == "django.core.files.storage.filesystem.FileSystemStorage"
    s3 = _probe(
        STORAGE_PROBE,
        STORAGE_S3_BUCKET="praktijkleren-media",
        STORAGE_S3_ENDPOINT_URL="https://s3.example.org",
        STORAGE_S3_ACCESS_KEY_ID="id",
        STORAGE_S3_SECRET_ACCESS_KEY="secret",
    )
    assert s3.returncode == 0, s3.stderr[-2000:]
    assert s3.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "praktijkleren-media",
        "private",
        "False",
    ]


def test_a_hanging_cache_cannot_hang_a_request():
    """Saving a record touches the cache (monitoring/cijfers.py): production waits at most half a
    second for Redis, then goes on without it."""
    result = _probe(
        "from praktijkleren.settings import production as s; "
        "o = s.CACHES['default']['OPTIONS']; "
        "print(o['socket_connect_timeout'], o['socket_timeout'])"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["0.5", "0.5"]
