"""gunicorn with production settings over the bench database, logged-in sessions for the
measured users, and the load of N concurrent clients (`bench/national.py`).

The server runs the production settings (`bench/_settings.py`) as docs/operations.md deploys
them (DEBUG off, persistent connections with health checks, Redis cache and broker, the second
factor required, static files collected with their manifest), only on plain HTTP at 127.0.0.1
and with 2 workers.
Sessions are written by a child process with the server's settings (their signature and the
user's session hash depend on its SECRET_KEY):

    python bench/_server.py sessions '{"role": user_id, ...}'   # prints {"role": session key}
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def server_env(database_url: str, redis_url: str, static_root: str) -> dict[str, str]:
    """The production environment of the server (and of the session writer)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "SITE_URL": "https://bench.praktijkleren.invalid",
        # Plain HTTP on the loopback: no redirect to HTTPS (a proxy terminates TLS in production).
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": static_root,
        "DB_CONN_MAX_AGE": "60",
    }


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def make_sessions(env: dict[str, str], users: dict[str, int]) -> dict[str, str]:
    out = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "sessions", json.dumps(users)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    env: dict[str, str]
    workers: int = 2
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Any = None

    def start(self) -> None:
        self.port = _free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "praktijkleren.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self._tail()}")
            try:
                if get(self.port, "/health/", {})[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /health/ within 60 s: {self._tail()}")

    def _tail(self) -> str:
        self.log.flush()
        lines = Path(self.log.name).read_text(errors="replace").strip().splitlines()
        return " | ".join(lines[-3:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """One GET on a new connection (gunicorn's sync workers close it): status, body size."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


@dataclass
class Load:
    """One burst: `clients` threads requesting one URL for `seconds` (each at least once)."""

    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    size: int = 0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load(port: int, path: str, headers: dict[str, str], *, clients: int, seconds: float) -> Load:
    result = Load()
    lock = threading.Lock()
    start = time.perf_counter()
    ends: list[float] = []

    def client() -> None:
        while True:
            t0 = time.perf_counter()
            status, size = get(port, path, headers)
            t1 = time.perf_counter()
            with lock:
                result.requests += 1
                result.latencies.append(t1 - t0)
                result.statuses.add(status)
                result.size = size
            if t1 - start >= seconds:
                with lock:
                    ends.append(t1)
                return

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = max(ends) - start
    return result


def _sessions_main(users: dict[str, int]) -> None:
    """Child process (server settings): a logged-in, second-factor-verified session per user."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pilots.sessies import ACTIEF, IDLE, START, idle_geldt
    from praktijkleren.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {"__cookie__": settings.SESSION_COOKIE_NAME}
    now = int(time.time())
    for role, pk in users.items():
        user = User.objects.get(pk=pk)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[START] = session[ACTIEF] = now
        session[IDLE] = idle_geldt(user)
        session.create()
        keys[role] = session.session_key
    try:  # figures and lists kept by an earlier run in this Redis database are never served
        from django.core.cache import cache

        from leerbanen.matching import MATCHING
        from monitoring.cijfers import VERSIE

        cache.delete_many([VERSIE, MATCHING.sleutel])
    except ImportError:
        pass
    print(json.dumps(keys))


def _vernieuw_main() -> None:
    """Child process (server settings): the kept matching lists are out of date, as after any
    save of a record they rest on; the next load ranks and renders again."""
    import django

    django.setup()
    from leerbanen.matching import MATCHING

    MATCHING.vernieuw()


def vernieuw_matching(env: dict[str, str]) -> None:
    subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "vernieuw-matching"], cwd=ROOT, env=env, check=True
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["sessions"]:
        sys.path.insert(0, str(ROOT))
        _sessions_main(json.loads(sys.argv[2]))
    elif sys.argv[1:2] == ["vernieuw-matching"]:
        sys.path.insert(0, str(ROOT))
        _vernieuw_main()
