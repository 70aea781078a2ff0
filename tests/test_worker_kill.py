"""A Celery worker killed with -9 in the middle of a PDF loses nothing: after the restart every
agreement version has exactly one PDF (file present, SHA-256 recorded, one file on disk).

Two ways a worker dies:
- its pool process is killed (the out-of-memory killer picks the process rendering): the worker
  gives the message back at once (`task_reject_on_worker_lost` with `task_acks_late`) and a new
  pool process renders it;
- the whole worker is killed (`docker kill -s KILL`): the message stays unacknowledged in Redis
  and a new worker takes it again after the `visibility_timeout` (shortened here, via the
  CELERY_VISIBILITY_TIMEOUT setting, so the test runs in a minute instead of 40).

The worker is a real `celery worker` subprocess against the test Redis and the test database.
To kill it mid-task, it is started with a task_prerun hook that notes which process took a PDF
task and then waits a few seconds before the real rendering runs."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from overeenkomsten.constants import PdfStatus
from overeenkomsten.models import OvereenkomstVersie
from pilots.roles import Role
from praktijkleren.celery import app as celery_app

from .overeenkomsten_support import genereer, klaar_traject

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 120  # seconds from the kill until every version has its PDF
SLEEP = 4  # seconds each PDF task waits before rendering: the moment to kill it

# The worker: the project's Celery app with its settings, on this test's own queues, with a hook
# that records "<pid> <task> <args>" and waits before every PDF task.
LAUNCHER = """
import os, sys, time
from celery.signals import task_prerun
from django.conf import settings
from praktijkleren.celery import app

queue = os.environ["TEST_QUEUE"]
app.conf.task_always_eager = False  # the test settings run tasks in-process; a worker does not
app.conf.task_default_queue = queue
app.conf.task_routes = {name: {"queue": queue + "-pdf"} for name in settings.PDF_TASKS}

@task_prerun.connect
def _slow_pdf(sender=None, args=None, **kwargs):
    if sender.name in settings.PDF_TASKS:
        with open(os.environ["TEST_PDF_MARKS"], "a") as marks:
            marks.write(f"{os.getpid()} {sender.name} {list(args or [])}\\n")
        time.sleep(float(os.environ["TEST_PDF_SLEEP"]))

app.worker_main(sys.argv[1:])
"""


class Workers:
    """Start and kill real workers of this test; each in its own process group."""

    def __init__(self, env: dict[str, str], queue: str, log_dir: Path) -> None:
        self.env, self.queue, self.log_dir = env, queue, log_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, pool: str) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker-{len(self.procs)}.log").open("wb")
        args = ["--pool", pool, "--concurrency", "1", "-Q", f"{self.queue},{self.queue}-pdf"]
        quiet = ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"]
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, "worker", *args, *quiet],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("*.log"))
        )

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture
def broker_on_test_queues() -> Iterator[str]:
    """This process sends to the test Redis, on queues of its own (removed afterwards)."""
    broker = os.environ.get("CELERY_BROKER_URL")
    assert broker, "make test sets CELERY_BROKER_URL to the machine's Redis"
    if connection.vendor != "postgresql":
        pytest.fail("the worker test needs the PostgreSQL test database (make test)")
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.task_default_queue, conf.task_routes, conf.broker_url)
    conf.task_always_eager = False
    conf.task_default_queue = queue
    conf.task_routes = {name: {"queue": f"{queue}-pdf"} for name in settings.PDF_TASKS}
    conf.broker_url = broker
    try:
        yield queue
    finally:
        (conf.task_always_eager, conf.task_default_queue, conf.task_routes, conf.broker_url) = saved
        import redis

        redis.Redis.from_url(broker).delete(queue, f"{queue}-pdf")


def _marks(path: Path) -> list[tuple[int, str, str]]:
    if not path.exists():
        return []
    lines = [line.split(" ", 2) for line in path.read_text().splitlines() if line.strip()]
    return [(int(pid), name, args) for pid, name, args in lines]


def _wait_for(condition: Any, timeout: float, workers: Workers, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not within {timeout} s\n{workers.logs()}")
        time.sleep(0.2)


def _pool_pid(worker_pid: int) -> int:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(worker_pid)], capture_output=True, text=True
    ).stdout
    return int(out.split()[0])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["pool-process", "whole-worker"])
def test_a_worker_killed_during_pdf_rendering_leaves_every_version_exactly_one_pdf(
    killed: str, world: Any, broker_on_test_queues: str, tmp_path: Path
) -> None:
    db = connection.settings_dict
    marks = tmp_path / "pdf-marks.txt"
    (tmp_path / "mail").mkdir()
    (tmp_path / "logs").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TEST_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "TEST_QUEUE": broker_on_test_queues,
        "TEST_PDF_MARKS": str(marks),
        "TEST_PDF_SLEEP": str(SLEEP),
        "CELERY_VISIBILITY_TIMEOUT": "10",
    }
    workers = Workers(env, broker_on_test_queues, tmp_path / "logs")
    try:
        first = workers.start("prefork" if killed == "pool-process" else "solo")
        traject = klaar_traject(world)
        genereer(traject, world.user(Role.MBO_MEDEWERKER))  # commits: three PDFs are queued
        versies = list(OvereenkomstVersie.objects.filter(overeenkomst__traject=traject))
        assert len(versies) == 3 and all(not v.pdf for v in versies)

        # A PDF task has started (its process is waiting before rendering): kill it now.
        _wait_for(lambda: _marks(marks), 60, workers, "a PDF task starting")
        victim, task, args = _marks(marks)[0]
        if killed == "pool-process":
            assert victim == _pool_pid(first.pid)
            os.kill(victim, signal.SIGKILL)  # the worker itself starts a new pool process
        else:
            assert victim == first.pid
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            workers.start("solo")
        killed_at = time.monotonic()

        def done() -> bool:
            return all(
                v.pdf and v.pdf_sha256
                for v in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)
            )

        _wait_for(done, DEADLINE, workers, "every version with its PDF after the kill")
        assert time.monotonic() - killed_at < DEADLINE
    finally:
        workers.stop_all()

    # The killed task really ran again, in another process.
    again = [(pid, n, a) for pid, n, a in _marks(marks) if (n, a) == (task, args)]
    assert len(again) >= 2 and again[-1][0] != victim, _marks(marks)
    folder = Path(settings.MEDIA_ROOT) / "overeenkomsten" / str(traject.pk)
    on_disk = sorted(p.name for p in folder.iterdir())
    assert len(on_disk) == 3, on_disk  # one file per version: nothing rendered twice
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject):
        assert versie.pdf_status == PdfStatus.KLAAR
        content = versie.pdf.read()
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == versie.pdf_sha256
        assert Path(versie.pdf.name).name in on_disk
