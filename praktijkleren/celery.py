"""Celery app. Without CELERY_BROKER_URL, tasks run in-process (settings.base)."""

import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkleren.settings.dev")

app = Celery("praktijkleren")
app.config_from_object("django.conf:settings", namespace="CELERY")
# An empty broker URL means "none configured": an in-memory transport keeps .delay() working
# while CELERY_TASK_ALWAYS_EAGER runs the task in the caller's process.
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"
app.autodiscover_tasks()


@worker_ready.connect
def _outbox_bij_start(**kwargs: object) -> None:
    """A starting worker offers every pending outbox row again: the broker may have lost the
    messages (a restart without persistence) or never received them (it was down)."""
    from django.db import connections

    try:
        from . import outbox

        outbox.veeg(alles=True)
    except Exception:
        logging.getLogger(__name__).exception("outbox: sweep at worker start failed")
    finally:
        connections.close_all()
