"""The bench server's settings: production's (praktijkleren.settings.production), with one
departure: static files are collected with Django's manifest storage instead of WhiteNoise's
compressed one. The pages refer to the same hashed names either way, and no measured request
fetches a static file; compressing every file takes a minute on the 2-core machine, hashing
them two seconds."""

from praktijkleren.settings.production import *  # noqa: F403
from praktijkleren.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
