"""The one place settings read the environment (django-environ)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional and never required; the environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
