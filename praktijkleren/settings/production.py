"""Production: everything from the environment; refuses to start with an unsafe SECRET_KEY."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SMTP_OPTIONS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("dev-", "test-", "django-insecure"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Rate limits must count across all web workers: a shared cache (Redis).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if "locmem" in CACHES["default"]["BACKEND"].lower():
    raise ImproperlyConfigured(
        "CACHE_URL must point to a shared cache (redis://...) in production."
    )
# A cache that hangs must not hang a request: saving a record marks the kept monitor figures out
# of date (monitoring/cijfers.py), and the rate limits ask it on public pages. Both go on without
# the cache; they wait at most these seconds for it.
CACHES["default"].setdefault("OPTIONS", {}).update(
    {
        "socket_connect_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
        "socket_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
    }
)
# PDFs and e-mails are rendered and sent by the Celery workers, never inside gunicorn: without
# a broker the web processes would silently run every task in the request.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must point to the broker (redis://...) in production: PDFs and "
        "e-mails are made by the Celery workers, not by the web processes."
    )
CELERY_TASK_ALWAYS_EAGER = False
# Links in e-mails (signing links) must reach the public site over HTTPS.
SITE_URL = env("SITE_URL", default="")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the public https:// address of the site.")
# Two factors for every account (docs/security.md); only a deliberate override turns it off.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Persistent database connections (issue 16): a gunicorn or Celery process keeps its connection
# for DB_CONN_MAX_AGE seconds instead of opening one per request; a connection that died while
# idle (a database restart, a proxy timeout) is checked before it is reused.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Agreements and verklaringen take only werkprocessen of the official kwalificatiestructuur
# (never example data or ones added by an import): see kwalificaties.services.controleer_officieel.
KWALIFICATIES_ALLEEN_OFFICIEEL = env.bool("KWALIFICATIES_ALLEEN_OFFICIEEL", default=True)

# Stored and generated files (uploads, PDFs, imports) go through Django's storage API only: the
# media folder by default, or S3-compatible object storage (django-storages) when
# STORAGE_S3_BUCKET is set, so web and workers can run on several hosts (docs/operations.md).
_S3_BUCKET = env("STORAGE_S3_BUCKET", default="")
_DEFAULT_STORAGE: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if _S3_BUCKET:
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env("STORAGE_S3_ENDPOINT_URL", default=None),
            "region_name": env("STORAGE_S3_REGION", default=None),
            "access_key": env("STORAGE_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("STORAGE_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("STORAGE_S3_PREFIX", default=""),
            # Personal data: never public; the app serves every file itself after its checks.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Container health checks call /health/ over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
_backend = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _backend,
        "OPTIONS": SMTP_OPTIONS if _backend.endswith("smtp.EmailBackend") else {},
    }
}

# Logs: one JSON object per line with request id, user id and pilot, no personal data
# (praktijkleren/request_logging.py); one line per request.
_console: dict[str, object] = LOGGING["handlers"]["console"]  # type: ignore[index]  # noqa: F405
_console["formatter"] = env("LOG_FORMAT", default="json")
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=True)

# Optional error reporting to Sentry: only when SENTRY_DSN is set. No personal data: no user,
# IP address, cookies, request bodies, query strings or local variables.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from praktijkleren.request_logging import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        before_send=sentry_before_send,  # type: ignore[arg-type]
    )
