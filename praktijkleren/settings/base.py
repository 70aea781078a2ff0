"""Settings shared by every environment. Environment-specific files import * from here."""

from datetime import timedelta

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens: hashed at rest, expiring, revocable (praktijkleren/tokens.py).
    "knox",
    # Two factors for staff (docs/security.md): TOTP and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "praktijkleren",
    "pilots",
    "kwalificaties",
    "erkenningen",
    # In layers, lowest first (docs/architecture.md): an app imports only those above it here.
    "deelnemers",
    "intake",
    "trajecten",
    "ondertekening",
    "leerbanen",
    "overeenkomsten",
    "verklaringen",
    "monitoring",
    "werkvoorraad",
    "portaal",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (praktijkleren/request_logging.py).
    "praktijkleren.request_logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their long cache): Permissions-Policy and
    # `Cache-Control: no-store, private` on every other answer (praktijkleren/headers.py).
    "praktijkleren.headers.SecurityHeadersMiddleware",
    # Content-Security-Policy from SECURE_CSP, with a fresh nonce per response.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything that reads the body (sessions, CSRF): a body over the limit of its path
    # is refused by its Content-Length alone (praktijkleren/body_size.py).
    "praktijkleren.body_size.BodySizeMiddleware",
    # Above everything that uses the database: NUL bytes in the URL -> 400, and a database
    # outage -> 503 JSON for /api/ (see praktijkleren.request_guard).
    "praktijkleren.request_guard.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch whatever the browser says; English only by the switcher (praktijkleren/taal.py).
    "praktijkleren.taal.NederlandsTenzijGekozenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Before the second factor, only the login, its own pages and public pages (docs/security.md).
    "praktijkleren.tweefactor.TweeFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: idle and absolute session timeouts, with a message at the login page.
    "pilots.sessies.SessieTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pilots.middleware.CurrentPilotMiddleware",
    # Last, as django-axes requires: locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# Headers (docs/security.md "Headers"). No inline script or style without the nonce: pages
# load static/js/app.js and static/css/app.css; PDF templates (WeasyPrint) are never served.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Browser features this site never uses are off, for it and for anything it frames. Passkeys
# (publickey-credentials-*) and fullscreen stay allowed for the site itself. Only features
# Chromium knows (an unknown one is an error in its console; tests/e2e/csp_guard.py).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
    "fullscreen": ["self"],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
# Set by SecurityMiddleware (these are Django's defaults, stated here on purpose).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request size (docs/security.md "Request size", praktijkleren/body_size.py). A body over the
# limit of its path (a pattern matched at the start of the path; the first match wins) is
# refused with 413 by its Content-Length, before it is read; every other path has the default.
# The limits are the largest uploads the forms take; each gets REQUEST_BODY_OVERHEAD on top for
# the multipart framing and the other fields, so a file just over is told so by its form.
MB = 1024 * 1024
REQUEST_BODY_LIMITS: dict[str, int] = {
    r"/verificatie/": 10 * MB,  # one verklaring PDF (verklaringen.verificatie.MAX_PDF_BYTES)
    r"/api/v1/verificatie/": 10 * MB,
    r"/ondertekenen/papier/": 10 * MB,  # a scan of a paper signature (MAX_SCAN_BYTES)
    r"/pilots/[^/]+/import/": 30 * MB,  # registration import: three files of 10 MB
    r"/kwalificaties/import/": 40 * MB,  # crebo list and werkprocessen: 20 MB each
}
REQUEST_BODY_DEFAULT_LIMIT = 2 * MB
REQUEST_BODY_OVERHEAD = 64 * 1024
# What Django itself keeps in memory: the fields other than files (a larger body is refused
# by the limits above first), and files up to this size; larger ones go to FILE_UPLOAD_TEMP_DIR.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MB

ROOT_URLCONF = "praktijkleren.urls"
WSGI_APPLICATION = "praktijkleren.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # `csp_nonce` for <script nonce> and <style nonce> (SECURE_CSP below).
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkvoorraad.context_processors.navigation",
            ],
        },
    },
]

# SQLite by default (zero set-up); DATABASE_URL selects PostgreSQL (psycopg 3).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "praktijkleren.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 12 characters (OWASP ASVS 5.0, V6.2.1) and not on the common-password list.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection: after 5 failed logins for one e-mail address from one IP address,
# that combination is locked for 15 minutes (django-axes, records in the database). The IP is
# the real client's behind the proxy (praktijkleren.http.client_ip, NUM_PROXIES): otherwise all
# visitors share the proxy's address and anyone could lock a user out everywhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "praktijkleren.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Every account holds personal data (all roles, the admin included): with this on, nobody reaches
# a page beyond the account pages before their second factor (docs/security.md). On in
# production, off for `make run` and tests (a test turns it on where it matters).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
# Sensitive actions (issue or revoke a verklaring, anonymise, export personal data, change
# members, reset a second factor) ask for the second factor again after this many minutes.
TWO_FACTOR_FRESH_MINUTES = 15
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Praktijkleren"
# Sessions (pilots/sessies.py): logged out after 30 minutes without a request (roles with
# personal data; a user with only the SBB-monitor role is exempt) and 12 hours after login for
# everyone. The cookie's age is the same 12 hours; the login time in the session is what counts,
# since every save of the session renews the cookie.
SESSION_IDLE_MINUTES = 30
SESSION_ABSOLUTE_HOURS = 12
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Guardian: no anonymous user row; per-object grants use direct FK tables (see deelnemers.models).
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# Dates in Dutch: "12 maart 2026" in text, "12-03-2026" in tables (docs/dates.md).
FORMAT_MODULE_PATH = ["praktijkleren.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django 6.1 mailers. SMTP options are read only when the SMTP backend is chosen.
# Without an EMAIL_BACKEND (`make run`) e-mails are printed to the terminal as readable text,
# with whole links (praktijkleren/mail_console.py); production defaults to SMTP.
EMAIL_BACKEND_PATH = env("EMAIL_BACKEND", default="praktijkleren.mail_console.EmailBackend")
SMTP_OPTIONS = {
    "host": env("EMAIL_HOST", default="localhost"),
    "port": env.int("EMAIL_PORT", default=25),
    "username": env("EMAIL_HOST_USER", default=""),
    "password": env("EMAIL_HOST_PASSWORD", default=""),
    "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": SMTP_OPTIONS if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend") else {},
    }
}
# Rate limits (public verification) count in the cache: shared Redis in production
# (CACHE_URL=redis://...), process memory for `make run` and tests.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
RATELIMIT_USE_CACHE = "default"

# Trusted reverse proxies in front of the app (production: 1). The client IP recorded with a
# signature is then taken from X-Forwarded-For (praktijkleren.http.client_ip).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Links in e-mails (signing links, reminders) point here.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The address on the public contact page (praktijkleren/pages.py).
CONTACT_EMAIL = env("CONTACT_EMAIL", default="contact@praktijkleren.local")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Praktijkleren <noreply@praktijkleren.local>"
)

# Celery: Redis when CELERY_BROKER_URL is set, otherwise tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (kill -9, out of memory) goes back to the queue at once,
# instead of being acknowledged as failed. Every task is safe to run twice.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits (soft: SoftTimeLimitExceeded in the task; hard: the pool process is killed).
# Default for every task; PDF rendering and sealing longer, e-mail short, imports longest (the
# import sweeper treats one running for an hour as dead).
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
PDF_TASKS = (
    "overeenkomsten.tasks.render_overeenkomst_pdf",
    "overeenkomsten.tasks.maak_definitief_pdf",
    "verklaringen.tasks.render_praktijkverklaring_pdf",
    "verklaringen.tasks.maak_ondertekende_praktijkverklaring_pdf",
    "verklaringen.tasks.maak_mbo_verklaring_pdf",
    "monitoring.tasks.maak_rapport_pdf",
    "monitoring.tasks.maak_landelijk_pdf",
)
MAIL_TASKS = (
    "praktijkleren.tasks.send_email",
    "praktijkleren.tasks.outbox_verstuur",
    "verklaringen.tasks.mail_verklaring_aan_deelnemer",
)
CELERY_TASK_ANNOTATIONS: dict[str, dict[str, int]] = {
    **{name: {"soft_time_limit": 480, "time_limit": 600} for name in PDF_TASKS},
    **{name: {"soft_time_limit": 60, "time_limit": 90} for name in MAIL_TASKS},
    "monitoring.tasks.voer_import_uit": {"soft_time_limit": 1500, "time_limit": 1800},
}
# PDF tasks have their own queue, served by the `pdf` worker (docker-compose.yml), which
# recycles its processes (--max-tasks-per-child) against WeasyPrint's memory growth.
PDF_QUEUE = "pdf"
CELERY_TASK_ROUTES = {name: {"queue": PDF_QUEUE} for name in PDF_TASKS}
# Redis redelivers a message not acknowledged within `visibility_timeout` (a worker killed
# as a whole): above the longest hard time limit (the import, 1800 s) and above the longest
# retry countdown (retry_backoff_max, 600 s), or a running task would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2400),
    # Look for such messages every 30 s (kombu's default is every 100 s).
    "unacked_restore_interval": 30,
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "advies-herinneringen": {
        "task": "intake.tasks.advies_herinneringen",
        "schedule": crontab(hour=7, minute=30),
    },
    "ondertekening-herinneringen": {
        "task": "ondertekening.tasks.ondertekening_herinneringen",
        "schedule": crontab(hour=8, minute=0),
    },
    "plok-einde-herinneringen": {
        "task": "overeenkomsten.tasks.plok_einde_herinneringen",
        "schedule": crontab(hour=8, minute=0),
    },
    "herstart-pdf-taken": {
        "task": "overeenkomsten.tasks.herstart_pdf_taken",
        "schedule": crontab(minute="*/15"),
    },
    "ruim-importen-op": {
        "task": "monitoring.tasks.ruim_importen_op",
        "schedule": crontab(minute="*/15"),
    },
    "herstart-mbo-verklaring-pdfs": {
        "task": "verklaringen.tasks.herstart_mbo_verklaring_pdfs",
        "schedule": crontab(minute="*/15"),
    },
    "traject-einddatum-herinneringen": {
        "task": "trajecten.tasks.einddatum_herinneringen",
        "schedule": crontab(hour=7, minute=45),
    },
    "uitstroom-nametingen": {
        "task": "trajecten.tasks.nametingen_vragen",
        "schedule": crontab(hour=8, minute=15),
    },
    # The first day after each two-month period (Jan-Feb, Mar-Apr, ...): drafts per pilot.
    "maak-monitor-concepten": {
        "task": "monitoring.tasks.maak_monitor_concepten",
        "schedule": crontab(day_of_month=1, month_of_year="1,3,5,7,9,11", hour=6, minute=0),
    },
    "monitor-herinneringen": {
        "task": "monitoring.tasks.monitor_herinneringen",
        "schedule": crontab(hour=8, minute=30),
    },
    "verwijder-verlopen-bewijs": {
        "task": "overeenkomsten.tasks.verwijder_verlopen_bewijs",
        "schedule": crontab(hour=2, minute=30),
    },
    "anonimiseer-verlopen-aanmeldingen": {
        "task": "deelnemers.tasks.anonimiseer_verlopen_aanmeldingen",
        "schedule": crontab(hour=2, minute=15),
    },
    "outbox-veeg": {"task": "praktijkleren.tasks.outbox_veeg", "schedule": crontab()},
    "outbox-opruimen": {
        "task": "praktijkleren.tasks.outbox_opruimen",
        "schedule": crontab(hour=2, minute=45),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls get 401 with `WWW-Authenticate: Token`.
        "praktijkleren.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "praktijkleren.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "praktijkleren.api.exception_handler",
}
# API tokens (django-rest-knox): only a SHA-512 digest of each token is stored. A token expires
# API_TOKEN_TTL_DAYS after it was made (use does not extend it) and is revoked when its user's
# password changes or their last membership ends (praktijkleren/tokens.py, docs/security.md).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
if API_TOKEN_TTL_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be at least 1.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    # Unexpired tokens per user; more is refused until the user revokes one.
    "TOKEN_LIMIT_PER_USER": 10,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Praktijkleren API",
    "DESCRIPTION": "Pilots, organisaties, kwalificatiestructuur and deelnemers, scoped to the "
    "caller's pilots and roles.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No links inside the operations' expand buttons (axe nested-interactive) and no syntax
    # colours below the contrast minimum (issue 15, WCAG 2.1 AA).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers (400/401/403/404/429/503) and their body.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "praktijkleren.api.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PilotSoortEnum": "pilots.constants.PilotSoort",
        "OrganisatieSoortEnum": "pilots.constants.OrganisatieSoort",
        "SchaalEnum": "intake.constants.Schaal",
        "DeelnemerStatusEnum": "deelnemers.constants.DeelnemerStatus",
        "TrajectStatusEnum": "trajecten.constants.TrajectStatus",
        "TrajectRouteEnum": "trajecten.constants.TrajectRoute",
        "WerkprocesStatusEnum": "trajecten.constants.WerkprocesStatus",
        "OvereenkomstSoortEnum": "overeenkomsten.constants.OvereenkomstSoort",
        "VersieStatusEnum": "overeenkomsten.constants.VersieStatus",
        "PdfStatusEnum": "overeenkomsten.constants.PdfStatus",
        "PartijRolEnum": "overeenkomsten.constants.PartijRol",
        "VoortgangSoortEnum": "trajecten.constants.VoortgangSoort",
        "RegistratieStatusEnum": "verklaringen.constants.RegistratieStatus",
    },
}

# Everything to stdout/stderr. Each line carries the request id, user id and pilot of its
# request (praktijkleren/request_logging.py); 403 and 404 are one INFO line without traceback.
# Human-readable here; production switches `LOG_FORMAT` to "json" (docs/operations.md "Logs").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "praktijkleren.request_logging.RequestContextFilter"},
        "expected_client_errors": {"()": "praktijkleren.request_logging.ExpectedClientErrorFilter"},
    },
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "praktijkleren.request_logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["expected_client_errors", "request_context"],
            "formatter": env("LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
# One line per request (method, route, status, duration); on in production.
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=False)

# Only dev and test seal verklaringen with a self-generated certificate; production needs an
# institution's PKCS#12 (`manage.py zegelcertificaat`).
VERKLARINGEN_TESTCERTIFICAAT = False
