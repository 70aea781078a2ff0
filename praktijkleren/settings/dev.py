"""Development: safe defaults that must never reach production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Seal verklaringen with a certificate the project generates itself (never in production).
VERKLARINGEN_TESTCERTIFICAAT = True
# Links in e-mails and the QR code of a sealed verklaring point to the server that runs: `make run
# PORT=8123` passes SITE_URL (Makefile), and PORT alone is enough for `manage.py runserver`.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
