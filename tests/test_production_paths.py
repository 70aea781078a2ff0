"""What production loads: the project's URLs, admin, API and Celery tasks, with the production
settings. The self-made seal certificate and the demo data must never be among them."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
get_resolver().url_patterns  # every app's URLs, views, forms and API
from praktijkleren.celery import app
app.loader.import_default_modules()  # every app's tasks, as a worker loads them
app.autodiscover_tasks(force=True)
# And every other module of the apps (services, selectors, seal, import), as code paths reach them.
import importlib, pathlib
from django.apps import apps
for config in apps.get_app_configs():
    base = pathlib.Path(config.path)
    # Only the project's own apps (the virtualenv may live inside the checkout).
    if not str(base).startswith(str(pathlib.Path.cwd())) or "site-packages" in base.parts:
        continue
    for path in base.rglob("*.py"):
        parts = path.relative_to(base).with_suffix("").parts
        if {"tests", "migrations", "management", "demo", "testcertificaat"} & set(parts):
            continue
        name = ".".join([config.name, *[p for p in parts if p != "__init__"]])
        if "settings" not in name:
            importlib.import_module(name)
forbidden = [m for m in sys.modules if m.endswith((".demo", ".testcertificaat"))]
print("LOADED", len(sys.modules), "FORBIDDEN", ",".join(sorted(forbidden)) or "-")
"""


def test_production_never_imports_the_test_certificate_or_the_demo_data():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "praktijkleren.example.org",
        "SITE_URL": "https://praktijkleren.example.org",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",  # production refuses to start without
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("LOADED ") and line.endswith("FORBIDDEN -"), line
