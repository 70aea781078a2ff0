"""The lock files (requirements/*.txt, `make lock`) hold every dependency of pyproject.toml, at
a version pyproject.toml allows, with hashes: `make install`, CI and the image install only them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", path.read_text(), re.MULTILINE)
    return {_normalise(name): version for name, version in pins}


def _declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in extras:
        declared += project["optional-dependencies"][extra]
    return [Requirement(spec) for spec in declared]


@pytest.mark.parametrize(("lock", "extras"), [("prod.txt", ()), ("dev.txt", ("dev",))])
def test_every_dependency_is_locked_at_an_allowed_version(lock, extras):
    locked = _locked(ROOT / "requirements" / lock)
    stale = [
        f"{req} (locked: {locked.get(_normalise(req.name), 'missing')})"
        for req in _declared(*extras)
        if _normalise(req.name) not in locked
        or not req.specifier.contains(locked[_normalise(req.name)], prereleases=True)
    ]
    assert not stale, f"run `make lock`: requirements/{lock} is stale for {stale}"


@pytest.mark.parametrize("lock", ["prod.txt", "dev.txt"])
def test_every_pin_has_hashes(lock):
    text = (ROOT / "requirements" / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries
    for entry in entries:
        assert "==" in entry and "--hash=sha256:" in entry, entry[:200]


def test_the_image_and_make_install_use_the_locks():
    assert "--require-hashes -r requirements/prod.txt" in (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/dev.txt" in (ROOT / "Makefile").read_text()
