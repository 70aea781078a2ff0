"""Celery runs tasks in-process without a broker and on Redis with one; a real worker sends the
password-reset e-mail that a request queued."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from pilots.roles import Role
from praktijkleren.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def _celery_conf(**env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE="praktijkleren.settings.dev")
    code = (
        "import django; django.setup(); from praktijkleren.celery import app; "
        "print(app.conf.task_always_eager, app.conf.broker_url)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_without_a_broker_tasks_run_in_process():
    assert _celery_conf() == ["True", "memory://"]


def test_with_a_broker_url_tasks_go_to_redis():
    assert _celery_conf(CELERY_BROKER_URL="redis://127.0.0.1:6379/15") == [
        "False",
        "redis://127.0.0.1:6379/15",
    ]


def test_the_password_reset_mail_is_queued_and_sent_after_commit(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    user = world.user(Role.VERWIJZER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("password_reset"), {"email": user.email})
    assert mailoutbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_password_reset_mail(client, tmp_path, settings):
    from tests.factories import UserFactory

    broker = os.environ.get("CELERY_BROKER_URL")
    assert broker, "make test sets CELERY_BROKER_URL to the machine's Redis"
    user = UserFactory(email="reset@worker.test")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_EMAIL_FILE_PATH": str(tmp_path),
    }
    if connection.vendor != "postgresql":
        pytest.fail("the worker test needs the PostgreSQL test database (make test)")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "praktijkleren",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = (
        celery_app.conf.task_always_eager,
        celery_app.conf.task_default_queue,
        celery_app.conf.broker_url,
    )
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    celery_app.conf.broker_url = broker
    try:
        response = client.post(reverse("password_reset"), {"email": user.email})
        assert response.status_code == 302
        deadline = time.monotonic() + 60

        def written() -> str:
            # The file backend creates the file before it writes the message: wait for both.
            files = list(tmp_path.iterdir())
            return files[0].read_text() if files else ""

        while "To:" not in written() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else "worker died"
            time.sleep(0.2)
        text = written()
        assert text, "the worker did not send the e-mail within 60 s"
        assert "To: reset@worker.test" in text
        assert "/account/wachtwoord-herstellen/" in text
    finally:
        (
            celery_app.conf.task_always_eager,
            celery_app.conf.task_default_queue,
            celery_app.conf.broker_url,
        ) = saved
        worker.terminate()
        worker.wait(timeout=20)
