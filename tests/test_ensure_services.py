"""`make test` on a fresh machine: bin/ensure-services starts PostgreSQL and Redis and installs
Debian's chromium, or says in one line what to install when it cannot.

The script runs for real, with a PATH that holds only the programs it needs; what is "missing"
from the machine is simply not on that PATH, and a failing apt-get is a stub of the operating
system (not of our code)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "ensure-services"
# What the script calls, besides the programs a test leaves out or stubs.
TOOLS = ["bash", "env", "pg_isready", "redis-cli", "id", "seq", "sleep", "ls", "mktemp", "rm"]
TOOLS += ["grep", "tail", "msgfmt"]


def _bin(tmp_path: Path, *, stubs: dict[str, str]) -> Path:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in TOOLS:
        if tool in stubs:
            continue
        real = shutil.which(tool)
        if real is None:
            pytest.skip(f"{tool} is not installed on this machine")
        (bindir / tool).symlink_to(real)
    for name, script in stubs.items():
        stub = bindir / name
        stub.write_text("#!/bin/sh\n" + script + "\n")
        stub.chmod(0o755)
    return bindir


def _run(bindir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bindir / "bash"), str(SCRIPT)],
        env={"PATH": str(bindir), "HOME": os.environ.get("HOME", "/tmp")},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_failing_apt_get_ends_in_one_line_that_says_what_to_install(tmp_path: Path) -> None:
    bindir = _bin(
        tmp_path,
        stubs={"apt-get": 'echo "E: Could not get lock /var/lib/apt/lists/lock" >&2; exit 100'},
    )
    result = _run(bindir)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Install Debian's chromium: sudo apt-get install chromium" in lines[0]
    assert result.stdout == ""


def test_without_apt_get_it_says_what_to_install_and_fails(tmp_path: Path) -> None:
    result = _run(_bin(tmp_path, stubs={}))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "sudo apt-get install chromium" in lines[0]


def test_with_everything_in_place_it_installs_nothing_and_says_nothing(tmp_path: Path) -> None:
    # apt-get would fail if it were called: nothing is missing, so it is not.
    bindir = _bin(tmp_path, stubs={"chromium": "exit 0", "apt-get": "exit 100"})
    result = _run(bindir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_user_who_may_not_install_is_told_what_to_install(tmp_path: Path) -> None:
    # Not root and no sudo: apt-get is not even tried (it would fail here).
    bindir = _bin(tmp_path, stubs={"id": "echo 1000", "apt-get": "exit 100"})
    result = _run(bindir)
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert "Install Debian's chromium: sudo apt-get install chromium" in line
    assert "not root" in line
