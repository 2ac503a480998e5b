"""requirements.lock holds every dependency pyproject.toml names, at the same version, each
with the hashes of its files: an install from it is reproducible (`make lock` renews it)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of every requirement in the lock."""
    text = (ROOT / "requirements.lock").read_text()
    pins: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", block)
        if head:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            pins[canonicalize_name(head[1])] = (head[2], hashes)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
    ]
    names += project["build-system"]["requires"]
    return [Requirement(name) for name in names]


def test_every_declared_dependency_is_locked_at_its_version():
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in requirements.lock: run `make lock`"
        version = locked[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement} but the lock pins {version}: run `make lock`"
        )


def test_every_locked_requirement_has_hashes_and_no_index_of_this_machine():
    locked = _locked()
    assert len(locked) > 50
    assert all(hashes for _version, hashes in locked.values())
    options = [
        line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.startswith("-")
    ]
    assert options == [], "the lock names an index or wheel folder of the machine that made it"
