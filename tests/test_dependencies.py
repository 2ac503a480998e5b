"""requirements.lock holds every runtime dependency and the build back-end pyproject.toml
names, requirements-test.lock the test extras too, each at the declared version with the
hashes of its files: an install from them is reproducible (`make lock` renews both). The demo
installs the first alone, so no test tool is in it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


RUNTIME = "requirements.lock"
TEST = "requirements-test.lock"


def _locked(lock: str = RUNTIME) -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of every requirement in the lock."""
    text = (ROOT / lock).read_text()
    pins: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", block)
        if head:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            pins[canonicalize_name(head[1])] = (head[2], hashes)
    return pins


def _declared(group: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    if group == "test":
        names = project["project"]["optional-dependencies"]["test"]
    else:
        names = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("group", "lock"), [("runtime", RUNTIME), ("test", TEST)])
def test_every_declared_dependency_is_locked_at_its_version(group, lock):
    locked = _locked(lock)
    for requirement in _declared(group):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in {lock}: run `make lock`"
        version = locked[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement} but {lock} pins {version}: run `make lock`"
        )


def test_the_runtime_lock_holds_no_test_tool():
    """`make demo` installs requirements.lock alone: what only the tests need is not in it."""
    runtime = _locked(RUNTIME)
    for requirement in _declared("test"):
        assert canonicalize_name(requirement.name) not in runtime, requirement


def test_the_test_lock_agrees_with_the_runtime_lock():
    """The test extras are resolved within the runtime lock's pins (`-c requirements.lock`):
    a package in both has the same version and the same files."""
    runtime, test = _locked(RUNTIME), _locked(TEST)
    for name in runtime.keys() & test.keys():
        assert test[name] == runtime[name], name


@pytest.mark.parametrize("lock", [RUNTIME, TEST])
def test_every_locked_requirement_has_hashes_and_no_index_of_this_machine(lock):
    locked = _locked(lock)
    assert len(locked) > 30
    assert all(hashes for _version, hashes in locked.values())
    options = [line for line in (ROOT / lock).read_text().splitlines() if line.startswith("-")]
    assert options == [], "the lock names an index or wheel folder of the machine that made it"
