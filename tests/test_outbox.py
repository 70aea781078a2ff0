"""The transactional outbox: e-mail and follow-up tasks are rows written with the change, sent
after commit exactly once; the broker sees only a row id; a broker outage loses nothing."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from celery.signals import before_task_publish
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from deelnemers.models import Deelnemer
from pilots.roles import Role
from praktijkleren import outbox
from praktijkleren.celery import app as celery_app
from praktijkleren.mail import queue_email
from praktijkleren.models import OutboxBericht
from praktijkleren.tasks import outbox_verstuur
from tests.test_aanmelding import referral

ROOT = Path(__file__).resolve().parent.parent
DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    """Publish to `url` for real (not in-process) for the duration."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_read_url, conf.broker_write_url)

    def reset() -> None:
        pools.reset()  # kombu's connection pools are per URL and process-wide
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.task_always_eager = False
    conf.broker_url = conf.broker_read_url = conf.broker_write_url = url
    reset()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.broker_read_url, conf.broker_write_url = saved
        reset()


@contextlib.contextmanager
def published() -> Iterator[list[dict]]:
    """Every task message published meanwhile: its task name, headers and body as sent."""
    seen: list[dict] = []

    def capture(sender: str, body: object, headers: dict, **kwargs: object) -> None:
        seen.append({"task": sender, "headers": headers, "body": body})

    before_task_publish.connect(capture, weak=False)
    try:
        yield seen
    finally:
        before_task_publish.disconnect(capture)


def mail(**changes: object) -> dict:
    return {
        "subject": "Nieuwe aanmelding: Fatima Ouali",
        "body": "Fatima Ouali (fatima@example.test) is aangemeld.",
        "to": ["mbo@example.test"],
        **changes,
    }


class TestOutbox:
    def test_the_mail_is_a_row_of_the_transaction_and_is_sent_after_commit(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            queue_email(**mail())
            bericht = OutboxBericht.objects.get()
            assert bericht.verzonden_op is None and mailoutbox == []
        bericht.refresh_from_db()
        assert bericht.verzonden_op is not None and bericht.pogingen == 1
        assert [(m.subject, m.to) for m in mailoutbox] == [
            ("Nieuwe aanmelding: Fatima Ouali", ["mbo@example.test"])
        ]

    def test_a_rolled_back_change_sends_nothing(self, mailoutbox):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            queue_email(**mail())
            raise RuntimeError("the change failed")
        assert not OutboxBericht.objects.exists() and mailoutbox == []

    def test_the_task_message_carries_only_the_row_id(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with (
            broker("memory://"),
            published() as seen,
            django_capture_on_commit_callbacks(execute=True),
        ):
            queue_email(**mail(html="<p>Fatima Ouali</p>"))
        bericht = OutboxBericht.objects.get()
        assert [m["task"] for m in seen] == ["praktijkleren.tasks.outbox_verstuur"]
        args, kwargs, _ = seen[0]["body"]
        assert (list(args), kwargs) == ([bericht.pk], {})
        sent = json.dumps([seen[0]["headers"], seen[0]["body"]], default=str)
        assert "Fatima" not in sent and "fatima@" not in sent and "mbo@" not in sent
        assert bericht.aangeboden_op is not None and bericht.verzonden_op is None
        assert mailoutbox == []  # the worker sends it, not the request

    def test_a_second_delivery_of_the_same_id_sends_nothing(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            queue_email(**mail())
        bericht = OutboxBericht.objects.get()
        assert len(mailoutbox) == 1
        assert outbox_verstuur.apply(args=(bericht.pk,)).get() is False
        assert outbox_verstuur.apply(args=(bericht.pk,)).get() is False
        assert len(mailoutbox) == 1
        bericht.refresh_from_db()
        assert bericht.pogingen == 1

    def test_a_follow_up_task_is_queued_with_its_own_name_and_only_ids(
        self, django_capture_on_commit_callbacks
    ):
        with (
            broker("memory://"),
            published() as seen,
            django_capture_on_commit_callbacks(execute=True),
        ):
            outbox.schrijf_taak("overeenkomsten.tasks.render_overeenkomst_pdf", 123456)
        bericht = OutboxBericht.objects.get()
        assert list(seen[0]["body"][0]) == [bericht.pk]
        # The worker performs the row: the real task is queued with its own arguments, once.
        with broker("memory://"), published() as seen:
            assert outbox.verstuur(bericht.pk) is True
            assert outbox.verstuur(bericht.pk) is False
        assert [(m["task"], m["body"][0]) for m in seen] == [
            ("overeenkomsten.tasks.render_overeenkomst_pdf", (123456,))
        ]


class TestBrokerDown:
    def test_a_referral_succeeds_at_once_and_its_mail_waits_in_the_outbox(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(world.user(Role.VERWIJZER))
        started = time.monotonic()
        with broker(DOWN), django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("deelnemers:aanmelden"), referral())
        assert time.monotonic() - started < 5
        assert response.status_code == 302
        assert Deelnemer.objects.filter(achternaam="Ouali").exists()
        bericht = OutboxBericht.objects.get()
        assert bericht.verzonden_op is None and bericht.aangeboden_op is None
        assert bericht.argumenten["to"] == [world.user(Role.MBO_MEDEWERKER).email]
        assert mailoutbox == []

    def test_health_shows_the_broker_down_and_the_oldest_pending_age(self, client, settings):
        settings.CELERY_BROKER_URL = DOWN
        with transaction.atomic():
            oud = outbox.schrijf_taak("overeenkomsten.tasks.render_overeenkomst_pdf", 1)
            outbox.schrijf_taak("overeenkomsten.tasks.render_overeenkomst_pdf", 2)
        # (never committed in this test, so never dispatched: both stay pending)
        OutboxBericht.objects.filter(pk=oud).update(
            aangemaakt_op=timezone.now() - timedelta(minutes=7)
        )
        body = client.get(reverse("health")).json()
        assert body["status"] == "degraded"
        assert body["database"] == "ok" and body["broker"].startswith("error")
        assert body["outbox_pending"] == 2
        assert 420 <= body["outbox_oldest_pending_seconds"] < 480

    def test_health_is_200_while_the_broker_is_down_and_shows_no_backlog(self, client, settings):
        settings.CELERY_BROKER_URL = DOWN
        response = client.get(reverse("health"))
        assert response.status_code == 200  # the web still serves: nothing is lost
        assert response.json()["outbox_pending"] == 0
        assert response.json()["outbox_oldest_pending_seconds"] is None


class TestSweeper:
    def test_the_sweeper_sends_a_pending_row_once(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):  # the dispatch was lost
            queue_email(**mail())
        bericht = OutboxBericht.objects.get()
        assert outbox.veeg() == 0  # younger than a few seconds: left to its own dispatch
        later = timezone.now() + timedelta(minutes=1)
        assert outbox.veeg(nu=later) == 1
        assert outbox.veeg(nu=later) == 0
        assert outbox.veeg(alles=True, nu=later) == 0  # a worker start too
        assert [m.to for m in mailoutbox] == [["mbo@example.test"]]
        bericht.refresh_from_db()
        assert bericht.verzonden_op is not None

    def test_a_row_offered_but_lost_by_the_broker_is_offered_again_after_five_minutes(
        self, django_capture_on_commit_callbacks
    ):
        with broker("memory://"), django_capture_on_commit_callbacks(execute=True):
            outbox.schrijf_taak("overeenkomsten.tasks.render_overeenkomst_pdf", 1)
        with broker("memory://"), published() as seen:
            assert outbox.veeg(nu=timezone.now() + timedelta(minutes=1)) == 0
            assert outbox.veeg(nu=timezone.now() + timedelta(minutes=6)) == 1
        assert [m["task"] for m in seen] == ["praktijkleren.tasks.outbox_verstuur"]

    def test_a_failing_mail_keeps_its_error_and_stays_pending(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            queue_email(**mail(subject="Aanmelding\nBcc: iedereen@example.test"))  # refused
        bericht = OutboxBericht.objects.get()
        assert outbox.veeg(nu=timezone.now() + timedelta(minutes=1)) == 0
        bericht.refresh_from_db()
        assert bericht.verzonden_op is None and bericht.pogingen == 1
        assert bericht.laatste_fout

    def test_sent_rows_are_deleted_after_the_retention_period(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            oud = outbox.schrijf_email(**mail())
            recent = outbox.schrijf_email(**mail())
        with django_capture_on_commit_callbacks(execute=False):
            wachtend = outbox.schrijf_email(**mail())
        OutboxBericht.objects.filter(pk__in=[oud, wachtend]).update(
            aangemaakt_op=timezone.now() - timedelta(days=30)
        )
        OutboxBericht.objects.filter(pk=oud).update(
            verzonden_op=timezone.now() - timedelta(days=outbox.BEWAARDAGEN, hours=1)
        )
        assert outbox.ruim_op() == 1
        assert set(OutboxBericht.objects.values_list("pk", flat=True)) == {recent, wachtend}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return proc
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"redis-server did not start on port {port}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_referral_during_a_redis_outage_is_mailed_once_when_redis_and_a_worker_return(
    client, world, tmp_path, settings
):
    if connection.vendor != "postgresql":
        pytest.fail("the worker test needs the PostgreSQL test database (make test)")
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    mbo = world.user(Role.MBO_MEDEWERKER).email
    redis = _redis(port)
    worker = None
    try:
        with broker(url):
            _stop(redis)  # the outage
            client.force_login(world.user(Role.VERWIJZER))
            started = time.monotonic()
            response = client.post(reverse("deelnemers:aanmelden"), referral())
            assert response.status_code == 302
            assert time.monotonic() - started < 5
            bericht = OutboxBericht.objects.get()
            assert bericht.verzonden_op is None and bericht.aangeboden_op is None
            settings.CELERY_BROKER_URL = url
            health = client.get(reverse("health")).json()
            assert health["broker"].startswith("error") and health["outbox_pending"] == 1

            redis = _redis(port)  # redis returns, empty, and a worker starts
            db = connection.settings_dict
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.test",
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
                "CELERY_BROKER_URL": url,
                "TEST_CELERY_ALWAYS_EAGER": "0",
                "TEST_EMAIL_FILE_PATH": str(tmp_path),
            }
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "praktijkleren", "worker",
                 "--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
                 "-l", "WARNING"],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            # Beat's sweeper offers the row too, while the worker starts: still one e-mail.
            assert outbox.veeg(alles=True) == 1
            deadline = time.monotonic() + 25
            while time.monotonic() < deadline:
                assert worker.poll() is None, worker.stdout.read() if worker.stdout else "died"
                bericht.refresh_from_db()
                if bericht.verzonden_op is not None and _idle(port):
                    break
                time.sleep(0.2)
            assert bericht.verzonden_op is not None, "the worker did not send the mail in 25 s"
            written = "".join(f.read_text() for f in tmp_path.iterdir())
            assert written.count(f"To: {mbo}") == 1
            assert written.count("To: ") == 1
            assert client.get(reverse("health")).json()["outbox_pending"] == 0
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=20)
        _stop(redis)


def _idle(port: int) -> bool:
    """No message waits in the queue or is being worked on (acks late: `unacked`)."""
    import redis as redis_client

    r = redis_client.Redis(port=port)
    return r.llen("celery") == 0 and r.hlen("unacked") == 0
