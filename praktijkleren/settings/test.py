"""Tests: DATABASE_URL (PostgreSQL in CI) or SQLite; fast hashing; mail kept in memory."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tests run tasks in-process unless a test starts a real worker (marker `worker`), which
# publishes to its broker with TEST_CELERY_ALWAYS_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_ALWAYS_EAGER", default=True)
TEST_BROKER_URL = env("CELERY_BROKER_URL", default="")
# The live server of browser tests serves static files straight from the app folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A Celery worker started by a test (marker `worker`) writes its e-mail to files the test reads.
if env("TEST_EMAIL_FILE_PATH", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("TEST_EMAIL_FILE_PATH")},
        }
    }
AXES_VERBOSE = False  # keep test output readable
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {"axes": {"handlers": [], "level": "ERROR", "propagate": False}},
}
# Seal verklaringen with a certificate the project generates itself (never in production).
VERKLARINGEN_TESTCERTIFICAAT = True
# Tests do not need each commit on disk before the next statement: without waiting for the WAL
# flush, the browser and worker tests (which commit for real) run much faster on a slow disk.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
