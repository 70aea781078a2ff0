"""Celery app. Without CELERY_BROKER_URL, tasks run in-process (settings.base)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkleren.settings.dev")

app = Celery("praktijkleren")
app.config_from_object("django.conf:settings", namespace="CELERY")
# An empty broker URL means "none configured": an in-memory transport keeps .delay() working
# while CELERY_TASK_ALWAYS_EAGER runs the task in the caller's process.
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"
app.autodiscover_tasks()
